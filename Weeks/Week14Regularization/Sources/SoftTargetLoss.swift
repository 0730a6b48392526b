// Cross-entropy against a probability distribution per row instead of one class, and the two
// regularisers that produce such targets: label smoothing and mixup (Mixup.swift).
//
//   softCrossEntropy   L = −(1/N) Σₙ Σⱼ qₙⱼ log softmax(zₙ)ⱼ        ∂z = (softmax(z) − q) / N
//   label smoothing    q = (1 − ε)·onehot(y) + ε/C                  (torch's CrossEntropyLoss(label_smoothing=ε))
//
// With ε = 0 the targets are one-hot and the loss is week 4's crossEntropy. Smoothing keeps the
// right class's target below 1, so the logits are never pushed to infinity: the loss is minimised
// when z_y − z_j = log((1 − ε + ε/C)/(ε/C)) for every other j, a finite margin.
//
// Rows are computed one at a time with Shared's softmax row kernel (the same one crossEntropy
// uses). What this file does not do: no class weights, no ignore_index, no reduction other than the mean.

import Foundation
import Shared
import Week04MNIST

public enum SoftTargets {
    /// [N, C] rows (1 − ε)·onehot(y) + ε/C.
    public static func smoothed(labels: [Int], classes: Int, smoothing epsilon: Float) throws -> Tensor {
        // exercise label-smoothing: Build label-smoothed target rows (1 − ε)·onehot(y) + ε/C for a batch of labels.
        // hint: Every class gets the same background share ε/C; the labelled class gets 1 − ε on top of it, so each row still sums to 1.
        // hint: Reject ε outside [0, 1] and labels outside 0..<C with the AutogradError cases the tests expect.
        // tests: LabelSmoothingTests/testWorkedExample, LabelSmoothingTests/testEqualsTorchCrossEntropyWithLabelSmoothing
        guard epsilon >= 0 && epsilon <= 1 else { throw AutogradError.invalidArgument("label smoothing must be in [0, 1], got \(epsilon)") }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
            throw AutogradError.labelOutOfRange(label: bad, classes: classes)
        }
        let background = epsilon / Float(classes)
        var q = [Float](repeating: background, count: labels.count * classes)
        for (r, label) in labels.enumerated() { q[r * classes + label] += 1 - epsilon }
        return try Tensor(shape: [labels.count, classes], storage: q)
        // end exercise label-smoothing
    }
}

extension Variable {
    /// Mean cross-entropy of logits [N, C] against target distributions q [N, C] → a scalar.
    public func softCrossEntropy(targets q: Tensor) throws -> Variable {
        // exercise soft-cross-entropy: Compute the mean cross-entropy of logits [N, C] against target distributions [N, C], with its backward.
        // hint: Per row, −Σⱼ qⱼ log softmax(z)ⱼ; compute log-softmax stably as log Σ exp(z − m) + m − zⱼ (Kernels.softmaxRow gives m and the sum and writes the probabilities).
        // hint: Sum the loss in Double and divide by N; keep the probabilities for backward.
        // hint: The gradient of the mean is (softmax(z) − q) / N times the incoming scalar gradient; check the shapes first and throw if they differ.
        // tests: LabelSmoothingTests/testSoftCrossEntropyOnHandTargets
        guard value.rank == 2, q.shape == shape else {
            throw AutogradError.invalidArgument("softCrossEntropy: logits \(shape) and targets \(q.shape) must both be [N, C]")
        }
        let (rows, classes) = (shape[0], shape[1])
        var probabilities = [Float](repeating: 0, count: value.count)
        var loss = 0.0
        value.storage.withUnsafeBufferPointer { z in
            probabilities.withUnsafeMutableBufferPointer { p in
                q.storage.withUnsafeBufferPointer { target in
                    for r in 0..<rows {
                        let offset = r * classes
                        let (m, total) = Kernels.softmaxRow(z.baseAddress! + offset, into: p.baseAddress! + offset, count: classes)
                        // −log softmax(z)ⱼ = log Σ exp(z − m) + m − zⱼ
                        let logTotal = Double(Foundation.log(total)) + Double(m)
                        for j in 0..<classes where target[offset + j] != 0 {
                            loss += Double(target[offset + j]) * (logTotal - Double(z[offset + j]))
                        }
                    }
                }
            }
        }
        let mean = Float(loss / Double(Swift.max(1, rows)))
        return Variable(op: "softCrossEntropy", inputs: [self], value: .scalar(mean)) { g in
            let scale = g.storage[0] / Float(Swift.max(1, rows))
            q.storage.withUnsafeBufferPointer { target in
                for i in 0..<probabilities.count { probabilities[i] = (probabilities[i] - target[i]) * scale }
            }
            return [try Tensor(shape: [rows, classes], storage: probabilities)]
        }
        // end exercise soft-cross-entropy
    }

    /// torch's CrossEntropyLoss(label_smoothing: ε) with integer labels.
    public func crossEntropy(labels: [Int], smoothing epsilon: Float) throws -> Variable {
        guard value.rank == 2, labels.count == shape[0] else {
            throw AutogradError.invalidArgument("crossEntropy: logits \(shape) need rank 2 with \(labels.count) rows")
        }
        return try softCrossEntropy(targets: SoftTargets.smoothed(labels: labels, classes: shape[1], smoothing: epsilon))
    }
}
