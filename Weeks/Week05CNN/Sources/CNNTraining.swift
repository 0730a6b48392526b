// The CNN training loop: Week 4's loop plus augmentation and the train/eval switch.
//
// One epoch: a seeded permutation, batches gathered from the [N, 784] rows, each batch augmented
// (flips, shifts) unless maxShift < 0, then Week 4's gradientStep (forward, cross-entropy, backward) and
// the optimizer step. Batch norm uses batch statistics here; `evaluate` switches every BatchNorm2d
// and Dropout to evaluation mode (running statistics, no dropping) and back.

import Shared
import Week04MNIST

/// An epoch's training figures: the same record week 4's trainer returns.
public typealias CNNEpoch = EpochResult

public enum CNNTrainer {
    public static func trainEpoch(model: any Layer, optimizer: any Optimizer, images: Tensor, labels: [Int],
                                  batchSize: Int, maxShift: Int, rng: inout SplitMix64,
                                  progress: (Int, Double) -> Void = { _, _ in }) throws -> CNNEpoch {
        TrainingMode.set(model, training: true)
        let n = labels.count
        let order = rng.permutation(n)
        var totalLoss = 0.0, correct = 0, batch = 0, start = 0
        while start < n {
            let indices = Array(order[start..<Swift.min(start + batchSize, n)])
            let y = indices.map { labels[$0] }
            var x = try Trainer.gatherBatch(images, indices)
            if maxShift >= 0 { x = try Augmentation.apply(x, width: 28, height: 28, maxShift: maxShift, rng: &rng) }
            let (loss, predicted) = try Trainer.gradientStep(model: model, x: x, labels: y)
            try optimizer.step()
            totalLoss += Double(loss) * Double(indices.count)
            correct += zip(predicted, y).filter { $0 == $1 }.count
            start += batchSize
            batch += 1
            progress(batch, totalLoss / Double(Swift.min(start, n)))
        }
        return CNNEpoch(loss: totalLoss / Double(Swift.max(1, n)), accuracy: Double(correct) / Double(Swift.max(1, n)))
    }

    /// Week 4's evaluation in evaluation mode (batch norm's running statistics).
    public static func evaluate(model: any Layer, images: Tensor, labels: [Int]) throws -> ClassificationEvaluation {
        TrainingMode.set(model, training: false)
        defer { TrainingMode.set(model, training: true) }
        return try Trainer.evaluate(model: model, images: images, labels: labels, batchSize: 500)
    }
}
