// The Assess gate, part 2: attention against a naive Double triple loop, gradients against
// central differences, and the properties masks and positions must have.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import XCTest

final class AttentionTests: XCTestCase {
    func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var rng = SplitMix64(seed: seed)
        return Tensor.randomUniform(shape, low: -scale, high: scale, using: &rng)
    }

    /// softmax(q·kᵀ/√d + mask)·v in Double with explicit loops, skipping blocked keys.
    func naiveAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, allowed: (Int, Int, Int) -> Bool) -> [Double] {
        let (b, h, tq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let (tk, dv) = (k.shape[2], v.shape[3])
        var out: [Double] = []
        for bi in 0..<b {
            for hi in 0..<h {
                for i in 0..<tq {
                    var scores = [Double](repeating: -.infinity, count: tk)
                    for j in 0..<tk where allowed(bi, i, j) {
                        var s = 0.0
                        for c in 0..<d { s += Double(q[bi, hi, i, c]) * Double(k[bi, hi, j, c]) }
                        scores[j] = s / Double(d).squareRoot()
                    }
                    let m = scores.max()!
                    let e = scores.map { Foundation.exp($0 - m) }
                    let total = e.reduce(0, +)
                    for c in 0..<dv {
                        var acc = 0.0
                        for j in 0..<tk { acc += e[j] / total * Double(v[bi, hi, j, c]) }
                        out.append(acc)
                    }
                }
            }
        }
        return out
    }

    func testAttentionEqualsNaiveReferenceWithPaddingAndCausalMasks() throws {
        let q = random([2, 3, 5, 4], seed: 1, scale: 2), k = random([2, 3, 5, 4], seed: 2, scale: 2)
        let v = random([2, 3, 5, 6], seed: 3)
        let padding = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]
        // No mask.
        let plain = try Attention.scaledDotProduct(query: Variable(q), key: Variable(k), value: Variable(v))
        assertClose(plain.value.doubles, naiveAttention(q, k, v) { _, _, _ in true }, rtol: 1e-5, atol: 1e-6)
        // Padding and causal together.
        let mask = try AttentionMask.padding(padding).combined(with: .causal(5))
        XCTAssertEqual(mask.additive.shape, [2, 5, 5])
        let masked = try Attention.scaledDotProduct(query: Variable(q), key: Variable(k), value: Variable(v), mask: mask)
        let expected = naiveAttention(q, k, v) { b, i, j in j <= i && padding[b][j] == 1 }
        assertClose(masked.value.doubles, expected, rtol: 1e-5, atol: 1e-6)
        // A boolean mask gives the same as the additive one.
        let allowed = (0..<2).map { b in (0..<5).map { i in (0..<5).map { j in j <= i && padding[b][j] == 1 } } }
        let boolean = try Attention.scaledDotProduct(query: Variable(q), key: Variable(k), value: Variable(v),
                                                     mask: AttentionMask(allowed: allowed))
        XCTAssertEqual(boolean.value, masked.value)
    }

    func testAttentionWeightsAreRowStochasticAndZeroWhereBlocked() throws {
        let q = random([1, 2, 4, 3], seed: 4), k = random([1, 2, 4, 3], seed: 5), v = random([1, 2, 4, 3], seed: 6)
        let (_, p) = try Attention.scaledDotProductWithWeights(query: Variable(q), key: Variable(k), value: Variable(v),
                                                               mask: .causal(4))
        for h in 0..<2 {
            for i in 0..<4 {
                var total: Float = 0
                for j in 0..<4 {
                    total += p[0, h, i, j]
                    if j > i { XCTAssertEqual(p[0, h, i, j], 0) }
                }
                XCTAssertEqual(total, 1, accuracy: 1e-6)
            }
        }
    }

    func testAttentionGradientsMatchNumericalGradient() throws {
        let mask = try AttentionMask.padding([[1, 1, 1, 0], [1, 1, 1, 1]]).combined(with: .causal(4))
        let c = GradCheckCase(name: "attention", inputs: [random([2, 2, 4, 3], seed: 7), random([2, 2, 4, 3], seed: 8),
                                                          random([2, 2, 4, 5], seed: 9)]) {
            try Attention.scaledDotProduct(query: $0[0], key: $0[1], value: $0[2], mask: mask)
        }
        let analytic = try GradCheck.analytic(c)
        for index in 0..<3 {
            let numeric = numericalGradient(at: c.inputs[index].storage, h: 1e-2, GradCheck.lossFunction(c, input: index))
            assertClose(analytic[index].storage, numeric, rtol: 1e-2, atol: 2e-3, "input \(index)")
        }
    }

    func testHeadSplitAndMergeAreInverseAndGradchecked() throws {
        let x = random([2, 3, 6], seed: 10)
        let split = try Attention.splitHeads(Variable(x), heads: 2)
        XCTAssertEqual(split.shape, [2, 2, 3, 3])
        XCTAssertEqual(split.value, try x.reshaped([2, 3, 2, 3]).permuted([0, 2, 1, 3]))
        XCTAssertEqual(try Attention.mergeHeads(split).value, x)
        let c = GradCheckCase(name: "split→merge", inputs: [x]) { try Attention.mergeHeads(try Attention.splitHeads($0[0], heads: 3).tanh()) }
        XCTAssertTrue(try GradCheck.run(c).ok)
    }

    func smallConfig(_ placement: TransformerConfig.NormPlacement, causal: Bool = false,
                     positions: TransformerConfig.Positions = .learned) -> TransformerConfig {
        TransformerConfig(vocabularySize: 20, hiddenSize: 8, layers: 2, heads: 2, intermediateSize: 12, maxPositions: 16,
                          typeVocabularySize: 2, layerNormEpsilon: 1e-5, normPlacement: placement, positions: positions,
                          causal: causal, dropout: 0)
    }

    func testBlockGradientsMatchNumericalGradient() throws {
        for placement in TransformerConfig.NormPlacement.allCases {
            var rng = SplitMix64(seed: 11)
            var config = smallConfig(placement, causal: placement == .pre)
            config.activation = placement == .pre ? .geluTanh : .gelu
            let block = TransformerBlock(config: config, rng: &rng)
            // Larger weights than BERT's 0.02 so attention is far from uniform.
            for p in block.namedParameters() where p.value.shape.count == 2 {
                p.value.value = random(p.value.shape, seed: 12, scale: 0.6)
            }
            let mask = try AttentionMask.padding([[1, 1, 1, 0], [1, 1, 1, 1]])
            let c = GradCheckCase(name: "block \(placement)", inputs: [random([2, 4, 8], seed: 13)]) { try block($0[0], mask: mask) }
            let analytic = try GradCheck.analytic(c)
            let numeric = numericalGradient(at: c.inputs[0].storage, h: 1e-2, GradCheck.lossFunction(c, input: 0))
            assertClose(analytic[0].storage, numeric, rtol: 1e-2, atol: 2e-3, "block \(placement) ∂x")
            // One parameter as well: ∂L/∂W_query against central differences.
            let x = Variable(c.inputs[0])
            block.zeroGrad()
            try GradCheck.loss(c, [x]).backward()
            let weight = block.attention.query.weight
            let analyticW = weight.grad!.storage
            let saved = weight.value
            let numericW = numericalGradient(at: saved.storage, h: 1e-2) { values in
                weight.value.storage = values
                return (try? Autograd.noGrad { try GradCheck.loss(c, [Variable(c.inputs[0])]).scalar }) ?? .nan
            }
            weight.value = saved
            assertClose(analyticW, numericW, rtol: 1e-2, atol: 2e-3, "block \(placement) ∂W_query")
        }
    }

    func testCausalModelIgnoresFutureTokensExactly() throws {
        for placement in TransformerConfig.NormPlacement.allCases {
            let encoder = try TransformerEncoder(config: smallConfig(placement, causal: true), seed: 3)
            let a = try Autograd.noGrad { try encoder(inputIDs: [[1, 5, 7, 2, 9, 4]]) }
            let b = try Autograd.noGrad { try encoder(inputIDs: [[1, 5, 7, 11, 3, 19]]) }
            let h = 8
            XCTAssertEqual(Array(a.value.storage[..<(3 * h)]), Array(b.value.storage[..<(3 * h)]), "positions 0-2 must not see 3-5")
            XCTAssertNotEqual(Array(a.value.storage[(3 * h)...]), Array(b.value.storage[(3 * h)...]))
        }
    }

    func testPaddedTokensDoNotChangeRealTokensOutputs() throws {
        let encoder = try TransformerEncoder(config: smallConfig(.post), seed: 4)
        let mask = [[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]]
        let a = try Autograd.noGrad { try encoder(inputIDs: [[1, 5, 7, 2, 0, 0], [3, 4, 5, 6, 7, 8]], attentionMask: mask) }
        let b = try Autograd.noGrad { try encoder(inputIDs: [[1, 5, 7, 2, 13, 17], [3, 4, 5, 6, 7, 8]], attentionMask: mask) }
        let h = 8
        XCTAssertEqual(Array(a.value.storage[..<(4 * h)]), Array(b.value.storage[..<(4 * h)]))
        XCTAssertEqual(Array(a.value.storage[(6 * h)...]), Array(b.value.storage[(6 * h)...]))
        // Without the mask the padded tokens do leak into the real ones.
        let c = try Autograd.noGrad { try encoder(inputIDs: [[1, 5, 7, 2, 13, 17], [3, 4, 5, 6, 7, 8]]) }
        XCTAssertNotEqual(Array(a.value.storage[..<(4 * h)]), Array(c.value.storage[..<(4 * h)]))
    }

    func testBlockWithoutPositionsIsPermutationEquivariant() throws {
        for placement in TransformerConfig.NormPlacement.allCases {
            let encoder = try TransformerEncoder(config: smallConfig(placement, positions: .none), seed: 6)
            let ids = [3, 9, 1, 14, 6]
            let order = [4, 2, 0, 3, 1]
            let a = try Autograd.noGrad { try encoder(inputIDs: [ids]) }
            let b = try Autograd.noGrad { try encoder(inputIDs: [order.map { ids[$0] }]) }
            let h = 8
            var permuted: [Float] = []
            for i in order { permuted += a.value.storage[(i * h)..<((i + 1) * h)] }
            assertClose(b.value.storage, permuted, rtol: 0, atol: 1e-5, "\(placement)")
            // With learned positions the same permutation changes the outputs.
            let positional = try TransformerEncoder(config: smallConfig(placement), seed: 6)
            let c = try Autograd.noGrad { try positional(inputIDs: [ids]) }
            let d = try Autograd.noGrad { try positional(inputIDs: [order.map { ids[$0] }]) }
            var permutedC: [Float] = []
            for i in order { permutedC += c.value.storage[(i * h)..<((i + 1) * h)] }
            XCTAssertGreaterThan(zip(d.value.storage, permutedC).map { abs($0 - $1) }.max()!, 1e-3)
        }
    }

    func testSinusoidalTableAtHandCheckedEntries() {
        let pe = sinusoidalPositions(8, 4)
        XCTAssertEqual(pe.shape, [8, 4])
        // p = 0: sin 0 = 0, cos 0 = 1.  p = 1, i = 0: sin 1, cos 1.  p = 3, i = 1: angle 3/10000^(2/4) = 0.03.
        XCTAssertEqual(pe[0, 0], 0)
        XCTAssertEqual(pe[0, 1], 1)
        XCTAssertEqual(pe[1, 0], 0.84147098, accuracy: 1e-6)
        XCTAssertEqual(pe[1, 1], 0.54030231, accuracy: 1e-6)
        XCTAssertEqual(pe[3, 2], 0.02999550, accuracy: 1e-6)
        XCTAssertEqual(pe[3, 3], 0.99955003, accuracy: 1e-6)
        XCTAssertEqual(pe[7, 0], 0.6569866, accuracy: 1e-6)
    }

    func testFastGeluMatchesWeekFourGeluAndErf() throws {
        let grid = (0..<801).map { Float($0) / 100 - 4 } + [-9, 7.5, 1e-4]
        for x in grid { XCTAssertEqual(FastMath.erf(x), Foundation.erf(x), accuracy: 5e-7, "erf(\(x))") }
        let v = Variable(Tensor(grid))
        assertClose(v.fastGELU().value.storage, v.gelu().value.storage, rtol: 1e-6, atol: 1e-6)
        let c = GradCheckCase(name: "fastGELU", inputs: [random([4, 5], seed: 14, scale: 3)]) { $0[0].fastGELU() }
        XCTAssertTrue(try GradCheck.run(c).ok)
    }

    func testLayerNormMatchesWeekFourLayerNorm() throws {
        let x = random([3, 4, 6], seed: 15, scale: 2)
        let ln = LayerNorm(6, epsilon: 1e-5)
        ln.weight.value = random([6], seed: 16)
        ln.bias.value = random([6], seed: 17)
        let ours = try ln(Variable(x)).value
        let week4 = try Variable(x).layerNorm(gamma: Variable(ln.weight.value), beta: Variable(ln.bias.value)).value
        assertClose(ours.storage, week4.storage, rtol: 1e-5, atol: 1e-6)
        // γ and β gradients equal Week 4's (gradchecked there) for the same loss.
        let r = Variable(random([3, 4, 6], seed: 18))
        try (try ln(Variable(x)) * r).sum().backward()
        let gamma = Variable(ln.weight.value, requiresGrad: true), beta = Variable(ln.bias.value, requiresGrad: true)
        try (try Variable(x).layerNorm(gamma: gamma, beta: beta) * r).sum().backward()
        assertClose(ln.weight.grad!.storage, gamma.grad!.storage, rtol: 1e-4, atol: 1e-5)
        assertClose(ln.bias.grad!.storage, beta.grad!.storage, rtol: 1e-4, atol: 1e-5)
        // Gradients through the module's own op.
        let g = GradCheckCase(name: "LayerNorm op", inputs: [x]) { try ln($0[0]) }
        XCTAssertTrue(try GradCheck.run(g).ok)
    }
}
