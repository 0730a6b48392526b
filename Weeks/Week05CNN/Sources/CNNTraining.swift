// The CNN training loop: Week 4's TrainingLoop plus augmentation.
//
// One epoch: a seeded permutation, batches gathered from the [N, 784] rows, each batch augmented
// (flips, shifts) unless maxShift < 0, then forward, cross-entropy, backward and the optimizer
// step: Week 4's TrainingLoop.epoch, whose forward runs in TrainingMode.training (batch norm
// uses batch statistics); `evaluate` runs outside it (running statistics, no dropping).

import Shared
import Week04MNIST

/// An epoch's training figures: the same record week 4's trainer returns.
public typealias CNNEpoch = EpochResult

public enum CNNTrainer {
    public static func trainEpoch(model: any Layer, optimizer: any Optimizer, images: Tensor, labels: [Int],
                                  batchSize: Int, maxShift: Int, rng: inout SplitMix64,
                                  progress: (Int, Double) -> Void = { _, _ in }) throws -> CNNEpoch {
        let loop = TrainingLoop(model: model, optimizer: optimizer)
        return try loop.epoch(examples: labels.count, batchSize: batchSize, rng: &rng, loss: { indices, rng in
            var x = try Trainer.gatherBatch(images, indices)
            if maxShift >= 0 { x = try Augmentation.apply(x, width: 28, height: 28, maxShift: maxShift, rng: &rng) }
            return try Trainer.classificationLoss(model: model, x: x, labels: indices.map { labels[$0] })
        }, progress: progress)
    }

    /// Week 4's evaluation in evaluation mode (batch norm's running statistics).
    public static func evaluate(model: any Layer, images: Tensor, labels: [Int]) throws -> ClassificationEvaluation {
        try TrainingMode.evaluating {
            try Trainer.evaluate(model: model, images: images, labels: labels, batchSize: 500)
        }
    }
}
