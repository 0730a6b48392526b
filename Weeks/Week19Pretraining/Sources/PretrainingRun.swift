// Pretraining one tiny model per objective (Objectives.swift) on the same corpus, then probing it:
//
//   train rows → objective batches → MaskedLanguageModel loss → AdamW, warm-up + cosine (week 13)
//   held-out rows → the same objective with a fixed seed → mean loss per predicted token
//   entries → frozen encoder → mean over the real tokens, L2-normalised → balanced logistic
//   regression on the training entries → held-out accuracy / macro-F1  (the downstream probe)
//
// Every objective gets the same config apart from `causal`, the same steps, batch size, lr and
// initialisation seed, so the curves and probes differ by the objective only.

import Foundation
import Shared
import Week03ClassicalML
import Week04MNIST
import Week07Transformer
import Week08LLMEngineering
import Week13Modules

public struct PretrainingSettings: Sendable {
    public var hiddenSize = 64
    public var layers = 2
    public var heads = 4
    public var maxPositions = 96
    public var steps = 300
    public var batchSize = 32
    public var lr: Float = 2e-3
    public var seed: UInt64 = 19

    public init() {}

    /// The model of `objective` for a vocabulary of `words` (+ the sentinels): post-norm, no dropout.
    public func config(words: Int, objective: Objective) -> TransformerConfig {
        TransformerConfig(vocabularySize: words + Objectives.sentinels, hiddenSize: hiddenSize, layers: layers, heads: heads,
                          maxPositions: maxPositions, causal: objective.causal, dropout: 0)
    }
}

public enum Pretraining {
    /// A model trained with `objective` on `rows` (word ids, each ≤ maxPositions − 10 long) and its
    /// per-step losses. `onStep(step, loss)`.
    public static func train(_ objective: Objective, rows: [[Int]], words: Int, settings: PretrainingSettings,
                             onStep: (Int, Float) -> Void = { _, _ in }) throws -> (model: MaskedLanguageModel, losses: [Float]) {
        guard !rows.isEmpty else { throw TransformerError.invalidInput("no pretraining rows (is the corpus empty?)") }
        let model = try MaskedLanguageModel(config: settings.config(words: words, objective: objective), seed: settings.seed)
        let optimizer = AdamW(groups: ParameterGroup.decayingMatrices(model.namedParameters(), weightDecay: 0.01), lr: settings.lr)
        let schedule = LRSchedule.warmupCosine(maxLR: Double(settings.lr), minLR: Double(settings.lr) / 10,
                                               warmup: max(1, settings.steps / 10), decaySteps: settings.steps)
        let loop = TrainingLoop(model: model, optimizer: optimizer, maxGradientNorm: 1, schedule: { Float(schedule.lr(at: $0 - 1)) })
        var rng = SplitMix64(seed: settings.seed ^ 0x5052_4554)
        var losses: [Float] = []
        try loop.fit(steps: settings.steps, loss: { _ in
            let picked = (0..<settings.batchSize).map { _ in rows[rng.nextInt(below: rows.count)] }
            return try loss(model, Objectives.batch(objective, rows: picked, words: words, rng: &rng))
        }, log: { step in
            losses.append(step.loss)
            onStep(step.step, step.loss)
        })
        return (model, losses)
    }

    /// Mean cross-entropy at the batch's scored positions.
    public static func loss(_ model: MaskedLanguageModel, _ batch: ObjectiveBatch) throws -> Variable {
        try model.logits(inputIDs: batch.inputIDs, attentionMask: batch.attentionMask, positions: batch.positions)
            .crossEntropy(labels: batch.labels)
    }

    /// Mean loss per predicted token of `objective` on `rows` (fixed corruption seed, no gradients).
    public static func heldOutLoss(_ model: MaskedLanguageModel, _ objective: Objective, rows: [[Int]], words: Int,
                                   batchSize: Int = 64, seed: UInt64 = 99) throws -> Double {
        var rng = SplitMix64(seed: seed)
        var total = 0.0, count = 0
        try Autograd.noGrad {
            for start in stride(from: 0, to: rows.count, by: batchSize) {
                let batch = Objectives.batch(objective, rows: Array(rows[start..<min(rows.count, start + batchSize)]), words: words, rng: &rng)
                guard !batch.labels.isEmpty else { continue }
                total += Double(try loss(model, batch).scalar) * Double(batch.labels.count)
                count += batch.labels.count
            }
        }
        return total / Double(max(1, count))
    }

    /// Mean-pooled, L2-normalised encoder vectors of `rows` (week 8's pooling), as probe features.
    public static func pooledFeatures(_ encoder: TransformerEncoder, rows: [[Int]], batchSize: Int = 64) throws -> Features {
        var vectors: [[Float]] = []
        try Autograd.noGrad {
            for start in stride(from: 0, to: rows.count, by: batchSize) {
                let (ids, mask) = Objectives.padded(Array(rows[start..<min(rows.count, start + batchSize)]))
                let hidden = try encoder(inputIDs: ids, attentionMask: mask).value
                vectors += SentenceEmbedder.meanPoolNormalized(hidden, mask: mask)
            }
        }
        return LinearProbe.features(vectors)
    }
}
