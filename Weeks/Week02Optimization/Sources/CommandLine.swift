// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named. Every command but demo
// prints one JSON line with --json.

import Shared

public enum Week02CommandLine {
    static let json = Option.json("print one JSON line (the last line of output) instead of tables")
    static let seed = Option.seed(default: 0)

    public static func cli(demo: @escaping Subcommand.Handler, minimize: @escaping Subcommand.Handler,
                           mcmc: @escaping Subcommand.Handler, bootstrap: @escaping Subcommand.Handler,
                           abtest: @escaping Subcommand.Handler, gmm: @escaping Subcommand.Handler,
                           tsne: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week02Optimization",
            summary: "optimizers (torch.optim's rules), augmented Lagrangian, Bayes/bootstrap/A-B, KL, Metropolis–Hastings, EM, t-SNE",
            commands: [
                Subcommand("demo", summary: "the week's tour: optimizer race on four test functions, augmented Lagrangian, Bayes, entropy/KL, bootstrap of sunspots, A/B simulation, MH, EM on iris, t-SNE of digits",
                           options: [.int("points", default: 1000, range: .atLeast(5), help: "digits embedded by t-SNE"), seed], run: demo),
                Subcommand("minimize", summary: "run one optimizer on one test function; final line {\"point\": [x, y], \"value\": f, \"steps\": N}",
                           options: [.string("function", "NAME", default: "rosenbrock", help: "rosenbrock | beale | booth | quadratic (½(x² + 100y²), κ = 100)"),
                                     .string("optimizer", "NAME", default: "adam", help: "gd | momentum | nesterov | adagrad | rmsprop | adam | adamw; momentum/nesterov use 0.9"),
                                     .double("lr", "X", range: .above(0), whenAbsent: "the race's tuned rate for the function and optimizer, see README", help: "learning rate"),
                                     .int("steps", default: RaceSettings.maxSteps, range: 0...100_000_000, help: "optimizer steps"),
                                     .string("start", "X,Y", whenAbsent: "-1.5,2; beale 1,1", help: "start point"),
                                     json],
                           run: minimize),
                Subcommand("mcmc", summary: "random-walk Metropolis–Hastings on a known 1-D target: mean, variance, acceptance rate, effective sample size",
                           options: [.string("target", "NAME", default: "mixture", help: "mixture (0.3·N(−2, 0.5²) + 0.7·N(3, 1)) | normal"),
                                     .double("mean", default: 0, help: "normal target's mean"),
                                     .double("sd", default: 1, range: .above(0), help: "normal target's standard deviation"),
                                     .int("samples", default: 50_000, range: .atLeast(10), help: "samples kept after burn-in"),
                                     .double("step", default: 2.5, range: .above(0), help: "proposal standard deviation"),
                                     .int("burn-in", default: 1000, range: .atLeast(0), help: "samples discarded first"),
                                     seed, json],
                           run: mcmc),
                Subcommand("bootstrap", arguments: "FILE", positionals: 1...1,
                           summary: "percentile bootstrap confidence interval of a CSV column's mean or median",
                           options: [.string("column", "NAME", whenAbsent: "the last numeric column", help: "the column"),
                                     .int("resamples", "B", default: 2000, range: .atLeast(10), help: "bootstrap resamples"),
                                     .double("confidence", "C", default: 0.95, range: .between(0, 1), help: "confidence level"),
                                     .string("statistic", "NAME", default: "mean", help: "mean | median"),
                                     seed, json],
                           run: bootstrap),
                Subcommand("abtest", summary: "simulate conversion A/B tests: z-test power and false-positive rate, Bayesian P(B > A)",
                           options: [.double("rate-a", "P", default: 0.10, range: .between(0, 1), help: "conversion rate of A"),
                                     .double("rate-b", "P", default: 0.12, range: .between(0, 1), help: "conversion rate of B"),
                                     .int("n", default: 2000, range: .atLeast(1), help: "visitors per arm per test"),
                                     .int("trials", default: 1000, range: .atLeast(1), help: "simulated tests"),
                                     .double("alpha", "A", default: 0.05, range: .between(0, 1), help: "z-test significance level"),
                                     .double("threshold", "P", default: 0.95, range: .between(0, 1), help: "ship B when P(B > A) exceeds this"),
                                     seed, json],
                           run: abtest),
                Subcommand("gmm", arguments: "FILE", positionals: 1...1,
                           summary: "Gaussian mixture by EM on a CSV's numeric columns: log-likelihood per iteration, weights, means",
                           options: [.int("k", "K", default: 3, range: .atLeast(1), help: "components"),
                                     .string("covariance", "TYPE", default: "full", help: "full | diagonal"),
                                     .string("columns", "A,B,…", whenAbsent: "every numeric column but 'target'", help: "feature columns"),
                                     .int("max-iterations", default: 200, range: .atLeast(1), help: "EM iterations at most"),
                                     .double("reg", default: 1e-6, range: .atLeast(0), help: "added to covariance diagonals"),
                                     .int("restarts", default: 5, range: .atLeast(1), help: "EM runs from different k-means++ starts; the best is kept"),
                                     seed, json],
                           run: gmm),
                Subcommand("tsne", arguments: "FILE", positionals: 1...1,
                           summary: "exact t-SNE of a CSV's numeric columns ('target' colours the points) → scatter SVG and embedding CSV",
                           options: [.double("perplexity", default: 30, range: .above(1), help: "target perplexity, below the number of points − 1"),
                                     .int("iterations", default: 1000, range: .atLeast(1), help: "gradient-descent iterations"),
                                     .int("points", range: .atLeast(5), whenAbsent: "all", help: "embed a seeded random subset of N rows"),
                                     .choice("init", ["pca", "random"], default: "pca", help: "initial embedding"),
                                     .out(whenAbsent: "Output/Week02Optimization/tsne-<file>.svg", "FILE.svg", help: "scatter plot"),
                                     seed, json],
                           run: tsne),
                Subcommand("bench", summary: "exact t-SNE and EM time vs scikit-learn's on the same data and settings (python3 child process)",
                           options: [.int("points", default: 500, range: 50...1797, help: "digits embedded by t-SNE (1797 = all)"), json], run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, minimize: { _ in }, mcmc: { _ in }, bootstrap: { _ in }, abtest: { _ in },
                                   gmm: { _ in }, tsne: { _ in }, bench: { _ in })
}
