// Week03ClassicalML: the executable. With no command it runs the week's tour: every model on the
// five scikit-learn datasets beside scikit-learn's figures on the same splits, then Fashion-MNIST,
// then k-means, attributions, calibration, class imbalance, pipeline skew and Monte Carlo.
// The other commands apply the models to the user's own CSV files.

import Foundation
import Shared
import Week03ClassicalML

let modelOptions = EvaluateCommand.modelOptions

let cli = CLI(
    program: "Week03ClassicalML",
    summary: "classical machine learning from scratch: linear models, logistic, kNN, naive Bayes, trees, forests, boosting, SVM, k-means",
    commands: [
        Subcommand("demo", summary: "the week's tour: every model on iris/wine/breast cancer/diabetes/digits beside scikit-learn, Fashion-MNIST, k-means, SHAP, calibration, imbalance, pipelines, Monte Carlo",
                   options: [.flag("skip-fashion", "leave out the Fashion-MNIST section (about a minute)"),
                             .flag("no-reference", "do not run scikit-learn for the comparison columns"),
                             .value("seed", "N", "seed for the random parts (default 0)")]),
        EvaluateCommand.subcommand,
        Subcommand("bench", summary: "fit/predict time of every model and scikit-learn's on the same splits (medians), plus Fashion-MNIST",
                   options: [.value("repeats", "N", "timed repeats per fit (median; default 3)"),
                             .flag("skip-fashion", "only the small datasets"),
                             .flag("skip-small", "only Fashion-MNIST"),
                             .value("fashion-models", "LIST", "Fashion-MNIST models to run (default logistic,tree,forest,kmeans)"),
                             .flag("no-reference", "do not run scikit-learn"),
                             .flag("json", "one JSON line per measurement")]),
        Subcommand("kmeans", arguments: "FILE", positionals: 1...1, summary: "k-means++ on a CSV's numeric columns: inertia, silhouette, stability across seeds",
                   options: [.value("k", "K", "clusters (default 3)"), .value("seed", "N", "first seed (default 0)"),
                             .value("drop", "COLUMN", "a column to leave out (e.g. the label)")]),
        Subcommand("pipeline", summary: "fit encoder → scaler → model on --train, save it as JSON, reload it and check offline/online skew on --test",
                   options: modelOptions + [.value("train", "FILE", "training CSV"), .value("test", "FILE", "CSV to check (default --train)"),
                                            .value("out", "FILE", "where to save (default Output/Week03ClassicalML/pipeline.json)")]),
        Subcommand("predict", arguments: "FILE", positionals: 1...1, summary: "predict every row of FILE with a saved pipeline (one row at a time, as a service would)",
                   options: [.value("pipeline", "FILE", "the saved pipeline JSON (required)")]),
        Subcommand("montecarlo", summary: "Monte Carlo estimates of π and ∫₀¹e^{−x²}dx with standard errors for n = 10²…10⁷",
                   options: [.value("seed", "N", "seed (default 0)")]),
    ])

func fashionModels(_ text: String?) throws -> [String] {
    guard let text else { return FashionRun.models }
    let list = text.split(separator: ",").map(String.init)
    for m in list where !FashionRun.models.contains(m) {
        throw UsageError("--fashion-models: unknown '\(m)' (choose from \(FashionRun.models.joined(separator: ",")))")
    }
    return list
}

cli.main { invocation in
    switch invocation.command {
    case "demo":
        try Demo.run(fashion: !invocation.flag("skip-fashion"), reference: !invocation.flag("no-reference"),
                     seed: UInt64(try invocation.int("seed", default: 0)))
    case "evaluate": for line in try EvaluateCommand.run(invocation) { print(line) }
    case "bench":
        try Bench.run(repeats: try invocation.int("repeats", default: 3), small: !invocation.flag("skip-small"),
                      fashion: !invocation.flag("skip-fashion"), reference: !invocation.flag("no-reference"), json: invocation.flag("json"),
                      fashionModels: try fashionModels(invocation.string("fashion-models")))
    case "kmeans": try ClusterCommand.run(invocation)
    case "pipeline": try PipelineCommand.fit(invocation)
    case "predict": try PipelineCommand.predict(invocation)
    case "montecarlo": Tour.monteCarlo(seed: UInt64(try invocation.int("seed", default: 0)))
    default: break
    }
}
