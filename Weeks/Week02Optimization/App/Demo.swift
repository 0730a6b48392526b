// The default run: a tour of the week on real data. Every figure printed is computed here and
// now; the SVG files go to Output/Week02Optimization/.

import Foundation
import Shared
import Week01LinearAlgebra
import Week02Optimization

enum Demo {
    static func run(tsnePoints: Int, seed: UInt64) throws {
        let out = try Project.outputDirectory("Week02Optimization")
        let start = Timing.now()
        print("Week02Optimization — seed \(seed)\n")
        print("== 1. Optimizer race: seven torch.optim update rules on four test functions")
        try race(out: out)
        print("\n== 2. Constrained optimisation by the augmented Lagrangian")
        constrained()
        print("\n== 3. Bayes' rule")
        try bayes()
        print("\n== 4. Entropy, cross-entropy and KL divergence (bits)")
        try information()
        print("\n== 5. Bootstrap confidence intervals")
        try bootstrap(seed: seed)
        print("\n== 6. A/B test simulation")
        let ab = try ABTest.simulate(ABTestSettings(rateA: 0.10, rateB: 0.12, visitors: 2000, trials: 400, seed: seed))
        print(Commands.abtestText(ab))
        print("\n== 7. Metropolis–Hastings on \(MCMCTarget.bimodal.name)")
        try mcmc(seed: seed)
        print("\n== 8. Gaussian mixture by EM on iris (4 features, 3 components, full covariance, best of 5 starts)")
        let iris = try FeatureTable.load(try Dataset.sklearn.file("iris.csv"))
        let model = try GaussianMixture.fit(iris.features, components: 3, restarts: 5, seed: seed)
        print(gmmReport(model, featureNames: iris.featureNames,
                        purity: try iris.labels.map { try purity(predicted: model.predict(iris.features), labels: $0) }))
        print("\n== 9. t-SNE of \(tsnePoints) handwritten digits (8×8, scikit-learn's digits)")
        let digits = try FeatureTable.load(try Dataset.sklearn.file("digits.csv")).subset(tsnePoints, seed: seed)
        var settings = TSNESettings()
        settings.seed = seed
        _ = try runTSNE(digits, settings: settings, title: "t-SNE of \(digits.features.rows) digits (perplexity 30)",
                        svg: out.appendingPathComponent("tsne-digits.svg"), quiet: false)
        print(String(format: "\nThe whole tour took %.1f s. Commands for your own settings and files: swift run Week02Optimization --help",
                     Timing.now() - start))
    }

    // MARK: 1. Race

    static func race(out: URL) throws {
        print("tolerance: within \(RaceSettings.tolerance) of the minimum; budget \(RaceSettings.maxSteps) steps; "
              + "momentum 0.9; learning rates tuned per function (README)\n")
        var rosenbrockSeries: [Series] = []
        for function in TestFunction.allCases {
            print("\(function.rawValue): f = \(function.formula), minimum (\(function.minimum.map { Commands.format($0) }.joined(separator: ", "))), "
                  + "start (\(function.defaultStart.map { Commands.format($0) }.joined(separator: ", ")))")
            var table = TextTable(["optimizer", "lr", "steps to tol", "final x", "final y", "final f", "final distance"])
            var series: [Series] = []
            for kind in OptimizerKind.allCases {
                let r = RaceResult.run(function, kind)
                let p = r.trajectory.finalPoint
                table.add([kind.rawValue, Commands.format(r.lr), r.stepsToTolerance.map(String.init) ?? "–",
                           Commands.format(p[0], 7), Commands.format(p[1], 7), String(format: "%.2e", r.trajectory.finalValue),
                           String(format: "%.1e", Minimizer.distance(p, function.minimum))])
                series.append(thinned(name: kind.rawValue, r.trajectory.values.map { Swift.max($0 - function.minimumValue, 1e-30) }, points: 400))
            }
            print(table.render())
            let svg = out.appendingPathComponent("convergence-\(function.rawValue).svg")
            try SVGPlot.save(SVGPlot.line(title: "\(function.rawValue): f − f* by step", xLabel: "step", yLabel: "f − f*",
                                          series: series, logY: true), to: svg)
            print("   convergence curves: \(Project.display(svg))\n")
            if function == .rosenbrock { rosenbrockSeries = series }
        }
        // The paths themselves on Rosenbrock: the first 2000 steps in the (x, y) plane.
        let paths = OptimizerKind.allCases.map { kind -> Series in
            let t = Minimizer.run(.rosenbrock, kind, steps: 2000)
            return Series(name: kind.rawValue, x: t.points.map { $0[0] }, y: t.points.map { $0[1] })
        }
        let pathFile = out.appendingPathComponent("paths-rosenbrock.svg")
        try SVGPlot.save(SVGPlot.line(title: "Rosenbrock: the first 2000 steps from (−1.5, 2)", xLabel: "x", yLabel: "y", series: paths), to: pathFile)
        print("paths on the Rosenbrock plane: \(Project.display(pathFile))")
        print("\nRosenbrock, f − f* by step (log scale; the budget is \(RaceSettings.maxSteps) steps):")
        let chosen = rosenbrockSeries.filter { ["gd", "momentum", "adagrad", "adam"].contains($0.name) }
        print(TerminalChart.render(chosen, logY: true))
    }

    /// At most `points` evenly spaced samples of a curve (for plots).
    static func thinned(name: String, _ values: [Double], points: Int = 200) -> Series {
        let stride = Swift.max(1, values.count / points)
        var indices = Array(Swift.stride(from: 0, to: values.count, by: stride))
        if let last = indices.last, last != values.count - 1 { indices.append(values.count - 1) }
        return Series(name: name, x: indices.map(Double.init), y: indices.map { values[$0] })
    }

    // MARK: 2. Augmented Lagrangian

    static func constrained() {
        print("minimise x + y subject to x² + y² = 1 (from (1, 0)); exact: x = y = −1/√2 ≈ −0.707107, λ = 1/√2 ≈ 0.707107 for L = f + λc")
        let circle = Constraint.equality("x² + y² − 1", value: { $0[0] * $0[0] + $0[1] * $0[1] - 1 }, gradient: { [2 * $0[0], 2 * $0[1]] })
        let result = AugmentedLagrangian.minimize(start: [1, 0], objective: { $0[0] + $0[1] }, gradient: { _ in [1, 1] }, constraints: [circle])
        print(lagrangianTable(result))
        print(String(format: "solution (%.8f, %.8f), multiplier λ = %.8f, |c(x)| = %.1e, %@", result.point[0], result.point[1],
                     result.multipliers[0], result.violation, result.converged ? "converged" : "NOT converged"))
        print("\nwith an inequality: minimise (x − 2)² + (y − 1)² subject to x + y ≤ 1; exact: (1, 0), λ = 2")
        let halfPlane = Constraint.inequality("x + y − 1", value: { $0[0] + $0[1] - 1 }, gradient: { _ in [1, 1] })
        let second = AugmentedLagrangian.minimize(start: [0, 0], objective: { ($0[0] - 2) * ($0[0] - 2) + ($0[1] - 1) * ($0[1] - 1) },
                                                  gradient: { [2 * ($0[0] - 2), 2 * ($0[1] - 1)] }, constraints: [halfPlane])
        print(String(format: "solution (%.8f, %.8f), multiplier λ = %.8f after %d outer iterations", second.point[0], second.point[1],
                     second.multipliers[0], second.history.count))
    }

    static func lagrangianTable(_ result: AugmentedLagrangianResult) -> String {
        var table = TextTable(["outer", "penalty μ", "BFGS steps", "x", "y", "λ", "|c(x)|"])
        for (i, h) in result.history.enumerated() {
            table.add(["\(i + 1)", Commands.format(h.penalty), "\(h.innerSteps)", String(format: "%.8f", h.point[0]),
                       String(format: "%.8f", h.point[1]), String(format: "%.8f", h.multipliers[0]), String(format: "%.1e", h.violation)])
        }
        return table.render()
    }

    // MARK: 3–4. Bayes and information

    static func bayes() throws {
        let posterior = try Bayes.posterior(prior: [0.01, 0.99], likelihood: [0.99, 0.05])
        print(String(format: "A test 99%% sensitive and 95%% specific, for a condition 1%% have: P(condition | positive) = %.4f (exactly 1/6)", posterior[0]))
        print("\nA conversion rate with a Beta(1, 1) prior, updated batch by batch (conjugacy: Beta(α + k, β + n − k)):")
        var belief = try BetaDistribution(alpha: 1, beta: 1)
        var table = TextTable(["after", "successes / trials", "posterior", "mean", "95% credible interval"])
        table.add(["prior", "–", "Beta(1, 1)", String(format: "%.3f", belief.mean), "[0.025, 0.975]"])
        for (i, (k, n)) in [(3, 20), (9, 50), (24, 200), (118, 1000)].enumerated() {
            belief = try belief.updated(successes: k, trials: n)
            let ci = belief.credibleInterval()
            table.add(["batch \(i + 1)", "\(k) / \(n)", "Beta(\(Int(belief.alpha)), \(Int(belief.beta)))", String(format: "%.4f", belief.mean),
                       String(format: "[%.4f, %.4f]", ci.lower, ci.upper)])
        }
        print(table.render())
    }

    static func information() throws {
        let cases: [(String, [Double], String, [Double])] = [
            ("fair coin", [0.5, 0.5], "biased coin (0.9, 0.1)", [0.9, 0.1]),
            ("biased coin (0.9, 0.1)", [0.9, 0.1], "fair coin", [0.5, 0.5]),
            ("fair die", [Double](repeating: 1.0 / 6, count: 6), "loaded die (½ on six)", [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]),
            ("loaded die (½ on six)", [0.1, 0.1, 0.1, 0.1, 0.1, 0.5], "fair die", [Double](repeating: 1.0 / 6, count: 6)),
            ("fair die", [Double](repeating: 1.0 / 6, count: 6), "fair die", [Double](repeating: 1.0 / 6, count: 6)),
        ]
        var table = TextTable(["p", "q", "H(p)", "H(p, q)", "KL(p‖q)", "H(p) + KL(p‖q)"])
        for (pName, p, qName, q) in cases {
            let h = try Information.entropy(p, base: 2), ce = try Information.crossEntropy(p, q, base: 2), kl = try Information.klDivergence(p, q, base: 2)
            table.add([pName, qName, String(format: "%.4f", h), String(format: "%.4f", ce), String(format: "%.4f", kl), String(format: "%.4f", h + kl)])
        }
        print(table.render())
        print("KL is not symmetric (rows 1–2, 3–4), is 0 only for p = q (row 5), and H(p, q) = H(p) + KL(p‖q) (last two columns).")
    }

    // MARK: 5. Bootstrap

    static func bootstrap(seed: UInt64) throws {
        let url = try Dataset.statsmodels.file("sunspots.csv")
        let (column, values) = try FeatureTable.column(url, named: "SUNACTIVITY")
        for statistic in BootstrapStatistic.allCases {
            let ci = try Bootstrap.percentileInterval(values, statistic: statistic, resamples: 2000, seed: seed)
            print(String(format: "sunspots %@ (%d years, 1700–2008): %@ = %.2f, 95%% percentile interval [%.2f, %.2f] (2000 resamples)",
                         column, values.count, statistic.rawValue, ci.estimate, ci.lower, ci.upper))
        }
        // Coverage: how often does the interval contain the truth? 400 samples of 50 from N(10, 2²).
        var rng = SplitMix64(seed: seed &+ 1)
        var covered = 0
        let samples = 400
        for s in 0..<samples {
            let data = (0..<50).map { _ in 10 + 2 * rng.nextGaussian() }
            if try Bootstrap.percentileInterval(data, resamples: 1000, seed: UInt64(s)).contains(10) { covered += 1 }
        }
        print(String(format: "coverage check: the 95%% interval of the mean contained the true mean in %d of %d simulated samples (%.1f%%)",
                     covered, samples, 100 * Double(covered) / Double(samples)))
    }

    // MARK: 7. MCMC

    static func mcmc(seed: UInt64) throws {
        let target = MCMCTarget.bimodal
        print(String(format: "true mean %.4f, true variance %.4f; 20000 samples after 1000 burn-in for each proposal width", target.mean, target.variance))
        var table = TextTable(["proposal sd", "acceptance", "mean", "variance", "ESS", "autocorrelation time"])
        for step in [0.1, 1.0, 2.5, 10, 50] {
            let r = try MetropolisHastings.sample(target, samples: 20000, proposalSD: step, start: target.mean, seed: seed)
            table.add([Commands.format(step), String(format: "%.3f", r.acceptanceRate), String(format: "%.3f", r.mean), String(format: "%.3f", r.variance),
                       String(format: "%.0f", r.effectiveSampleSize), String(format: "%.1f", r.autocorrelationTime)])
        }
        print(table.render())
        print("Too small a step accepts nearly everything but barely moves (and may never cross to the other mode); too large a step is")
        print("rarely accepted. Both waste samples: the effective sample size peaks in between.")
    }

    // MARK: 8. GMM

    static func gmmReport(_ model: GaussianMixture, featureNames: [String], purity: Double?) -> String {
        var lines: [String] = []
        let history = model.logLikelihoodHistory
        var table = TextTable(["iteration", "log-likelihood", "change"])
        let shown = Set([0, 1, 2, 3, 5, 10, 20, 50, 100, history.count - 1])
        for i in history.indices where shown.contains(i) {
            table.add(["\(i)", String(format: "%.6f", history[i]), i == 0 ? "–" : String(format: "%+.3e", history[i] - history[i - 1])])
        }
        lines.append(table.render())
        let largestDrop = zip(history.dropFirst(), history).map { $1 - $0 }.max() ?? 0
        lines.append("\(model.iterations) iterations, \(model.converged ? "converged" : "stopped at the limit"); log-likelihood never decreased: "
                     + (largestDrop <= 1e-9 * abs(history.last ?? 1) ? "yes" : String(format: "NO (largest drop %.2e)", largestDrop)))
        var components = TextTable(["component", "weight"] + featureNames.prefix(8).map { "mean \($0)" })
        for c in 0..<model.components {
            components.add(["\(c)", String(format: "%.4f", model.weights[c])] + model.means[c].prefix(8).map { String(format: "%.4f", $0) })
        }
        lines.append(components.render())
        if let purity {
            lines.append(String(format: "agreement with the 'target' labels (purity: each component's majority label): %.3f", purity))
        }
        return lines.joined(separator: "\n")
    }

    /// Σ over clusters of the count of its most common label, / n.
    static func purity(predicted: [Int], labels: [Int]) throws -> Double {
        var counts: [Int: [Int: Int]] = [:]
        for (p, l) in zip(predicted, labels) { counts[p, default: [:]][l, default: 0] += 1 }
        let majority = counts.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
        return Double(majority) / Double(Swift.max(labels.count, 1))
    }

    // MARK: 9. t-SNE

    static func runTSNE(_ data: FeatureTable, settings: TSNESettings, title: String, svg: URL, quiet: Bool) throws
        -> (result: TSNEResult, seconds: Double, csv: URL) {
        let n = data.features.rows
        if !quiet {
            print("\(n) points × \(data.features.columns) features; perplexity \(Commands.format(settings.perplexity)), \(settings.iterations) iterations "
                  + "(\(settings.exaggerationIterations) with early exaggeration \(Commands.format(settings.earlyExaggeration))), init \(settings.initialization.rawValue)")
        }
        let bar = quiet ? nil : ProgressBar("t-SNE", total: settings.iterations)
        let start = Timing.now()
        let result = try TSNE.embed(data.features, settings: settings) { iteration, kl in
            bar?.update(iteration, note: String(format: "KL %.4f", kl))
        }
        let seconds = Timing.now() - start
        bar?.finish()
        let x = (0..<n).map { result.embedding[2 * $0] }, y = (0..<n).map { result.embedding[2 * $0 + 1] }
        let labels = data.labels ?? [Int](repeating: 0, count: n)
        let names = data.labelNames.isEmpty ? (0...(labels.max() ?? 0)).map { data.labels == nil ? "points" : "\($0)" } : data.labelNames
        try SVGPlot.save(SVGPlot.scatter(title: title, x: x, y: y, labels: labels, classNames: names, xLabel: "t-SNE 1", yLabel: "t-SNE 2"), to: svg)
        let csv = svg.deletingPathExtension().appendingPathExtension("csv")
        var text = "x,y,label\n"
        for i in 0..<n { text += "\(x[i]),\(y[i]),\(labels[i])\n" }
        try AtomicFile.write(text, to: csv)
        if !quiet {
            var table = TextTable(["iteration", "KL(P‖Q)"])
            for (i, (iteration, kl)) in result.klHistory.enumerated()
            where [50, 100, 250, 500, 750].contains(iteration) || i == result.klHistory.count - 1 {
                table.add(["\(iteration)\(iteration <= settings.exaggerationIterations ? " (early exaggeration)" : "")", String(format: "%.4f", kl)])
            }
            print(table.render())
            print(String(format: "final KL(P‖Q) = %.4f in %.1f s (learning rate %.1f)", result.finalKL, seconds, result.learningRate))
            print("   scatter plot: \(Project.display(svg))\n   embedding: \(Project.display(csv))")
        }
        return (result, seconds, csv)
    }
}
