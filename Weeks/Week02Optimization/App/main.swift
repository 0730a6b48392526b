// Week02Optimization: the executable. With no command it runs the week's tour (optimizer race,
// constrained optimisation, probability, MCMC, EM and t-SNE); the other commands apply each tool
// to the user's own settings and files. Every command prints one JSON line with --json.

import Foundation
import Shared
import Week02Optimization

let json = Option.flag("json", "print one JSON line (the last line of output) instead of tables")
let seed = Option.value("seed", "N", "random seed (default 0)")

let cli = CLI(
    program: "Week02Optimization",
    summary: "optimizers (torch.optim's rules), augmented Lagrangian, Bayes/bootstrap/A-B, KL, Metropolis–Hastings, EM, t-SNE",
    commands: [
        Subcommand("demo", summary: "the week's tour: optimizer race on four test functions, augmented Lagrangian, Bayes, entropy/KL, bootstrap of sunspots, A/B simulation, MH, EM on iris, t-SNE of digits",
                   options: [.value("tsne-points", "N", "digits embedded by t-SNE (default 1000)"), seed]),
        Subcommand("minimize", summary: "run one optimizer on one test function; final line {\"point\": [x, y], \"value\": f, \"steps\": N}",
                   options: [.value("function", "NAME", "rosenbrock (default) | beale | booth | quadratic (½(x² + 100y²), κ = 100)"),
                             .value("optimizer", "NAME", "gd | momentum | nesterov | adagrad | rmsprop | adam (default) | adamw; momentum/nesterov use 0.9"),
                             .value("lr", "X", "learning rate (default: the race's tuned rate for the function and optimizer, see README)"),
                             .value("steps", "N", "optimizer steps (default 20000)"),
                             .value("start", "X,Y", "start point (default -1.5,2; beale 1,1)"),
                             json]),
        Subcommand("mcmc", summary: "random-walk Metropolis–Hastings on a known 1-D target: mean, variance, acceptance rate, effective sample size",
                   options: [.value("target", "NAME", "mixture (default: 0.3·N(−2, 0.5²) + 0.7·N(3, 1)) | normal"),
                             .value("mean", "X", "normal target's mean (default 0)"),
                             .value("sd", "X", "normal target's standard deviation (default 1)"),
                             .value("samples", "N", "samples kept after burn-in (default 50000)"),
                             .value("step", "X", "proposal standard deviation (default 2.5)"),
                             .value("burn-in", "N", "samples discarded first (default 1000)"),
                             seed, json]),
        Subcommand("bootstrap", arguments: "FILE", positionals: 1...1,
                   summary: "percentile bootstrap confidence interval of a CSV column's mean or median",
                   options: [.value("column", "NAME", "the column (default: the last numeric column)"),
                             .value("resamples", "B", "bootstrap resamples (default 2000)"),
                             .value("confidence", "C", "confidence level (default 0.95)"),
                             .value("statistic", "NAME", "mean (default) | median"),
                             seed, json]),
        Subcommand("abtest", summary: "simulate conversion A/B tests: z-test power and false-positive rate, Bayesian P(B > A)",
                   options: [.value("rate-a", "P", "conversion rate of A (default 0.10)"),
                             .value("rate-b", "P", "conversion rate of B (default 0.12)"),
                             .value("n", "N", "visitors per arm per test (default 2000)"),
                             .value("trials", "N", "simulated tests (default 1000)"),
                             .value("alpha", "A", "z-test significance level (default 0.05)"),
                             .value("threshold", "P", "ship B when P(B > A) exceeds this (default 0.95)"),
                             seed, json]),
        Subcommand("gmm", arguments: "FILE", positionals: 1...1,
                   summary: "Gaussian mixture by EM on a CSV's numeric columns: log-likelihood per iteration, weights, means",
                   options: [.value("k", "K", "components (default 3)"),
                             .value("covariance", "TYPE", "full (default) | diagonal"),
                             .value("columns", "A,B,…", "feature columns (default: every numeric column but 'target')"),
                             .value("max-iterations", "N", "EM iterations at most (default 200)"),
                             .value("reg", "X", "added to covariance diagonals (default 1e-6)"),
                             .value("restarts", "N", "EM runs from different k-means++ starts; the best is kept (default 5)"),
                             seed, json]),
        Subcommand("tsne", arguments: "FILE", positionals: 1...1,
                   summary: "exact t-SNE of a CSV's numeric columns ('target' colours the points) → scatter SVG and embedding CSV",
                   options: [.value("perplexity", "X", "target perplexity (default 30)"),
                             .value("iterations", "N", "gradient-descent iterations (default 1000)"),
                             .value("points", "N", "embed a seeded random subset of N rows (default: all)"),
                             .value("init", "NAME", "pca (default) | random"),
                             .value("out", "FILE.svg", "scatter plot (default Output/Week02Optimization/tsne-<file>.svg)"),
                             seed, json]),
        Subcommand("bench", summary: "exact t-SNE and EM time vs scikit-learn's on the same data and settings (python3 child process)",
                   options: [.value("points", "N", "digits embedded by t-SNE (default 500)"), json]),
    ])

cli.main { invocation in
    switch invocation.command {
    case "demo": try Demo.run(tsnePoints: try invocation.int("tsne-points", default: 1000), seed: try Commands.seed(invocation))
    case "minimize": try Commands.minimize(invocation)
    case "mcmc": try Commands.mcmc(invocation)
    case "bootstrap": try Commands.bootstrap(invocation)
    case "abtest": try Commands.abtest(invocation)
    case "gmm": try Commands.gmm(invocation)
    case "tsne": try Commands.tsne(invocation)
    case "bench": try Bench.run(points: try invocation.int("points", default: 500), json: invocation.flag("json"))
    default: throw UsageError("unknown command '\(invocation.command)'")
    }
}
