// Contrastive learning's loss, on the week-4 autograd engine.
//
// InfoNCE (van den Oord et al. 2018): B anchors aᵢ and their positives bᵢ, both L2-normalised rows;
// every other bⱼ in the batch is a negative for aᵢ. With logits sᵢⱼ = aᵢ·bⱼ / τ,
//   L = −(1/B) Σᵢ log( exp(sᵢᵢ) / Σⱼ exp(sᵢⱼ) )  = cross-entropy of row i of S against label i.
// The symmetric form (CLIP, SimCLR's NT-Xent without same-view negatives) averages this with the
// same loss on Sᵀ (each bⱼ must also pick out its aⱼ). τ (temperature) sets how sharply the
// softmax separates: small τ punishes hard negatives more. The loss is a composition of existing
// ops (matmul, scale, cross-entropy), so its gradient comes from the tape; only the row
// normalisation is a new op here:
//   y = x / ‖x‖        ∂L/∂x = (g − y · (g·y)) / ‖x‖      (the projection of g onto y's tangent plane)

import Foundation
import Shared
import Week04MNIST

extension Variable {
    /// Each row scaled to unit L2 norm (rows of a [N, D] matrix); ε guards a zero row.
    public func l2NormalizedRows(epsilon: Float = 1e-8) throws -> Variable {
        guard value.rank == 2 else { throw AutogradError.invalidArgument("l2NormalizedRows needs [N, D], got \(shape)") }
        let n = shape[0], d = shape[1]
        var norms = [Float](repeating: 0, count: n)
        var out = value.storage
        for r in 0..<n {
            var s: Float = 0
            for j in 0..<d { s += out[r * d + j] * out[r * d + j] }
            norms[r] = max(s.squareRoot(), epsilon)
            for j in 0..<d { out[r * d + j] /= norms[r] }
        }
        let y = try Tensor(shape: shape, storage: out)
        return Variable(op: "l2NormalizedRows", inputs: [self], value: y) { g in
            var gx = g.storage
            for r in 0..<n {
                var dot: Float = 0
                for j in 0..<d { dot += g.storage[r * d + j] * y.storage[r * d + j] }
                for j in 0..<d { gx[r * d + j] = (g.storage[r * d + j] - y.storage[r * d + j] * dot) / norms[r] }
            }
            return [try Tensor(shape: y.shape, storage: gx)]
        }
    }
}

public enum InfoNCE {
    /// Mean InfoNCE of anchors [B, D] against positives [B, D] (rows already normalised, or not:
    /// the loss is defined on whatever rows it gets). `symmetric` averages both directions.
    public static func loss(_ anchors: Variable, _ positives: Variable, temperature: Float,
                            symmetric: Bool = true) throws -> Variable {
        // exercise info-nce-loss: The mean InfoNCE loss of anchors against their positives, optionally symmetric, on the autograd tape.
        // hint: All B×B similarities at once: logits = A·Bᵀ / τ, one matmul; row i's correct "class" is column i.
        // hint: Then it is plain cross-entropy with labels 0…B−1; the symmetric form averages that with the same on the transposed logits.
        // tests: InfoNCETests/testPerfectAlignmentGivesLowLossAndShuffledGivesHigh, InfoNCETests/testLossEqualsNumpy
        guard anchors.value.rank == 2, anchors.shape == positives.shape else {
            throw AutogradError.invalidArgument("InfoNCE needs anchors and positives of one shape [B, D], got \(anchors.shape) and \(positives.shape)")
        }
        guard temperature > 0 else { throw AutogradError.invalidArgument("InfoNCE temperature must be positive, got \(temperature)") }
        let b = anchors.shape[0]
        let labels = Array(0..<b)
        let logits = try Variable.matmul(anchors, positives, transposeB: true).scaled(1 / temperature)
        let forward = try logits.crossEntropy(labels: labels)
        guard symmetric else { return forward }
        let backward = try logits.transposed().crossEntropy(labels: labels)
        return try (forward + backward).scaled(0.5)
        // end exercise info-nce-loss
    }
}
