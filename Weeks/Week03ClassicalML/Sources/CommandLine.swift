// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name (`evaluate`'s is in the library, EvaluateCommand.swift); `demo`, the first,
// runs when no command is named.

import Shared

public enum Week03CommandLine {
    public static func cli(demo: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler,
                           kmeans: @escaping Subcommand.Handler, pipeline: @escaping Subcommand.Handler,
                           predict: @escaping Subcommand.Handler, montecarlo: @escaping Subcommand.Handler,
                           fashionModels: [String]) -> CLI {
        CLI(
            program: "Week03ClassicalML",
            summary: "classical machine learning from scratch: linear models, logistic, kNN, naive Bayes, trees, forests, boosting, SVM, k-means",
            commands: [
                Subcommand("demo", summary: "the week's tour: every model on iris/wine/breast cancer/diabetes/digits beside scikit-learn, Fashion-MNIST, k-means, SHAP, calibration, imbalance, pipelines, Monte Carlo",
                           options: [.flag("skip-fashion", "leave out the Fashion-MNIST section (about a minute)"),
                                     .flag("no-reference", "do not run scikit-learn for the comparison columns"),
                                     .seed(default: 0, help: "seed for the random parts")],
                           run: demo),
                EvaluateCommand.subcommand,
                Subcommand("bench", summary: "fit/predict time of every model and scikit-learn's on the same splits (medians), plus Fashion-MNIST",
                           options: [.int("repeats", default: 3, range: .atLeast(1), help: "timed repeats per fit (median)"),
                                     .flag("skip-fashion", "only the small datasets"),
                                     .flag("skip-small", "only Fashion-MNIST"),
                                     .string("fashion-models", "LIST", default: fashionModels.joined(separator: ","),
                                             help: "Fashion-MNIST models to run, comma-separated"),
                                     .flag("no-reference", "do not run scikit-learn"),
                                     .json("one JSON line per measurement")],
                           run: bench),
                Subcommand("kmeans", arguments: "FILE", positionals: 1...1, summary: "k-means++ on a CSV's numeric columns: inertia, silhouette, stability across seeds",
                           options: [.int("k", "K", default: 3, range: .atLeast(1), help: "clusters"), .seed(default: 0, help: "first seed"),
                                     .string("drop", "COLUMN", help: "a column to leave out (e.g. the label)")],
                           run: kmeans),
                Subcommand("pipeline", summary: "fit encoder → scaler → model on --train, save it as JSON, reload it and check offline/online skew on --test",
                           options: EvaluateCommand.modelOptions + [.path("train", "FILE", help: "training CSV (required)"),
                                                                    .path("test", "FILE", whenAbsent: "--train", help: "CSV to check"),
                                                                    .out(whenAbsent: "Output/Week03ClassicalML/pipeline.json", "FILE", help: "where to save")],
                           run: pipeline),
                Subcommand("predict", arguments: "FILE", positionals: 1...1, summary: "predict every row of FILE with a saved pipeline (one row at a time, as a service would)",
                           options: [.path("pipeline", "FILE", help: "the saved pipeline JSON (required)")], run: predict),
                Subcommand("montecarlo", summary: "Monte Carlo estimates of π and ∫₀¹e^{−x²}dx with standard errors for n = 10²…10⁷",
                           options: [.seed(default: 0)], run: montecarlo),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, bench: { _ in }, kmeans: { _ in }, pipeline: { _ in }, predict: { _ in },
                                   montecarlo: { _ in }, fashionModels: ["logistic"])
}
