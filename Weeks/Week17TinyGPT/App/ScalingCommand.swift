// `scaling`: the same data, tokenizer, steps and batch for ≥ 4 widths (fixed depth); each model's
// held-out loss (nats/token, every held-out window) against its non-embedding parameters N, the
// fit L(N) = a·N^(−α) + c (PowerLaw.swift) and its α next to Kaplan et al.'s 0.076; held-out loss
// against tokens seen for every size. Two SVGs under Output/Week17TinyGPT.

import Foundation
import Shared
import Week17TinyGPT

enum ScalingCommand {
    static let kaplanAlpha = 0.076

    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let (widths, layers, steps, seed) = (invocation.ints("widths"), invocation.int("layers"), invocation.int("steps"), UInt64(invocation.int("seed")))
        guard widths.count >= 4 else { throw UsageError("--widths needs at least 4 sizes for a three-parameter fit, got \(widths.count)") }
        for w in widths where w % 4 != 0 { throw UsageError("--widths: \(w) is not divisible by the 4 heads") }
        let corpus = try Corpus.load(invocation, quiet: json)
        let lengths = corpus.byteLengths
        let data = try TokenWindows(tokens: corpus.train, context: 64)
        let heldOut = try TokenWindows(tokens: corpus.heldOut, context: 64)
        let (batch, probes) = (16, heldOut.evaluationBatches(batchSize: 32, limit: 64))
        var points: [(config: TinyGPTConfig, score: HeldOutScore, seconds: Double)] = []
        var curves: [Series] = []
        for width in widths.sorted() {
            let config = TinyGPTConfig(vocabularySize: corpus.tokenizer.vocabularySize, context: 64, width: width, layers: layers, heads: 4)
            let run = try GPTRun(settings: GPTRunSettings(model: config, batchSize: batch, steps: steps, maxLR: 2e-3,
                                                          warmup: min(100, steps / 10), seed: seed), data: data)
            let bar = json ? nil : ProgressBar("width \(width)", total: steps)
            var curve: [(Double, Double)] = []
            let start = Timing.now()
            try run.train { record in
                bar?.update(record.step, note: String(format: "loss %.3f", record.loss))
                if record.step % max(1, steps / 6) == 0 {
                    curve.append((Double(record.step * batch * 64), try run.model.evaluate(probes, bytes: { lengths[$0] }).natsPerToken))
                }
            }
            let seconds = Timing.now() - start
            bar?.finish()
            let score = try run.model.evaluate(heldOut.evaluationBatches(batchSize: 32), bytes: { lengths[$0] })
            points.append((config, score, seconds))
            curves.append(Series(name: "N = \(config.nonEmbeddingParameters)", x: curve.map(\.0), y: curve.map(\.1)))
            if json {
                print(JSONText.line([("command", .string("scaling")), ("width", .int(width)), ("non_embedding_parameters", .int(config.nonEmbeddingParameters)),
                                     ("parameters", .int(config.parameterCount)), ("heldout_nats_per_token", .number(score.natsPerToken)),
                                     ("heldout_bits_per_byte", .number(score.bitsPerByte)), ("train_seconds", .number(seconds))]))
            }
        }
        let n = points.map { Double($0.config.nonEmbeddingParameters) }, loss = points.map(\.score.natsPerToken)
        guard let fit = PowerLawFit.fit(n: n, loss: loss) else { throw UsageError("the losses do not admit a power-law fit (a non-positive loss?)") }
        let figures = try savePlots(n: n, loss: loss, fit: fit, curves: curves)
        if json {
            print(JSONText.line([("command", .string("scaling")), ("fit_a", .number(fit.a)), ("fit_alpha", .number(fit.alpha)),
                                 ("fit_c", .number(fit.c)), ("fit_rmse", .number(fit.rmse)), ("kaplan_alpha", .number(kaplanAlpha))]))
            return
        }
        var table = TextTable(["width", "N (non-embedding)", "parameters", "held-out nats/token", "bits/byte", "fit", "train s"])
        for (point, fitted) in zip(points, n.map(fit.loss)) {
            table.add([String(point.config.width), String(point.config.nonEmbeddingParameters), String(point.config.parameterCount),
                       String(format: "%.3f", point.score.natsPerToken), String(format: "%.3f", point.score.bitsPerByte),
                       String(format: "%.3f", fitted), String(format: "%.0f", point.seconds)])
        }
        print(table.render())
        print(String(format: "L(N) = %.3g · N^(−%.3f) + %.3f (rms error %.3f nats/token); Kaplan et al.'s α_N ≈ %.3f", fit.a, fit.alpha, fit.c, fit.rmse, kaplanAlpha))
        print(String(format: "α here is %.1f× Kaplan's: %d layers, %d steps of %d tokens each — small models far from convergence, not Kaplan's regime",
                     fit.alpha / kaplanAlpha, layers, steps, batch * 64))
        print("wrote " + figures.map(Project.display).joined(separator: ", "))
    }

    static func savePlots(n: [Double], loss: [Double], fit: PowerLawFit, curves: [Series]) throws -> [URL] {
        let output = try Project.outputDirectory("Week17TinyGPT")
        let law = output.appendingPathComponent("scaling.svg")
        let lowest = log10(n.min()!) - 0.1, highest = log10(n.max()!) + 0.1
        let grid = (0...40).map { lowest + (highest - lowest) * Double($0) / 40 }
        try SVGPlot.save(SVGPlot.line(title: String(format: "held-out loss vs parameters: α = %.3f (Kaplan 0.076)", fit.alpha),
                                      xLabel: "log10 N (non-embedding parameters)", yLabel: "nats/token (log scale)",
                                      series: [Series(name: "measured", x: n.map(log10), y: loss),
                                               Series(name: String(format: "%.3g·N^-%.3f + %.2f", fit.a, fit.alpha, fit.c), x: grid,
                                                      y: grid.map { fit.loss(pow(10, $0)) })],
                                      logY: true), to: law)
        let tokens = output.appendingPathComponent("scaling-tokens.svg")
        try SVGPlot.save(SVGPlot.line(title: "held-out loss (64 windows) vs tokens seen", xLabel: "training tokens", yLabel: "nats/token",
                                      series: curves), to: tokens)
        return [law, tokens]
    }
}
