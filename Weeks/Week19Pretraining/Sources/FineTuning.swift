// The fine-tuning loop: week 4's TrainingLoop with AdamW over ParameterGroup.decayingMatrices (no
// decay on biases and LayerNorm gains), week 13's warm-up + cosine schedule, gradient clipping,
// and the class-weighted loss of EncoderClassifier.
//
//   for each epoch: a seeded permutation, cut into chunks of 8 batches; each chunk sorted by length
//   and cut into batches (little padding, still a fresh mix every epoch) → loss → backward → clip
//   → AdamW with lr(t) = warmupCosine(max lr, max lr / 10, warmup, total steps)
//
// The inputs are token ids (everything trains) or the frozen prefix's hidden states per entry
// (the top blocks and the head train; see EncoderClassifier's header).

import Foundation
import Shared
import Week04MNIST
import Week07Transformer
import Week08LLMEngineering
import Week13Modules

public enum ClassifierInputs {
    /// Token ids per entry (for frozenLayers = 0) and the padding id.
    case ids([[Int]], padID: Int)
    /// FrozenPrefix.hidden of every entry (for frozenLayers = k ≥ 1).
    case prefix([Tensor])

    public var count: Int {
        switch self {
        case let .ids(rows, _): return rows.count
        case let .prefix(rows): return rows.count
        }
    }

    func length(_ i: Int) -> Int {
        switch self {
        case let .ids(rows, _): return rows[i].count
        case let .prefix(rows): return rows[i].shape[0]
        }
    }

    func logits(_ model: EncoderClassifier, _ members: [Int]) throws -> Variable {
        switch self {
        case let .ids(rows, padID): return try model.logits(ids: members.map { rows[$0] }, padID: padID)
        case let .prefix(rows): return try model.logits(prefixHidden: members.map { rows[$0] })
        }
    }
}

public struct FineTuneOptions: Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var lr: Float
    public var weightDecay: Float
    /// Warm-up steps as a fraction of all steps.
    public var warmupFraction: Double
    public var clip: Float
    /// Class-weighted loss (balanced weights) or plain mean cross-entropy.
    public var classWeighted: Bool
    public var seed: UInt64

    public init(epochs: Int = 3, batchSize: Int = 16, lr: Float = 1e-4, weightDecay: Float = 0.01, warmupFraction: Double = 0.1,
                clip: Float = 1, classWeighted: Bool = true, seed: UInt64 = 19) {
        (self.epochs, self.batchSize, self.lr, self.weightDecay) = (epochs, batchSize, lr, weightDecay)
        (self.warmupFraction, self.clip, self.classWeighted, self.seed) = (warmupFraction, clip, classWeighted, seed)
    }
}

public enum FineTuning {
    /// Batches of one epoch: a permutation in chunks of 8 batches, each chunk sorted by length.
    public static func epochBatches(lengths: [Int], batchSize: Int, rng: inout SplitMix64) -> [[Int]] {
        let order = rng.permutation(lengths.count)
        var batches: [[Int]] = []
        for chunkStart in stride(from: 0, to: order.count, by: 8 * batchSize) {
            let chunk = order[chunkStart..<min(order.count, chunkStart + 8 * batchSize)].sorted { lengths[$0] > lengths[$1] }
            for start in stride(from: 0, to: chunk.count, by: batchSize) {
                batches.append(Array(chunk[start..<min(chunk.count, start + batchSize)]))
            }
        }
        return batches
    }

    /// Trains `model` on `inputs` / `labels`; returns every step's loss. `onStep(step, steps, loss)`.
    @discardableResult
    public static func train(_ model: EncoderClassifier, inputs: ClassifierInputs, labels: [Int], options: FineTuneOptions,
                             onStep: (Int, Int, Float) -> Void = { _, _, _ in }) throws -> [Float] {
        guard inputs.count == labels.count, !labels.isEmpty else {
            throw TransformerError.invalidInput("fine-tuning needs as many labels as inputs (got \(labels.count) and \(inputs.count))")
        }
        if case .ids = inputs, model.frozenLayers != 0 {
            throw TransformerError.invalidInput("token ids train every layer: give the frozen prefix's hidden states when frozenLayers > 0")
        }
        let trainable = model.trainableParameters
        let optimizer = AdamW(groups: ParameterGroup.decayingMatrices(trainable, weightDecay: options.weightDecay), lr: options.lr)
        let perEpoch = (labels.count + options.batchSize - 1) / options.batchSize
        let steps = perEpoch * options.epochs
        let schedule = LRSchedule.warmupCosine(maxLR: Double(options.lr), minLR: Double(options.lr) / 10,
                                               warmup: Int(options.warmupFraction * Double(steps)), decaySteps: steps)
        let loop = TrainingLoop(parameters: trainable.map(\.value), optimizer: optimizer, maxGradientNorm: options.clip,
                                schedule: { Float(schedule.lr(at: $0 - 1)) })
        let weights = options.classWeighted ? EncoderClassifier.balancedWeights(labels, classCount: model.classCount)
                                            : [Float](repeating: 1, count: model.classCount)
        let lengths = (0..<inputs.count).map(inputs.length)
        var rng = SplitMix64(seed: options.seed)
        var losses: [Float] = []
        for _ in 0..<options.epochs {
            for members in epochBatches(lengths: lengths, batchSize: options.batchSize, rng: &rng) {
                let record = try loop.step {
                    try EncoderClassifier.weightedCrossEntropy(try inputs.logits(model, members), labels: members.map { labels[$0] },
                                                               classWeights: weights)
                }
                losses.append(record.loss)
                onStep(losses.count, steps, record.loss)
            }
        }
        return losses
    }

    /// The argmax class of every input (no gradients, no dropout), in order.
    public static func predict(_ model: EncoderClassifier, inputs: ClassifierInputs, tokensPerBatch: Int = 4096) throws -> [Int] {
        let lengths = (0..<inputs.count).map(inputs.length)
        var predicted = [Int](repeating: 0, count: inputs.count)
        try Autograd.noGrad {
            for members in SentenceEmbedder.tokenBudgetBatches(lengths: lengths, tokensPerBatch: tokensPerBatch) {
                let classes = try inputs.logits(model, members).value.argmax(axis: 1)
                for (member, c) in zip(members, classes) { predicted[member] = c }
            }
        }
        return predicted
    }
}
