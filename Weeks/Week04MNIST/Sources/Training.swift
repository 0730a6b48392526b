// The classifier training loop: shuffle, batch, forward, loss, backward, step; and evaluation.
//
// One epoch = a fresh seeded permutation of the training rows, cut into batches of `batchSize`
// (the last one may be smaller) by TrainingLoop.epoch; each batch is gathered into a [B, 784]
// tensor, the model gives logits [B, 10], crossEntropy gives the mean loss, backward fills every
// parameter's grad and the optimizer steps. Evaluation runs the same forward pass without
// recording a tape.
// The learning rate follows a cosine schedule from `lr` down to lr/20 across the run
// (`cosineLR`), which settles the last epochs without a separate tuning knob.

import Foundation
import Shared

public struct EpochResult: Sendable {
    public var loss: Double
    public var accuracy: Double

    public init(loss: Double, accuracy: Double) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// A classifier scored on a labelled set: mean cross-entropy, accuracy and the predicted labels.
public struct ClassificationEvaluation: Sendable {
    public var loss: Double
    public var accuracy: Double
    public var predictions: [Int]
}

public enum Trainer {
    /// One pass over (images, labels) on the TrainingLoop. `progress(batchesDone, runningLoss)`
    /// after every batch.
    public static func trainEpoch(model: any Layer, optimizer: any Optimizer, images: Tensor, labels: [Int],
                                  batchSize: Int, rng: inout SplitMix64,
                                  progress: (Int, Double) -> Void = { _, _ in }) throws -> EpochResult {
        let loop = TrainingLoop(model: model, optimizer: optimizer)
        return try loop.epoch(examples: labels.count, batchSize: batchSize, rng: &rng, loss: { indices, _ in
            try classificationLoss(model: model, x: gatherBatch(images, indices), labels: indices.map { labels[$0] })
        }, progress: progress)
    }

    /// Mean cross-entropy of the batch and how many of its rows the logits classify correctly.
    public static func classificationLoss(model: any Layer, x: Tensor, labels: [Int]) throws -> (loss: Variable, correct: Int) {
        let logits = try model(Variable(x))
        let predicted = try logits.value.argmax(axis: 1)
        return (try logits.crossEntropy(labels: labels), zip(predicted, labels).filter { $0 == $1 }.count)
    }

    /// The rows of `images` [N, D] at `indices` → [B, D], one memcpy per row.
    public static func gatherBatch(_ images: Tensor, _ indices: [Int]) throws -> Tensor {
        let width = images.rowLength, rows = images.rowCount
        guard let bad = indices.first(where: { $0 < 0 || $0 >= rows }) else {
            var out = [Float](repeating: 0, count: indices.count * width)
            images.storage.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    for (r, i) in indices.enumerated() {
                        (dst.baseAddress! + r * width).update(from: src.baseAddress! + i * width, count: width)
                    }
                }
            }
            return try Tensor(shape: [indices.count] + Array(images.shape.dropFirst()), storage: out)
        }
        throw TensorError.outOfRange("row \(bad) of a tensor with shape \(images.shape)")
    }

    /// Forward, loss and backward for one batch: fills every parameter's grad and returns the loss
    /// and the predicted classes. The tape is released when this returns, so the optimizer then
    /// updates weights that no backward closure still holds (no copy-on-write of the weights).
    public static func gradientStep(model: any Layer, x: Tensor, labels: [Int]) throws -> (loss: Float, predicted: [Int]) {
        let logits = try TrainingMode.training { try model(Variable(x)) }
        let loss = try logits.crossEntropy(labels: labels)
        model.zeroGrad()
        try loss.backward()
        return (loss.scalar, try logits.value.argmax(axis: 1))
    }

    /// Loss, accuracy and predicted classes, in batches, without a tape.
    public static func evaluate(model: any Layer, images: Tensor, labels: [Int], batchSize: Int = 1000) throws -> ClassificationEvaluation {
        try Autograd.noGrad {
            var predictions: [Int] = []
            predictions.reserveCapacity(labels.count)
            var totalLoss = 0.0
            var start = 0
            while start < labels.count {
                let end = Swift.min(start + batchSize, labels.count)
                let logits = try model(Variable(try images.rows(start..<end)))
                let y = Array(labels[start..<end])
                totalLoss += Double(try logits.crossEntropy(labels: y).scalar) * Double(end - start)
                predictions += try logits.value.argmax(axis: 1)
                start = end
            }
            let correct = zip(predictions, labels).filter { $0 == $1 }.count
            let n = Double(Swift.max(1, labels.count))
            return ClassificationEvaluation(loss: totalLoss / n, accuracy: Double(correct) / n, predictions: predictions)
        }
    }

    /// lr at `epoch` (0-based) of `epochs`: lr_min + ½(lr − lr_min)(1 + cos(π · epoch / epochs)).
    public static func cosineLR(base: Float, epoch: Int, epochs: Int) -> Float {
        let minimum = base / 20
        let phase = Double.pi * Double(epoch) / Double(Swift.max(1, epochs))
        let factor = Float(0.5 * (1 + Foundation.cos(phase)))
        return minimum + (base - minimum) * factor
    }
}

/// counts[true][predicted].
public struct ConfusionMatrix: Sendable {
    public let counts: [[Int]]

    public init(labels: [Int], predictions: [Int], classes: Int) {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (t, p) in zip(labels, predictions) where t >= 0 && t < classes && p >= 0 && p < classes {
            counts[t][p] += 1
        }
        self.counts = counts
    }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Recall of each class: counts[c][c] / Σ counts[c].
    public var perClassAccuracy: [Double] {
        counts.enumerated().map { c, row in
            let total = row.reduce(0, +)
            return total == 0 ? 0 : Double(row[c]) / Double(total)
        }
    }
}
