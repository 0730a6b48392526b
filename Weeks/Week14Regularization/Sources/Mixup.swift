// Mixup (Zhang et al., 2018): train on convex combinations of pairs of examples and of their
// targets,
//
//   λ ~ Beta(α, α),  π = a random permutation of the batch
//   x̃ = λ·x + (1 − λ)·x[π],   q̃ = λ·q + (1 − λ)·q[π]      (q: one-hot or smoothed targets)
//
// so the network is asked to be linear between training points instead of confident on them.
// One λ per batch, as in the paper's reference code. Beta(α, α) is drawn as G₁/(G₁ + G₂) from
// two Gamma(α) draws (Marsaglia–Tsang; for α < 1 the boost G(α) = G(α + 1)·U^{1/α}).
//
// What this file does not do: no CutMix (pasted rectangles), no per-example λ.

import Foundation
import Shared

public enum Mixup {
    /// A Gamma(shape, 1) sample (Marsaglia & Tsang, 2000).
    public static func gamma(_ shape: Double, rng: inout SplitMix64) -> Double {
        if shape < 1 {
            let u = Swift.max(rng.nextUnitDouble(), Double.leastNormalMagnitude)
            return gamma(shape + 1, rng: &rng) * Foundation.pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            let z = rng.nextGaussian()
            let t = 1 + c * z
            guard t > 0 else { continue }
            let v = t * t * t
            let u = rng.nextUnitDouble()
            if Foundation.log(Swift.max(u, Double.leastNormalMagnitude)) < 0.5 * z * z + d - d * v + d * Foundation.log(v) {
                return d * v
            }
        }
    }

    /// A Beta(α, α) sample in (0, 1).
    public static func lambda(alpha: Double, rng: inout SplitMix64) -> Double {
        let a = gamma(alpha, rng: &rng), b = gamma(alpha, rng: &rng)
        return a + b > 0 ? a / (a + b) : 0.5
    }

    /// rows λ·a + (1 − λ)·a[π] of a [B, D] tensor.
    public static func mix(_ a: Tensor, permutation: [Int], lambda: Float) throws -> Tensor {
        // exercise mixup-mix: Mix every row of a [B, D] tensor with its partner row: λ·a[r] + (1 − λ)·a[π(r)].
        // hint: The permutation gives each row's partner; it must have one entry per row, else throw a TensorError.
        // hint: The same function mixes images and targets, so work on rows of any length D.
        // tests: MixupTests/testMixByHand
        let d = a.rowLength
        guard permutation.count == a.rowCount else {
            throw TensorError.invalidShape(a.shape, reason: "mixup: a permutation of \(permutation.count) rows for \(a.rowCount)")
        }
        var out = [Float](repeating: 0, count: a.count)
        a.storage.withUnsafeBufferPointer { x in
            for (r, partner) in permutation.enumerated() {
                for j in 0..<d { out[r * d + j] = lambda * x[r * d + j] + (1 - lambda) * x[partner * d + j] }
            }
        }
        return try Tensor(shape: a.shape, storage: out)
        // end exercise mixup-mix
    }

    /// The batch (x [B, D], targets [B, C]) mixed with one λ ~ Beta(α, α) and a random partner per row.
    public static func apply(x: Tensor, targets: Tensor, alpha: Double, rng: inout SplitMix64) throws -> (x: Tensor, targets: Tensor, lambda: Float) {
        let lambda = Float(self.lambda(alpha: alpha, rng: &rng))
        let permutation = rng.permutation(x.rowCount)
        return (try mix(x, permutation: permutation, lambda: lambda), try mix(targets, permutation: permutation, lambda: lambda), lambda)
    }
}
