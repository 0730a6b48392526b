// `pretrain` (and the first half of the default run): masked-LM pretraining on the Python docs.

import Foundation
import Shared
import Week04MNIST
import Week07Transformer

struct PretrainSettings {
    var steps = PretrainDefaults.steps
    var layers = PretrainDefaults.layers
    var hidden = PretrainDefaults.hidden
    var heads = PretrainDefaults.heads
    var seed = UInt64(PretrainDefaults.seed)
    var vocabulary = PretrainDefaults.vocabularySize
    var length = PretrainDefaults.length
    var batch = PretrainDefaults.batchSize
    var lr: Double = PretrainDefaults.lr
    var dropout: Double = PretrainDefaults.dropout
    var norm = TransformerConfig.NormPlacement.post
    var positions = TransformerConfig.Positions.learned
    var data: URL?
    var out: URL?

    init() {}

    /// The parser has checked each value's range; only the relation between two flags is left.
    init(_ invocation: Invocation) throws {
        steps = invocation.int("steps")
        layers = invocation.int("layers")
        hidden = invocation.int("hidden")
        heads = invocation.int("heads")
        seed = UInt64(invocation.int("seed"))
        vocabulary = invocation.int("vocab-size")
        length = invocation.int("length")
        batch = invocation.int("batch-size")
        lr = invocation.double("lr")
        dropout = invocation.double("dropout")
        norm = TransformerConfig.NormPlacement(rawValue: invocation.string("norm"))!
        positions = TransformerConfig.Positions(rawValue: invocation.string("positions"))!
        data = invocation.optionalString("docs").map { URL(fileURLWithPath: $0) }
        out = invocation.optionalString("out").map { URL(fileURLWithPath: $0) }
        guard hidden % heads == 0 else { throw UsageError("--hidden \(hidden) is not divisible by --heads \(heads)") }
    }

    var config: (Int) -> TransformerConfig {
        { vocabularySize in
            TransformerConfig(vocabularySize: vocabularySize, hiddenSize: hidden, layers: layers, heads: heads,
                              intermediateSize: 4 * hidden, maxPositions: length, typeVocabularySize: 0, layerNormEpsilon: 1e-12,
                              activation: .gelu, normPlacement: norm, positions: positions, causal: false, dropout: Float(dropout))
        }
    }
}

struct PretrainResult {
    var mlm: PretrainedMLM
    var history: [PretrainingStep]
    var validationBefore: Float
    var validationAfter: Float
    var checkpoint: URL
}

enum PretrainCommand {
    static func run(_ invocation: Invocation) throws {
        _ = try pretrain(try PretrainSettings(invocation), json: invocation.flag("json"))
    }

    static func pretrain(_ s: PretrainSettings, json: Bool) throws -> PretrainResult {
        let folder = try s.data ?? Dataset.pythonDocs.locate()
        let corpus = try DocsCorpus.load(from: folder)
        let vocabulary = try WordVocabulary.build(from: corpus.paragraphs, size: s.vocabulary)
        let windows = corpus.windows(vocabulary: vocabulary, length: s.length)
        guard windows.count >= 2 else {
            throw TransformerError.invalidInput("\(folder.path): only \(windows.count) windows of \(s.length) tokens; need more text")
        }
        let heldOut = max(1, min(256, windows.count / 20))
        let train = Array(windows.dropLast(heldOut)), validation = Array(windows.suffix(heldOut))
        let config = s.config(vocabulary.count)
        let model = try MaskedLanguageModel(config: config, seed: s.seed)
        let options = PretrainingOptions(steps: s.steps, batchSize: s.batch, lr: Float(s.lr), seed: s.seed)
        if !json {
            print("seed \(s.seed)")
            print("corpus: \(corpus.files) files, \(corpus.paragraphs.count) paragraphs → \(windows.count) windows of \(s.length) tokens (\(train.count) train, \(validation.count) held out)")
            print("vocabulary: \(vocabulary.count) words (word-level, [PAD] [UNK] [CLS] [SEP] [MASK])")
            print("model: \(s.layers) × \(s.norm)-norm block, hidden \(s.hidden), \(s.heads) heads, FFN \(4 * s.hidden), \(s.positions) positions — \(model.parameterCount) parameters")
            print("training: \(s.steps) steps × \(s.batch) windows, Adam lr \(s.lr) (warm-up \(options.warmup) steps, linear decay), clip 1, dropout \(s.dropout)")
        }
        let before = try MLMTrainer.evaluate(model, windows: validation)
        let bar = json ? nil : ProgressBar("pretrain", total: s.steps)
        var recent: [Float] = []
        let logEvery = max(1, s.steps / 10)
        var logged: [(Int, Float)] = []
        let history = try MLMTrainer.train(model, windows: train, options: options) { record in
            recent.append(record.loss)
            if recent.count > logEvery { recent.removeFirst() }
            let mean = recent.reduce(0, +) / Float(recent.count)
            bar?.update(record.step, note: String(format: "loss %.3f", mean))
            if record.step % logEvery == 0 || record.step == s.steps {
                logged.append((record.step, mean))
                if json {
                    print(JSONText.line([("step", .number(Double(record.step))), ("loss", .number(Double(mean))),
                                         ("lr", .number(Double(record.lr)))]))
                }
            }
        }
        bar?.finish()
        let after = try MLMTrainer.evaluate(model, windows: validation)
        let mlm = try PretrainedMLM(model: model, vocabulary: vocabulary)
        let dir = try Project.outputDirectory("Week07Transformer")
        let checkpoint = s.out ?? dir.appendingPathComponent("mlm.safetensors")
        try mlm.save(to: checkpoint)
        let curve = dir.appendingPathComponent("mlm_loss.svg")
        let steps = history.map { Double($0.step) }
        var smoothed: [Double] = []
        var window: [Double] = []
        for h in history {
            window.append(Double(h.loss))
            if window.count > 20 { window.removeFirst() }
            smoothed.append(window.reduce(0, +) / Double(window.count))
        }
        try SVGPlot.save(SVGPlot.line(title: "Masked-LM loss (\(s.layers)-layer BERT, Python docs)", xLabel: "step",
                                      yLabel: "cross-entropy (nats)",
                                      series: [Series(name: "batch loss", x: steps, y: history.map { Double($0.loss) }),
                                               Series(name: "mean of 20", x: steps, y: smoothed)]), to: curve)
        let seconds = history.reduce(0) { $0 + $1.seconds }
        if json {
            print(JSONText.line([("command", .string("pretrain")), ("seed", .number(Double(s.seed))),
                                 ("validation_loss_before", .number(Double(before))), ("validation_loss_after", .number(Double(after))),
                                 ("seconds_per_step", .number(seconds / Double(s.steps))),
                                 ("parameters", .number(Double(model.parameterCount))),
                                 ("checkpoint", .string(checkpoint.path))]))
        } else {
            var table = TextTable(["step", "MLM loss (mean of last \(logEvery))", "perplexity"])
            for (step, loss) in logged {
                table.add(["\(step)", String(format: "%.3f", loss), String(format: "%.0f", Foundation.exp(Double(loss)))])
            }
            print(table.render())
            print(String(format: "held-out MLM loss: %.3f before training (ln V = %.3f) → %.3f after; %.3f s per step",
                         before, Foundation.log(Double(vocabulary.count)), after, seconds / Double(s.steps)))
            print("loss curve: \(Project.display(curve))")
            print("model: \(Project.display(checkpoint))")
        }
        return PretrainResult(mlm: mlm, history: history, validationBefore: before, validationAfter: after, checkpoint: checkpoint)
    }
}
