// The pretraining loop on Week 4's TrainingLoop: random windows → 80/10/10 masking → loss →
// backward → clip → Adam, with BERT's schedule (linear warm-up over the first `warmup` steps,
// then linear decay to zero).
// Warm-up matters for a post-norm transformer: Adam's first updates are large relative to the
// tiny initial weights, and without it the LayerNorm'd residual stream can lock up early.

import Foundation
import Shared
import Week04MNIST

public struct PretrainingOptions: Sendable {
    public var steps: Int
    public var batchSize: Int
    public var lr: Float
    public var warmup: Int
    public var clip: Float
    public var seed: UInt64

    public init(steps: Int = 400, batchSize: Int = 32, lr: Float = 1e-3, warmup: Int? = nil, clip: Float = 1,
                seed: UInt64 = 7) {
        self.steps = steps
        self.batchSize = batchSize
        self.lr = lr
        self.warmup = warmup ?? max(1, steps / 10)
        self.clip = clip
        self.seed = seed
    }

    /// Learning rate at step t (1-based).
    public func learningRate(at step: Int) -> Float {
        if step <= warmup { return lr * Float(step) / Float(warmup) }
        let remaining = Float(max(0, steps - step + 1)) / Float(max(1, steps - warmup))
        return lr * remaining
    }
}

public struct PretrainingStep: Sendable {
    public var step: Int
    public var loss: Float
    public var lr: Float
    public var seconds: Double
}

public enum MLMTrainer {
    /// Trains `model` on `windows`; `onStep` sees each step's loss (for a progress bar).
    public static func train(_ model: MaskedLanguageModel, windows: [[Int]], options: PretrainingOptions,
                             onStep: (PretrainingStep) -> Void = { _ in }) throws -> [PretrainingStep] {
        guard !windows.isEmpty else { throw TransformerError.invalidInput("no training windows (is the corpus empty?)") }
        guard options.steps >= 1, options.batchSize >= 1 else {
            throw TransformerError.invalidInput("steps and batch size must be positive")
        }
        let loop = TrainingLoop(model: model, optimizer: Adam(model.parameters, lr: options.lr), maxGradientNorm: options.clip,
                                schedule: options.learningRate(at:))
        var rng = SplitMix64(seed: options.seed)
        var history: [PretrainingStep] = []
        try loop.fit(steps: options.steps, loss: { _ in
            let rows = (0..<options.batchSize).map { _ in windows[rng.nextInt(below: windows.count)] }
            return try model.loss(Masking.corrupt(rows, vocabularySize: model.config.vocabularySize, rng: &rng))
        }, log: { step in
            let record = PretrainingStep(step: step.step, loss: step.loss, lr: step.lr, seconds: step.seconds)
            history.append(record)
            onStep(record)
        })
        return history
    }

    /// Mean masked-LM loss on `windows` with a fixed masking seed (no dropout, no gradients).
    public static func evaluate(_ model: MaskedLanguageModel, windows: [[Int]], batchSize: Int = 32,
                                seed: UInt64 = 99) throws -> Float {
        var rng = SplitMix64(seed: seed)
        var total = 0.0, count = 0
        try Autograd.noGrad {
            for start in stride(from: 0, to: windows.count, by: batchSize) {
                let rows = Array(windows[start..<min(windows.count, start + batchSize)])
                let batch = Masking.corrupt(rows, vocabularySize: model.config.vocabularySize, rng: &rng)
                total += Double(try model.loss(batch).scalar) * Double(batch.labels.count)
                count += batch.labels.count
            }
        }
        return Float(total / Double(max(1, count)))
    }
}
