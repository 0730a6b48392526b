// Tensor arithmetic, broadcasting, reductions, matmul and kernels, each against a naive loop
// written out in the test (or a value worked by hand).

import Shared
import TestSupport
import XCTest

final class TensorTests: XCTestCase {
    func randomTensor(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SplitMix64(seed: seed)
        return Tensor.randomNormal(shape, using: &rng)
    }

    func testBroadcastingMatchesNaiveLoops() throws {
        // [2, 3, 4] + [3, 1] → every (i, j, k) gets b[j, 0].
        let a = randomTensor([2, 3, 4], seed: 1), b = randomTensor([3, 1], seed: 2)
        let c = try a + b
        XCTAssertEqual(c.shape, [2, 3, 4])
        var expected = [Float]()
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { expected.append(a[i, j, k] + b[j, 0]) } } }
        assertClose(c.storage, expected, rtol: 0)
        // [4] * [2, 3, 4] (a bias-like trailing operand on the left).
        let v = randomTensor([4], seed: 3)
        let d = try v * a
        var expectedD = [Float]()
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { expectedD.append(v[k] * a[i, j, k]) } } }
        assertClose(d.storage, expectedD, rtol: 0)
        // [3, 1] - [1, 4] → outer difference.
        let col = try Tensor(shape: [3, 1], storage: [1, 2, 3]), row = try Tensor(shape: [1, 4], storage: [10, 20, 30, 40])
        let outer = try col - row
        XCTAssertEqual(outer.shape, [3, 4])
        XCTAssertEqual(outer[2, 1], 3 - 20)
        XCTAssertEqual(try Tensor.broadcastShape([5, 1, 3], [4, 1]), [5, 4, 3])
    }

    func testShapeErrorsAreClear() {
        let a = Tensor.zeros([2, 3]), b = Tensor.zeros([4])
        XCTAssertThrowsError(try a + b) { error in
            XCTAssertEqual(String(describing: error), "+: shapes [2, 3] and [4] do not fit")
        }
        XCTAssertThrowsError(try Tensor.matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3])))
        XCTAssertThrowsError(try a.reshaped([4, 2]))
        XCTAssertThrowsError(try Tensor(shape: [2, 2], storage: [1, 2, 3]))
        XCTAssertThrowsError(try a.sum(axis: 2))
        XCTAssertThrowsError(try a.rows(1..<3))
        XCTAssertThrowsError(try a.gatherRows([0, 2]))
    }

    func testReshapeInfersOneAxis() throws {
        let t = Tensor.arange(0, 24)
        XCTAssertEqual(try t.reshaped([2, -1, 4]).shape, [2, 3, 4])
        XCTAssertThrowsError(try t.reshaped([-1, -1]))
        XCTAssertThrowsError(try t.reshaped([5, -1]))
    }

    func testReductionsAlongEachAxis() throws {
        let t = try Tensor(shape: [2, 3], storage: [1, 5, 2, -4, 0, 9])
        XCTAssertEqual(try t.sum(axis: 0).storage, [-3, 5, 11])
        XCTAssertEqual(try t.sum(axis: 1).storage, [8, 5])
        XCTAssertEqual(try t.sum(axis: -1, keepingAxis: true).shape, [2, 1])
        XCTAssertEqual(try t.mean(axis: 1).storage, [8.0 / 3, 5.0 / 3])
        XCTAssertEqual(try t.max(axis: 0).storage, [1, 5, 9])
        XCTAssertEqual(try t.argmax(axis: 1), [1, 2])
        XCTAssertEqual(try t.argmax(axis: 0), [0, 0, 1])
        XCTAssertEqual(t.sum(), 13)
        // A 3-D middle-axis reduction against a naive loop.
        let u = randomTensor([3, 4, 5], seed: 4)
        var expected = [Float](repeating: 0, count: 15)
        for i in 0..<3 { for j in 0..<4 { for k in 0..<5 { expected[i * 5 + k] += u[i, j, k] } } }
        assertClose(try u.sum(axis: 1).storage, expected, rtol: 1e-6, atol: 1e-6)
    }

    func testMatmulAgainstNaiveTripleLoop() throws {
        let a = randomTensor([5, 7], seed: 5), b = randomTensor([7, 3], seed: 6)
        func naive(_ x: Tensor, _ y: Tensor) -> [Float] {
            let (m, k, n) = (x.shape[0], x.shape[1], y.shape[1])
            var out = [Float](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { for p in 0..<k { out[i * n + j] += x[i, p] * y[p, j] } } }
            return out
        }
        let expected = naive(a, b)
        assertClose(try Tensor.matmul(a, b).storage, expected, rtol: 1e-5, atol: 1e-5)
        // The transpose flags read the same matrices stored transposed.
        let c = try Tensor.matmul(try a.transposed(), b, transposeA: true)
        assertClose(c.storage, expected, rtol: 1e-5, atol: 1e-5)
        let d = try Tensor.matmul(a, try b.transposed(), transposeB: true)
        assertClose(d.storage, expected, rtol: 1e-5, atol: 1e-5)
        // Batched: each slice multiplies on its own; a rank-2 right operand is shared.
        let batch = randomTensor([2, 5, 7], seed: 7)
        let e = try Tensor.matmul(batch, b)
        XCTAssertEqual(e.shape, [2, 5, 3])
        assertClose(Array(e.storage[15..<30]), naive(try batch.row(1), b), rtol: 1e-5, atol: 1e-5)
    }

    func testTransposeAndGather() throws {
        let t = randomTensor([2, 33, 35], seed: 8)  // not a multiple of the 32-element tile
        let tt = try t.transposed()
        XCTAssertEqual(tt.shape, [2, 35, 33])
        for (b, i, j) in [(0, 0, 0), (1, 32, 34), (1, 7, 20), (0, 31, 33)] { XCTAssertEqual(tt[b, j, i], t[b, i, j]) }
        let g = try t.gatherRows([1, 0, 1])
        XCTAssertEqual(g.shape, [3, 33, 35])
        XCTAssertEqual(try g.row(2), try t.row(1))
        XCTAssertEqual(try Tensor.concatenateRows([try t.rows(0..<1), try t.rows(1..<2)]), t)
    }

    func testPermuteMatchesNaiveIndexing() throws {
        // [B, T, H, D] → [B, H, T, D]: out[b, h, t, d] = x[b, t, h, d].
        let x = randomTensor([2, 3, 4, 5], seed: 10)
        let y = try x.permuted([0, 2, 1, 3])
        XCTAssertEqual(y.shape, [2, 4, 3, 5])
        for b in 0..<2 { for t in 0..<3 { for h in 0..<4 { for d in 0..<5 { XCTAssertEqual(y[b, h, t, d], x[b, t, h, d]) } } } }
        let z = try x.permuted([3, 1, 0, 2])
        XCTAssertEqual(z[4, 2, 1, 3], x[1, 2, 3, 4])
        XCTAssertEqual(try z.permuted(Tensor.inversePermutation([3, 1, 0, 2])), x)
        XCTAssertEqual(try x.permuted([0, 1, 3, 2]), try x.transposed())
        XCTAssertThrowsError(try x.permuted([0, 1, 1, 2]))
        XCTAssertThrowsError(try x.permuted([0, 1, 2]))
    }

    func testSoftmaxIsStableAndNormalised() throws {
        // Rows [1, 2, 3] and [1000, 1001, 1002] have the same softmax: e^(x−max)/Σ.
        let t = try Tensor(shape: [2, 3], storage: [1, 2, 3, 1000, 1001, 1002])
        let s = t.softmax()
        let e: [Double] = [exp(-2), exp(-1), 1]
        let z = e.reduce(0, +)
        let expected = e.map { Float($0 / z) }
        assertClose(Array(s.storage[0..<3]), expected, rtol: 1e-6)
        assertClose(Array(s.storage[3..<6]), expected, rtol: 1e-6)
        let ls = t.logSoftmax()
        // log-softmax of [1, 2, 3] is [−2, −1, 0] − log(1 + e⁻¹ + e⁻²), for both rows.
        let logZ = log(1 + exp(-1.0) + exp(-2.0))
        let expectedLog = [-2 - logZ, -1 - logZ, -logZ].map { Float($0) }
        assertClose(ls.storage, expectedLog + expectedLog, rtol: 1e-6)
        XCTAssertFalse(ls.storage.contains { !$0.isFinite })
    }

    func testElementwiseKernels() {
        let t = Tensor([-30, -1, 0, 0.5, 30])
        assertClose(t.sigmoid().storage, t.storage.map { Float(1 / (1 + exp(-Double($0)))) }, rtol: 1e-6)
        XCTAssertEqual(t.relu().storage, [0, 0, 0, 0.5, 30])
        assertClose(t.tanh().storage, t.storage.map { Float(tanh(Double($0))) }, rtol: 1e-6)
        assertClose(Tensor([1, 4, 9]).sqrt().storage, [1, 2, 3], rtol: 0)
        assertClose(Tensor([0, 1]).exp().log().storage, [0, 1], rtol: 1e-6, atol: 1e-7)
    }

    func testAddScaledIsSaxpy() throws {
        var y = Tensor([1, 2, 3])
        try y.addScaled(Tensor([10, 20, 30]), alpha: -0.5)
        XCTAssertEqual(y.storage, [-4, -8, -12])
        XCTAssertThrowsError(try y.addScaled(Tensor([1]), alpha: 1))
    }
}
