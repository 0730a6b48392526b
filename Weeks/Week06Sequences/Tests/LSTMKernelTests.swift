// The fused LSTM's per-step backward kernel on its own: ∂a (the four gates' pre-activations) and
// ∂c_prev against central differences of one LSTM step written here in Double, under the loss
// L = Σ ∂h ⊙ h + Σ ∂c_in ⊙ c (what arrives at the step from the output and from step t+1).

import Foundation
import Shared
import TestSupport
import Week06Sequences
import XCTest

final class LSTMKernelTests: XCTestCase {
    let (batch, hidden) = (2, 3)

    func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// c and h [B, H] from pre-activations a [B, 4H] (gates i, f, g, o) and c_prev [B, H].
    func step(_ a: [Double], _ cPrev: [Double]) -> (c: [Double], h: [Double]) {
        var c = [Double](repeating: 0, count: batch * hidden), h = c
        for b in 0..<batch {
            for j in 0..<hidden {
                let row = b * 4 * hidden
                let i = sigmoid(a[row + j]), f = sigmoid(a[row + hidden + j])
                let g = Foundation.tanh(a[row + 2 * hidden + j]), o = sigmoid(a[row + 3 * hidden + j])
                c[b * hidden + j] = f * cPrev[b * hidden + j] + i * g
                h[b * hidden + j] = o * Foundation.tanh(c[b * hidden + j])
            }
        }
        return (c, h)
    }

    func central(_ x: [Double], _ f: ([Double]) -> Double) -> [Double] {
        let e = 1e-6
        return (0..<x.count).map { i in
            var plus = x, minus = x
            plus[i] += e
            minus[i] -= e
            return (f(plus) - f(minus)) / (2 * e)
        }
    }

    func testBackwardEqualsCentralDifferencesOfOneStep() {
        var rng = SplitMix64(seed: 66)
        func random(_ n: Int) -> [Double] { (0..<n).map { _ in 3 * rng.nextUnitDouble() - 1.5 } }
        let a = random(batch * 4 * hidden), cPrev = random(batch * hidden)
        let dh = random(batch * hidden), dcIn = random(batch * hidden)
        func loss(_ a: [Double], _ cPrev: [Double]) -> Double {
            let (c, h) = step(a, cPrev)
            var total = 0.0
            for k in c.indices { total += dh[k] * h[k] + dcIn[k] * c[k] }
            return total
        }
        // The kernel's inputs: the gates' activations, c_prev, tanh c, ∂h and the arriving ∂c.
        var activations = [Float](repeating: 0, count: a.count)
        for (k, x) in a.enumerated() { activations[k] = Float((k % (4 * hidden)) / hidden == 2 ? Foundation.tanh(x) : sigmoid(x)) }
        let tanhC = step(a, cPrev).c.map { Float(Foundation.tanh($0)) }
        var dc = dcIn.map { Float($0) }
        var dGates = [Float](repeating: 0, count: a.count)
        LSTMKernels.backward(activations: activations, cPrev: cPrev.map { Float($0) }, tanhC: tanhC, dh: dh.map { Float($0) },
                             dc: &dc, dGates: &dGates, batch: batch, hidden: hidden)
        assertClose(dGates.map(Double.init), central(a) { loss($0, cPrev) }, rtol: 1e-4, atol: 1e-5, "∂a")
        assertClose(dc.map(Double.init), central(cPrev) { loss(a, $0) }, rtol: 1e-4, atol: 1e-5, "∂c_prev")
    }
}
