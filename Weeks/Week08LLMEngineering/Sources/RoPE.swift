// RoPE, rotary position embedding (Su et al. 2021), as Llama / GPT-NeoX and Hugging Face apply it.
//
// A query or key vector x of even size d at position m is split into halves (x₁ = x[0..<d/2],
// x₂ = x[d/2..<d]) and each pair (x₁ᵢ, x₂ᵢ) is rotated by the angle m·θᵢ, θᵢ = base^(−2i/d):
//
//   x₁ᵢ' = x₁ᵢ cos(mθᵢ) − x₂ᵢ sin(mθᵢ)
//   x₂ᵢ' = x₂ᵢ cos(mθᵢ) + x₁ᵢ sin(mθᵢ)
//
// Rotations compose, R(m)ᵀR(n) = R(n − m), so ⟨R(m)q, R(n)k⟩ = ⟨q, R(n − m)k⟩ depends on the
// positions only through their difference: attention sees relative positions, with no learned
// table and no limit on the sequence length. Angles are computed in Double.
// (Pairing the halves is Hugging Face's `rotate_half`; the original paper pairs neighbours
// (x₀, x₁), (x₂, x₃), …: the same rotation with the dimensions permuted.)

import Foundation
import Shared

public struct RotaryEmbedding: Sendable {
    public let headDimension: Int
    public let base: Double

    public init(headDimension: Int, base: Double = 10_000) {
        precondition(headDimension > 0 && headDimension % 2 == 0, "RoPE needs an even head dimension")
        self.headDimension = headDimension
        self.base = base
    }

    /// θᵢ = base^(−2i/d) for i in 0..<d/2.
    public var frequencies: [Double] {
        (0..<(headDimension / 2)).map { Foundation.pow(base, -2 * Double($0) / Double(headDimension)) }
    }

    /// Rotates `count` consecutive head vectors at `pointer` (each headDimension floats) to `position`.
    public func rotate(_ pointer: UnsafeMutablePointer<Float>, count: Int, position: Int) {
        // exercise rope-rotate: Rotate `count` consecutive head vectors in place to `position`.
        // hint: Dimension i pairs with dimension i + d/2 (rotate_half), and the pair turns by the angle position·θᵢ; `frequencies` holds the θᵢ.
        // hint: The angles are the same for every vector of the call: take their cosines and sines once, in Double, before the loop.
        // hint: Read both members of a pair before writing either: (a, b) → (a·cos − b·sin, b·cos + a·sin).
        // tests: AttentionTests/testRoPEDotProductDependsOnlyOnTheOffset
        let half = headDimension / 2
        var cosines = [Float](repeating: 0, count: half)
        var sines = [Float](repeating: 0, count: half)
        for (i, theta) in frequencies.enumerated() {
            let angle = Double(position) * theta
            cosines[i] = Float(Foundation.cos(angle))
            sines[i] = Float(Foundation.sin(angle))
        }
        for v in 0..<count {
            let x = pointer + v * headDimension
            for i in 0..<half {
                let a = x[i], b = x[i + half]
                x[i] = a * cosines[i] - b * sines[i]
                x[i + half] = b * cosines[i] + a * sines[i]
            }
        }
        // end exercise rope-rotate
    }

    /// One head vector rotated to `position`.
    public func rotated(_ vector: [Float], position: Int) -> [Float] {
        precondition(vector.count == headDimension, "RoPE: vector of \(vector.count), head dimension \(headDimension)")
        var out = vector
        out.withUnsafeMutableBufferPointer { rotate($0.baseAddress!, count: 1, position: position) }
        return out
    }

    /// x: [T, heads · d], row t at position start + t; every head of every row rotated.
    public func apply(_ x: Tensor, startPosition: Int) -> Tensor {
        var out = x
        let rows = x.rowCount, heads = x.rowLength / headDimension
        out.storage.withUnsafeMutableBufferPointer { p in
            for t in 0..<rows {
                rotate(p.baseAddress! + t * x.rowLength, count: heads, position: startPosition + t)
            }
        }
        return out
    }
}
