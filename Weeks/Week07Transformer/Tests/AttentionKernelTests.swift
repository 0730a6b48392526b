// The attention backward kernel on its own, without the forward kernel: P is computed here in
// Double, and the kernel's ∂Q, ∂K, ∂V are compared with central differences of a naive Double
// attention under the loss L = Σ ∂O ⊙ softmax(Q·Kᵀ/√d)·V (one batch, two heads, Tq 3, Tk 4).

import Foundation
import Shared
import TestSupport
@testable import Week07Transformer
import XCTest

final class AttentionKernelTests: XCTestCase {
    let (heads, tq, tk, d, dv) = (2, 3, 4, 2, 3)

    /// P [heads, Tq, Tk] and O [heads, Tq, dv] for q [heads, Tq, d], k [heads, Tk, d], v [heads, Tk, dv].
    func naive(_ q: [Double], _ k: [Double], _ v: [Double]) -> (p: [Double], o: [Double]) {
        var p = [Double](repeating: 0, count: heads * tq * tk)
        var o = [Double](repeating: 0, count: heads * tq * dv)
        for h in 0..<heads {
            for i in 0..<tq {
                var scores = [Double](repeating: 0, count: tk)
                for j in 0..<tk {
                    var s = 0.0
                    for c in 0..<d { s += q[(h * tq + i) * d + c] * k[(h * tk + j) * d + c] }
                    scores[j] = s / Double(d).squareRoot()
                }
                let top = scores.max()!
                let e = scores.map { Foundation.exp($0 - top) }
                let total = e.reduce(0, +)
                for j in 0..<tk {
                    let weight = e[j] / total
                    p[(h * tq + i) * tk + j] = weight
                    for c in 0..<dv { o[(h * tq + i) * dv + c] += weight * v[(h * tk + j) * dv + c] }
                }
            }
        }
        return (p, o)
    }

    func central(_ x: [Double], _ f: ([Double]) -> Double) -> [Double] {
        let step = 1e-5
        return (0..<x.count).map { i in
            var plus = x, minus = x
            plus[i] += step
            minus[i] -= step
            return (f(plus) - f(minus)) / (2 * step)
        }
    }

    func testBackwardEqualsCentralDifferencesOfANaiveAttention() {
        var rng = SplitMix64(seed: 21)
        func random(_ n: Int) -> [Double] { (0..<n).map { _ in 2 * rng.nextUnitDouble() - 1 } }
        let q = random(heads * tq * d), k = random(heads * tk * d), v = random(heads * tk * dv)
        let gradOut = random(heads * tq * dv)
        func loss(_ q: [Double], _ k: [Double], _ v: [Double]) -> Double {
            let o = naive(q, k, v).o
            var total = 0.0
            for i in o.indices { total += o[i] * gradOut[i] }
            return total
        }
        let geometry = AttentionGeometry(heads: heads, queries: tq, keys: tk, depth: d, valueDepth: dv,
                                         scale: 1 / Float(d).squareRoot(),
                                         query: .separate(heads: heads, rows: tq, width: d),
                                         key: .separate(heads: heads, rows: tk, width: d),
                                         value: .separate(heads: heads, rows: tk, width: dv),
                                         output: .separate(heads: heads, rows: tq, width: dv))
        func floats(_ x: [Double]) -> [Float] { x.map { Float($0) } }
        let (qf, kf, vf, gf, pf) = (floats(q), floats(k), floats(v), floats(gradOut), floats(naive(q, k, v).p))
        var dq = [Float](repeating: 0, count: q.count)
        var dk = [Float](repeating: 0, count: k.count)
        var dV = [Float](repeating: 0, count: v.count)
        var scratch = [Float](repeating: 0, count: tq * tk)
        AttentionKernels.backward(geometry, pairs: 0..<heads, gradOutput: gf, weights: pf, q: qf, k: kf, v: vf,
                                  dq: &dq, dk: &dk, dv: &dV, scratch: &scratch)
        let expected = [central(q) { loss($0, k, v) }, central(k) { loss(q, $0, v) }, central(v) { loss(q, k, $0) }]
        for (name, ours, numeric) in [("∂Q", dq, expected[0]), ("∂K", dk, expected[1]), ("∂V", dV, expected[2])] {
            XCTAssertGreaterThan(numeric.map(abs).max()!, 1e-2, "\(name): the check needs a non-zero gradient")
            assertClose(ours.map(Double.init), numeric, rtol: 1e-3, atol: 1e-5, name)
        }
    }
}
