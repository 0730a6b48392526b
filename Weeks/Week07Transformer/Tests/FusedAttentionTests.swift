// The fused self-attention path (one [B, T, 3H] projection read in place by the packed attention
// op) against the separate ops it replaces — query/key/value Linear, splitHeads, attention,
// mergeHeads — on values and on every gradient; its gradients against central differences; and
// FastMath.exp (GELU's backward) against libm.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import XCTest

final class FusedAttentionTests: XCTestCase {
    func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var rng = SplitMix64(seed: seed)
        return Tensor.randomUniform(shape, low: -scale, high: scale, using: &rng)
    }

    /// The unfused composition, written out with week 4's and this week's separate ops.
    func separateOps(_ mha: MultiHeadAttention, _ x: Variable, mask: AttentionMask?) throws -> Variable {
        let q = try Attention.splitHeads(try mha.query(x), heads: mha.heads)
        let k = try Attention.splitHeads(try mha.key(x), heads: mha.heads)
        let v = try Attention.splitHeads(try mha.value(x), heads: mha.heads)
        let o = try Attention.scaledDotProduct(query: q, key: k, value: v, mask: mask)
        return try mha.output(try Attention.mergeHeads(o))
    }

    func testFusedSelfAttentionEqualsSeparateOpsWithGradients() throws {
        var rng = SplitMix64(seed: 21)
        let mha = MultiHeadAttention(hiddenSize: 8, heads: 2, rng: &rng)
        for p in mha.parameters { p.value = random(p.shape, seed: UInt64(p.value.count) &+ 5, scale: 0.5) }
        let mask = try AttentionMask.padding([[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]])
        let xValue = random([2, 5, 8], seed: 22)
        let seed = random([2, 5, 8], seed: 23)   // ∂L/∂out
        func run(_ body: (Variable) throws -> Variable) throws -> (out: [Float], grads: [[Float]]) {
            for p in mha.parameters { p.zeroGrad() }
            let x = Variable(xValue, requiresGrad: true)
            let out = try body(x)
            try out.backward(seed)
            return (out.value.storage, [x.grad!.storage] + mha.parameters.map { $0.grad!.storage })
        }
        let fused = try run { try mha($0, mask: mask) }
        let reference = try run { try separateOps(mha, $0, mask: mask) }
        assertClose(fused.out, reference.out, rtol: 1e-5, atol: 1e-6, "output")
        XCTAssertEqual(fused.grads.count, 9)  // x and the 8 parameters
        for (i, (a, b)) in zip(fused.grads, reference.grads).enumerated() {
            assertClose(a, b, rtol: 1e-5, atol: 1e-6, "gradient \(i)")
        }
    }

    func testPackedAttentionGradientsMatchNumericalGradient() throws {
        var rng = SplitMix64(seed: 31)
        let mha = MultiHeadAttention(hiddenSize: 6, heads: 3, rng: &rng)
        for p in mha.parameters { p.value = random(p.shape, seed: UInt64(p.value.count) &+ 9, scale: 0.7) }
        let mask = try AttentionMask.padding([[1, 1, 0, 0], [1, 1, 1, 1]]).combined(with: .causal(4))
        let c = GradCheckCase(name: "fused self-attention", inputs: [random([2, 4, 6], seed: 32)]) { try mha($0[0], mask: mask) }
        let analytic = try GradCheck.analytic(c)
        let numeric = numericalGradient(at: c.inputs[0].storage, h: 1e-2, GradCheck.lossFunction(c, input: 0))
        assertClose(analytic[0].storage, numeric, rtol: 1e-2, atol: 2e-3, "x")
    }

    func testPackedLayoutHoldsQueryKeyValueSideBySide() throws {
        var rng = SplitMix64(seed: 41)
        let mha = MultiHeadAttention(hiddenSize: 4, heads: 2, rng: &rng)
        let x = Variable(random([1, 3, 4], seed: 42))
        let packed = try Attention.projectQKV(x, [mha.query, mha.key, mha.value])
        XCTAssertEqual(packed.shape, [1, 3, 12])
        for (i, layer) in [mha.query, mha.key, mha.value].enumerated() {
            let alone = try layer(x).value
            for t in 0..<3 {
                for j in 0..<4 { XCTAssertEqual(packed.value[0, t, 4 * i + j], alone[0, t, j], accuracy: 1e-6) }
            }
        }
    }

    func testFastExpMatchesLibm() {
        var x: Float = -87
        var worst: Float = 0
        while x <= 88 {
            let exact = Foundation.exp(x)
            worst = max(worst, abs(FastMath.exp(x) - exact) / exact)
            x += 0.0137
        }
        XCTAssertLessThan(worst, 5e-7, "largest relative error")
        XCTAssertEqual(FastMath.exp(0), 1)
        XCTAssertTrue(FastMath.exp(.nan).isNaN)
        XCTAssertLessThan(FastMath.exp(-200), 1e-37)
    }
}
