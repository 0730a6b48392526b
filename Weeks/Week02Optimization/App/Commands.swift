// The subcommands: each parses its options, runs the library, and prints a table (or, with
// --json, one JSON line).

import Foundation
import Shared
import Week01LinearAlgebra
import Week02Optimization

enum Commands {
    static func seed(_ invocation: Invocation) -> UInt64 { UInt64(invocation.int("seed")) }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("Week02Optimization: warning: \(message)\n".utf8))
    }

    static func format(_ x: Double, _ digits: Int = 6) -> String {
        x.isFinite ? String(format: "%.\(digits)g", x) : "\(x)"
    }

    // MARK: minimize

    /// "x,y" → [x, y].
    static func parseStart(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let x = parts[0], let y = parts[1], x.isFinite, y.isFinite else {
            throw UsageError("--start expects two numbers X,Y (e.g. --start -1.5,2), got '\(text)'")
        }
        return [x, y]
    }

    static func minimize(_ invocation: Invocation) throws {
        let function = try TestFunction.named(invocation.string("function"))
        let kind = try OptimizerKind.named(invocation.string("optimizer"))
        let lr = invocation.optionalDouble("lr") ?? RaceSettings.learningRate(function, kind)
        let steps = invocation.int("steps")
        let start = try invocation.optionalString("start").map(parseStart) ?? function.defaultStart
        let trajectory = Minimizer.run(function, kind, lr: lr, steps: steps, start: start)
        if trajectory.diverged {
            warn("\(kind.rawValue) diverged on \(function.rawValue) at step \(trajectory.steps) (f = \(trajectory.finalValue)): try a smaller --lr than \(lr)")
        }
        let line = JSONText.line([("point", .doubles(trajectory.finalPoint)), ("value", .number(trajectory.finalValue)),
                                  ("steps", .int(trajectory.steps))])
        if invocation.flag("json") {
            print(line)
            return
        }
        print("\(kind.rawValue) on \(function.rawValue), f(x, y) = \(function.formula), minimum 0 at (\(function.minimum.map { format($0) }.joined(separator: ", ")))")
        print("lr \(format(lr)), \(steps) steps from (\(start.map { format($0) }.joined(separator: ", "))) — the update rule of \(kind.torchEquivalent)\n")
        var table = TextTable(["step", "x", "y", "f(x, y)", "distance to minimum"])
        var shown = Set([0, 1, 2, 3, trajectory.steps])
        var t = 10
        while t < trajectory.steps { shown.insert(t); t *= 10 }
        for t in shown.sorted() where t <= trajectory.steps {
            let p = trajectory.points[t]
            table.add(["\(t)", format(p[0], 8), format(p[1], 8), format(trajectory.values[t]), format(Minimizer.distance(p, function.minimum), 3)])
        }
        print(table.render())
        let reached = trajectory.stepsToReach(function.minimum, tolerance: RaceSettings.tolerance)
        print("\nfirst within \(RaceSettings.tolerance) of the minimum: " + (reached.map { "step \($0)" } ?? "never in these steps"))
        if trajectory.steps > 0 {
            print("\nf(x, y) by step (log scale):")
            print(TerminalChart.render([Demo.thinned(name: kind.rawValue, trajectory.values)], logY: true))
        }
        print("\n" + line)
    }

    // MARK: mcmc

    static func mcmc(_ invocation: Invocation) throws {
        let targetName = invocation.string("target")
        let target: MCMCTarget
        switch targetName {
        case "mixture": target = .bimodal
        case "normal":
            target = .normal(mean: invocation.double("mean"), sd: invocation.double("sd"))
        default: throw UsageError("unknown target '\(targetName)' (choose one of: mixture, normal)")
        }
        let samples = invocation.int("samples")
        let step = invocation.double("step")
        let burnIn = invocation.int("burn-in")
        let result = try MetropolisHastings.sample(target, samples: samples, proposalSD: step, burnIn: burnIn,
                                                   start: target.mean, seed: seed(invocation))
        if invocation.flag("json") {
            print(JSONText.line([("target", .string(target.name)), ("samples", .int(samples)), ("step", .number(step)),
                                 ("mean", .number(result.mean)), ("variance", .number(result.variance)),
                                 ("true_mean", .number(target.mean)), ("true_variance", .number(target.variance)),
                                 ("acceptance_rate", .number(result.acceptanceRate)), ("ess", .number(result.effectiveSampleSize)),
                                 ("autocorrelation_time", .number(result.autocorrelationTime))]))
            return
        }
        print("Metropolis–Hastings, random-walk proposal N(0, \(format(step))²), on \(target.name)")
        print("\(samples) samples after \(burnIn) burn-in, seed \(seed(invocation))\n")
        var table = TextTable(["", "chain", "true"])
        table.add(["mean", format(result.mean, 5), format(target.mean, 5)])
        table.add(["variance", format(result.variance, 5), format(target.variance, 5)])
        print(table.render())
        print(String(format: "\nacceptance rate %.3f · effective sample size %.0f of %d (autocorrelation time %.1f)",
                     result.acceptanceRate, result.effectiveSampleSize, samples, result.autocorrelationTime))
        let se = (result.variance / result.effectiveSampleSize).squareRoot()
        print(String(format: "Monte Carlo standard error of the mean ≈ √(variance/ESS) = %.4f", se))
    }

    // MARK: bootstrap

    static func bootstrap(_ invocation: Invocation) throws {
        let url = URL(fileURLWithPath: invocation.positionals[0])
        let (column, values) = try FeatureTable.column(url, named: invocation.optionalString("column"))
        let statistic = try BootstrapStatistic.named(invocation.string("statistic"))
        let resamples = invocation.int("resamples")
        let confidence = invocation.double("confidence")
        let interval = try Bootstrap.percentileInterval(values, statistic: statistic, resamples: resamples,
                                                        confidence: confidence, seed: seed(invocation))
        if invocation.flag("json") {
            print(JSONText.line([("file", .string(url.lastPathComponent)), ("column", .string(column)), ("n", .int(values.count)),
                                 ("statistic", .string(statistic.rawValue)), ("estimate", .number(interval.estimate)),
                                 ("lower", .number(interval.lower)), ("upper", .number(interval.upper)),
                                 ("confidence", .number(confidence)), ("resamples", .int(resamples)),
                                 ("standard_error", .number(interval.standardError))]))
            return
        }
        print("\(statistic.rawValue) of '\(column)' in \(url.lastPathComponent) (n = \(values.count)): \(format(interval.estimate))")
        print(String(format: "%.0f%% percentile bootstrap interval (%d resamples): [%@, %@], bootstrap standard error %@",
                     confidence * 100, resamples, format(interval.lower), format(interval.upper), format(interval.standardError)))
    }

    // MARK: abtest

    static func abtest(_ invocation: Invocation) throws {
        let settings = ABTestSettings(rateA: invocation.double("rate-a"), rateB: invocation.double("rate-b"),
                                      visitors: invocation.int("n"), trials: invocation.int("trials"),
                                      alpha: invocation.double("alpha"), threshold: invocation.double("threshold"),
                                      seed: seed(invocation))
        let report = try ABTest.simulate(settings)
        if invocation.flag("json") {
            print(JSONText.line(abtestJSON(report)))
            return
        }
        print(abtestText(report))
    }

    static func abtestJSON(_ r: ABTestReport) -> [(String, JSONValue)] {
        [("rate_a", .number(r.settings.rateA)), ("rate_b", .number(r.settings.rateB)), ("n", .int(r.settings.visitors)),
         ("trials", .int(r.settings.trials)), ("alpha", .number(r.settings.alpha)),
         ("power", .number(r.test.rejectionRate)), ("theoretical_power", .number(r.theoreticalPower)),
         ("false_positive_rate", .number(r.null.rejectionRate)),
         ("mean_p_b_beats_a", .number(r.test.meanProbabilityBBeatsA)),
         ("bayes_ship_rate", .number(r.test.bayesShipRate)), ("bayes_ship_rate_null", .number(r.null.bayesShipRate))]
    }

    static func abtestText(_ r: ABTestReport) -> String {
        let s = r.settings
        var table = TextTable(["simulation", "z-test rejects (α = \(format(s.alpha)))", "mean P(B > A)", "P(B > A) > \(format(s.threshold))"])
        table.add([String(format: "A %.3g vs B %.3g", s.rateA, s.rateB), String(format: "%.3f (power)", r.test.rejectionRate),
                   String(format: "%.3f", r.test.meanProbabilityBBeatsA), String(format: "%.3f", r.test.bayesShipRate)])
        table.add([String(format: "A/A: both %.3g", s.rateA), String(format: "%.3f (false positives)", r.null.rejectionRate),
                   String(format: "%.3f", r.null.meanProbabilityBBeatsA), String(format: "%.3f", r.null.bayesShipRate)])
        return "\(s.trials) simulated tests of \(s.visitors) visitors per arm, seed \(s.seed)\n\n" + table.render()
            + String(format: "\n\nnormal-approximation power of the z-test: %.3f (simulated %.3f)", r.theoreticalPower, r.test.rejectionRate)
    }

    // MARK: gmm

    static func gmm(_ invocation: Invocation) throws {
        let url = URL(fileURLWithPath: invocation.positionals[0])
        let columns = invocation.optionalString("columns").map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let data = try FeatureTable.load(url, columns: columns)
        let k = invocation.int("k")
        let covariance = try CovarianceType.named(invocation.string("covariance"))
        let model = try GaussianMixture.fit(data.features, components: k, covarianceType: covariance,
                                            maxIterations: invocation.int("max-iterations"),
                                            regularization: invocation.double("reg"),
                                            restarts: invocation.int("restarts"), seed: seed(invocation))
        let purity = try data.labels.map { try Demo.purity(predicted: model.predict(data.features), labels: $0) }
        if invocation.flag("json") {
            var pairs: [(String, JSONValue)] = [("file", .string(url.lastPathComponent)), ("k", .int(k)), ("covariance", .string(covariance.rawValue)),
                                                ("iterations", .int(model.iterations)), ("converged", .bool(model.converged)),
                                                ("log_likelihood", .number(model.logLikelihoodHistory.last!)),
                                                ("log_likelihood_history", .doubles(model.logLikelihoodHistory)),
                                                ("weights", .doubles(model.weights)), ("means", .array(model.means.map { .doubles($0) }))]
            if let purity { pairs.append(("purity", .number(purity))) }
            print(JSONText.line(pairs))
            return
        }
        print("EM for a \(k)-component Gaussian mixture (\(covariance.rawValue) covariance) on \(url.lastPathComponent): "
              + "\(data.features.rows) rows × \(data.features.columns) columns (\(data.featureNames.joined(separator: ", ")))\n")
        print(Demo.gmmReport(model, featureNames: data.featureNames, purity: purity))
    }

    // MARK: tsne

    static func tsne(_ invocation: Invocation) throws {
        let url = URL(fileURLWithPath: invocation.positionals[0])
        let seed = Commands.seed(invocation)
        var data = try FeatureTable.load(url)
        if let count = invocation.optionalInt("points") {
            data = data.subset(count, seed: seed)
        }
        var settings = TSNESettings()
        settings.perplexity = invocation.double("perplexity")
        guard settings.perplexity > 1 && settings.perplexity < Double(data.features.rows - 1) else {
            throw UsageError("--perplexity must be between 1 and N − 1 = \(data.features.rows - 1), got \(settings.perplexity)")
        }
        settings.iterations = invocation.int("iterations")
        settings.seed = seed
        settings.initialization = TSNESettings.Initialization(rawValue: invocation.string("init"))!
        let base = url.deletingPathExtension().lastPathComponent
        let svg = try invocation.optionalString("out").map { URL(fileURLWithPath: $0) }
            ?? Project.outputDirectory("Week02Optimization").appendingPathComponent("tsne-\(base).svg")
        let result = try Demo.runTSNE(data, settings: settings, title: "t-SNE of \(url.lastPathComponent)", svg: svg, quiet: invocation.flag("json"))
        if invocation.flag("json") {
            print(JSONText.line([("file", .string(url.lastPathComponent)), ("points", .int(data.features.rows)),
                                 ("perplexity", .number(settings.perplexity)), ("iterations", .int(settings.iterations)),
                                 ("kl", .number(result.result.finalKL)), ("seconds", .number((result.seconds * 100).rounded() / 100)),
                                 ("svg", .string(svg.path)), ("csv", .string(result.csv.path))]))
        }
    }
}
