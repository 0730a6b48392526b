// The default run: classify NEWS entries by component, three ways, on one release-based split.
//
//   NEWS → split by release (train: older releases, held out: the newest) → seeded subsample
//        → TF-IDF + balanced logistic regression                                  (baseline 1)
//        → MiniLM WordPiece ids (≤ max-tokens) → frozen blocks 0..<k, computed once per entry
//            → pretrained blocks k… → mean pool, L2 → balanced logistic regression  (baseline 2)
//            → blocks k… + head, fine-tuned with class weights (AdamW, warm-up + cosine)
// Writes the fine-tuned model's confusion matrix and its loss curve as SVG.

import Foundation
import Shared
import Week04MNIST
import Week07Transformer
import Week08LLMEngineering
import Week19Pretraining

enum Classify {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let seed = UInt64(invocation.int("seed"))
        let start = Timing.now()
        let full = try SplitCommand.split(invocation)
        let split = full.limited(train: invocation.int("train"), heldOut: invocation.int("held-out"), seed: seed)
        let k = split.classes.count
        if !json {
            print(SplitCommand.describe(full))
            print("subsample (seed \(seed)): \(split.train.count) training and \(split.heldOut.count) held-out entries, \(k) components")
        }

        let tfidf = TfIdfVectorizer(fitting: split.train.map(\.text), maxFeatures: invocation.int("tfidf-features"))
        let tfidfScore = try LinearProbe.score(train: tfidf.transform(split.train.map(\.text)), trainLabels: split.trainLabels,
                                               heldOut: tfidf.transform(split.heldOut.map(\.text)), heldOutLabels: split.heldOutLabels,
                                               classCount: k)
        if !json { print(String(format: "TF-IDF (%d terms) + logistic: held-out accuracy %.3f, macro-F1 %.3f", tfidf.terms.count, tfidfScore.accuracy, tfidfScore.macroF1)) }

        let embedder = try SentenceEmbedder.miniLM()
        let maxTokens = invocation.int("max-tokens")
        let sep = embedder.tokenizer.sepID
        func ids(_ entries: [NewsEntry]) -> [[Int]] {
            embedder.encode(entries.map(\.text)).map { $0.count > maxTokens ? Array($0.prefix(maxTokens - 1)) + [sep] : $0 }
        }
        let (trainIDs, heldIDs) = (ids(split.train), ids(split.heldOut))
        let frozen = invocation.int("frozen-layers")
        let model = try EncoderClassifier(encoder: embedder.encoder, classCount: k, frozenLayers: frozen, seed: seed)
        let (trainInputs, heldInputs) = try inputs(model, embedder, frozen: frozen, trainIDs, heldIDs, json: json)

        let frozenScore = try frozenBaseline(model, embedder, trainInputs, heldInputs, split)
        if !json { print(String(format: "frozen MiniLM embeddings + logistic: held-out accuracy %.3f, macro-F1 %.3f", frozenScore.accuracy, frozenScore.macroF1)) }

        let options = FineTuneOptions(epochs: invocation.int("epochs"), batchSize: invocation.int("batch-size"),
                                      lr: Float(invocation.double("lr")), seed: seed)
        var bar: ProgressBar?
        let losses = try FineTuning.train(model, inputs: trainInputs, labels: split.trainLabels, options: options) { step, steps, loss in
            if !json && bar == nil { bar = ProgressBar("fine-tuning MiniLM blocks \(frozen)…\(model.encoder.layers.count - 1) + head", total: steps) }
            bar?.update(step, note: String(format: "loss %.3f", loss))
        }
        bar?.finish()
        let predicted = try FineTuning.predict(model, inputs: heldInputs)
        let tuned = ClassificationScore(truth: split.heldOutLabels, predicted: predicted, classCount: k)
        let out = URL(fileURLWithPath: invocation.string("out"))
        let confusionURL = out.appendingPathComponent("confusion.svg"), lossURL = out.appendingPathComponent("finetune-loss.svg")
        try SVGPlot.save(confusionSVG(tuned.confusion, classes: split.classes), to: confusionURL)
        try SVGPlot.save(SVGPlot.line(title: "Fine-tuning MiniLM on NEWS components", xLabel: "step", yLabel: "class-weighted cross-entropy",
                                      series: [Series(name: "batch loss", y: losses.map(Double.init)),
                                               Series(name: "mean of 20", y: runningMean(losses, 20))]), to: lossURL)
        let seconds = Timing.now() - start
        if json {
            func score(_ s: ClassificationScore) -> JSONValue { .object([("accuracy", .number(s.accuracy)), ("macro_f1", .number(s.macroF1))]) }
            print(JSONText.line([
                ("classes", .array(split.classes.map { .string($0) })), ("train", .int(split.train.count)), ("held_out", .int(split.heldOut.count)),
                ("held_out_releases", .array(split.heldOutReleases.map { .string($0) })), ("dropped_as_leaks", .int(full.droppedAsLeaks)),
                ("tfidf", score(tfidfScore)), ("frozen_minilm", score(frozenScore)), ("fine_tuned", score(tuned)),
                ("confusion", .array(tuned.confusion.map { .array($0.map { .int($0) }) })),
                ("frozen_layers", .int(frozen)), ("epochs", .int(options.epochs)), ("seconds", .number(seconds)), ("seed", .int(Int(seed))),
            ]))
            return
        }
        var table = TextTable(["held-out entries (\(split.heldOut.count))", "accuracy", "macro-F1"])
        for (name, s) in [("TF-IDF + logistic", tfidfScore), ("frozen MiniLM + logistic", frozenScore), ("fine-tuned MiniLM (blocks \(frozen)…\(model.encoder.layers.count - 1) + head)", tuned)] {
            table.add([name, String(format: "%.3f", s.accuracy), String(format: "%.3f", s.macroF1)])
        }
        print("\n" + table.render())
        print(String(format: "fine-tuned − frozen: %+.3f accuracy, %+.3f macro-F1", tuned.accuracy - frozenScore.accuracy, tuned.macroF1 - frozenScore.macroF1))
        print("\nconfusion matrix of the fine-tuned model (rows: truth, columns: predicted):")
        print(confusionTable(tuned.confusion, classes: split.classes))
        print(String(format: "plots: %@, %@ (%.0f s)", confusionURL.path, lossURL.path, seconds))
    }

    /// The classifier's inputs: ids (k = 0) or the frozen prefix's hidden states, computed once.
    static func inputs(_ model: EncoderClassifier, _ embedder: SentenceEmbedder, frozen: Int, _ train: [[Int]], _ held: [[Int]],
                       json: Bool) throws -> (ClassifierInputs, ClassifierInputs) {
        let padID = embedder.tokenizer.padID
        guard frozen > 0 else { return (.ids(train, padID: padID), .ids(held, padID: padID)) }
        let prefix = try FrozenPrefix(copying: embedder.encoder, layers: frozen, padID: padID)
        let bar = json ? nil : ProgressBar("frozen MiniLM blocks 0…\(frozen - 1), once per entry", total: train.count + held.count)
        let all = try prefix.hidden(train + held) { bar?.update($0) }
        bar?.finish()
        return (.prefix(Array(all[..<train.count])), .prefix(Array(all[train.count...])))
    }

    /// Balanced logistic regression on the pretrained (not yet fine-tuned) MiniLM's sentence
    /// embeddings: mean-pooled, L2-normalised, as week 8's SentenceEmbedder gives them.
    static func frozenBaseline(_ model: EncoderClassifier, _ embedder: SentenceEmbedder, _ train: ClassifierInputs,
                               _ held: ClassifierInputs, _ split: NewsSplit) throws -> ClassificationScore {
        func embed(_ inputs: ClassifierInputs) throws -> [[Float]] {
            switch inputs {
            case let .ids(rows, _): return try embedder.embed(ids: rows, tokensPerBatch: 4096)
            case let .prefix(rows):
                var out: [[Float]] = []
                try Autograd.noGrad {
                    for start in stride(from: 0, to: rows.count, by: 64) {
                        let (hidden, mask) = try model.hidden(prefixHidden: Array(rows[start..<min(rows.count, start + 64)]))
                        out += SentenceEmbedder.meanPoolNormalized(hidden.value, mask: mask)
                    }
                }
                return out
            }
        }
        return try LinearProbe.score(train: LinearProbe.features(try embed(train)), trainLabels: split.trainLabels,
                                     heldOut: LinearProbe.features(try embed(held)), heldOutLabels: split.heldOutLabels,
                                     classCount: split.classes.count)
    }

    static func runningMean(_ values: [Float], _ window: Int) -> [Double] {
        values.indices.map { i in
            let slice = values[max(0, i - window + 1)...i]
            return Double(slice.reduce(0, +)) / Double(slice.count)
        }
    }

    /// Rows normalised to recall (each truth row sums to 1), annotated.
    static func confusionSVG(_ confusion: [[Int]], classes: [String]) -> String {
        let rows = confusion.map { row -> [Double] in
            let total = Double(max(1, row.reduce(0, +)))
            return row.map { Double($0) / total }
        }
        return SVGPlot.heatmap(title: "Fine-tuned MiniLM on held-out NEWS entries (row = truth, share of the row)", values: rows,
                               rowLabels: classes, columnLabels: classes, annotate: true)
    }

    static func confusionTable(_ confusion: [[Int]], classes: [String]) -> String {
        var table = TextTable(["truth \\ predicted"] + classes.indices.map { "\($0)" })
        for (c, row) in confusion.enumerated() { table.add(["\(c) \(classes[c])"] + row.map { "\($0)" }) }
        return table.render()
    }
}
