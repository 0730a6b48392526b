// `objectives`: CLM vs MLM vs span corruption on the same corpus and model size.
//
//   NEWS training entries (older releases) → word ids (week 7's WordVocabulary, ≤ max-words)
//   for each objective: train a tiny model (same config but `causal`, same seed and steps)
//     → its loss curve, its held-out loss (same objective, newest releases)
//     → probe: frozen encoder, mean-pooled vectors → balanced logistic regression on components
//   plus the probe of the untrained model (the same initialisation) as the floor.

import Foundation
import Shared
import Week07Transformer
import Week19Pretraining

enum ObjectivesCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let split = try SplitCommand.split(invocation)
        var settings = PretrainingSettings()
        settings.steps = invocation.int("steps")
        settings.batchSize = invocation.int("batch-size")
        settings.lr = Float(invocation.double("lr"))
        settings.hiddenSize = invocation.int("hidden")
        settings.layers = invocation.int("layers")
        settings.seed = UInt64(invocation.int("seed"))
        let maxWords = invocation.int("max-words")
        settings.maxPositions = 2 * maxWords + 2 * Objectives.sentinels
        guard settings.hiddenSize % settings.heads == 0 else {
            throw UsageError("--hidden \(settings.hiddenSize) must be a multiple of the \(settings.heads) attention heads")
        }
        let vocabulary = try WordVocabulary.build(from: split.train.map(\.text), size: invocation.int("vocabulary"))
        func rows(_ entries: [NewsEntry]) -> [[Int]] { entries.map { Array(vocabulary.encode($0.text).prefix(maxWords)) } }
        let corpus = rows(split.train).filter { $0.count >= 4 }
        let heldCorpus = rows(split.heldOut).filter { $0.count >= 4 }
        let probe = split.limited(train: invocation.int("probe-train"), heldOut: invocation.int("probe-held-out"), seed: settings.seed)
        let (probeTrain, probeHeld) = (rows(probe.train).map { $0.isEmpty ? [WordVocabulary.unknown] : $0 },
                                       rows(probe.heldOut).map { $0.isEmpty ? [WordVocabulary.unknown] : $0 })
        if !json {
            print("corpus: \(corpus.count) training entries (\(corpus.reduce(0) { $0 + $1.count }) words), \(heldCorpus.count) held-out; vocabulary \(vocabulary.count) + \(Objectives.sentinels) sentinels")
            print("model per objective: \(settings.layers) blocks, hidden \(settings.hiddenSize), \(settings.heads) heads; \(settings.steps) steps of \(settings.batchSize); seed \(settings.seed)")
        }
        func probeScore(_ encoder: TransformerEncoder) throws -> ClassificationScore {
            try LinearProbe.score(train: Pretraining.pooledFeatures(encoder, rows: probeTrain), trainLabels: probe.trainLabels,
                                  heldOut: Pretraining.pooledFeatures(encoder, rows: probeHeld), heldOutLabels: probe.heldOutLabels,
                                  classCount: split.classes.count)
        }
        let untrained = try probeScore(try MaskedLanguageModel(config: settings.config(words: vocabulary.count, objective: .mlm),
                                                               seed: settings.seed).encoder)
        var results: [(objective: Objective, losses: [Float], heldOut: Double, probe: ClassificationScore, seconds: Double)] = []
        for objective in Objective.allCases {
            let start = Timing.now()
            let bar = json ? nil : ProgressBar("pretraining \(objective.rawValue)", total: settings.steps)
            let (model, losses) = try Pretraining.train(objective, rows: corpus, words: vocabulary.count, settings: settings) { step, loss in
                bar?.update(step, note: String(format: "loss %.3f", loss))
            }
            bar?.finish()
            let heldOut = try Pretraining.heldOutLoss(model, objective, rows: heldCorpus, words: vocabulary.count)
            results.append((objective, losses, heldOut, try probeScore(model.encoder), Timing.now() - start))
        }
        let url = URL(fileURLWithPath: invocation.string("out")).appendingPathComponent("objectives-loss.svg")
        try SVGPlot.save(SVGPlot.line(title: "Pretraining objectives on NEWS entries (same model, same steps)", xLabel: "step",
                                      yLabel: "training loss per predicted token (mean of 10 steps)",
                                      series: results.map { Series(name: $0.objective.rawValue, y: Classify.runningMean($0.losses, 10)) }), to: url)
        if json {
            print(JSONText.line([
                ("steps", .int(settings.steps)), ("hidden", .int(settings.hiddenSize)), ("layers", .int(settings.layers)),
                ("untrained_probe", .object([("accuracy", .number(untrained.accuracy)), ("macro_f1", .number(untrained.macroF1))])),
                ("objectives", .array(results.map { r in
                    .object([("objective", .string(r.objective.rawValue)), ("final_train_loss", .number(Classify.runningMean(r.losses, 10).last ?? 0)),
                             ("held_out_loss", .number(r.heldOut)), ("held_out_perplexity", .number(Foundation.exp(r.heldOut))),
                             ("probe_accuracy", .number(r.probe.accuracy)), ("probe_macro_f1", .number(r.probe.macroF1)),
                             ("seconds", .number(r.seconds))])
                })),
            ]))
            return
        }
        var table = TextTable(["objective", "train loss (last 10)", "held-out loss", "held-out ppl", "probe accuracy", "probe macro-F1", "seconds"])
        table.add(["untrained", "-", "-", "-", String(format: "%.3f", untrained.accuracy), String(format: "%.3f", untrained.macroF1), "-"])
        for r in results {
            table.add([r.objective.rawValue, String(format: "%.3f", Classify.runningMean(r.losses, 10).last ?? 0), String(format: "%.3f", r.heldOut),
                       String(format: "%.1f", Foundation.exp(r.heldOut)), String(format: "%.3f", r.probe.accuracy),
                       String(format: "%.3f", r.probe.macroF1), String(format: "%.0f", r.seconds)])
        }
        print("\n" + table.render())
        print("the losses are per predicted token of each objective's own task (not one scale); probe: held-out \(probe.heldOut.count) entries, \(split.classes.count) components")
        print("plot: \(url.path)")
    }
}
