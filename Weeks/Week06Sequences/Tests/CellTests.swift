// One step of each cell against numbers worked by hand, and against a naive Double implementation
// of torch's equations written out in this file (loops, no tape, no BLAS).

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import XCTest

final class CellTests: XCTestCase {
    func t(_ rows: [[Float]]) throws -> Tensor { try Tensor(rows: rows) }

    func testRNNStepByHand() throws {
        // W_ih = [[0.5], [−1]], W_hh = [[0.1, 0.2], [0.3, −0.4]], b_ih = [0.1, 0], b_hh = [0, 0.2]
        // x = [1], h = [0.5, −0.5]:
        //   h'₀ = tanh(0.5 + 0.1 + 0.05 − 0.1 + 0)  = tanh(0.55)  = 0.5005202111902353
        //   h'₁ = tanh(−1 + 0 + 0.15 + 0.2 + 0.2)   = tanh(−0.45) = −0.4218990052500079
        let cell = RecurrentCell(.rnn, weightIH: try t([[0.5], [-1]]), weightHH: try t([[0.1, 0.2], [0.3, -0.4]]),
                                 biasIH: Tensor([0.1, 0]), biasHH: Tensor([0, 0.2]))
        let next = try cell(Variable(try t([[1]])), RecurrentState(h: Variable(try t([[0.5, -0.5]]))))
        assertClose(next.h.value.storage, [0.5005202111902353, -0.4218990052500079], rtol: 1e-6)
    }

    func testLSTMStepByHand() throws {
        // Hidden 1, gates i, f, g, o. W_ih = [.5, .4, .3, .2]ᵀ, W_hh = [.1, .2, −.3, .4]ᵀ, biases 0.
        // x = 1, h = 0.5, c = 0.2:  i = σ(0.55), f = σ(0.5), g = tanh(0.15), o = σ(0.4)
        //   c' = f·0.2 + i·g = 0.2189051650297566,  h' = o·tanh(c') = 0.12900180774836398
        let cell = RecurrentCell(.lstm, weightIH: try t([[0.5], [0.4], [0.3], [0.2]]),
                                 weightHH: try t([[0.1], [0.2], [-0.3], [0.4]]),
                                 biasIH: Tensor.zeros([4]), biasHH: Tensor.zeros([4]))
        let state = RecurrentState(h: Variable(try t([[0.5]])), c: Variable(try t([[0.2]])))
        let next = try cell(Variable(try t([[1]])), state)
        assertClose(next.c!.value.storage, [0.2189051650297566], rtol: 1e-6)
        assertClose(next.h.value.storage, [0.12900180774836398], rtol: 1e-6)
    }

    func testGRUStepByHand() throws {
        // Hidden 1, gates r, z, n. W_ih = [.5, −.5, 1]ᵀ, W_hh = [.2, .3, −.4]ᵀ, b_ih = [0, 0, .1],
        // b_hh = [0, 0, .3]; x = 1, h = 0.5:
        //   r = σ(0.5 + 0.1) = 0.64566,  z = σ(−0.5 + 0.15) = 0.41338
        //   n = tanh(1 + 0.1 + r·(−0.2 + 0.3)) = 0.82252
        //   h' = (1 − z)·n + z·h = 0.6891972060609617
        let cell = RecurrentCell(.gru, weightIH: try t([[0.5], [-0.5], [1]]), weightHH: try t([[0.2], [0.3], [-0.4]]),
                                 biasIH: Tensor([0, 0, 0.1]), biasHH: Tensor([0, 0, 0.3]))
        let next = try cell(Variable(try t([[1]])), RecurrentState(h: Variable(try t([[0.5]]))))
        assertClose(next.h.value.storage, [0.6891972060609617], rtol: 1e-6)
    }

    // MARK: naive Double reference

    func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }

    /// Row g·H + j of W·v + b, in Double.
    func affine(_ w: Tensor, _ b: Tensor, _ v: [Double], row: Int) -> Double {
        let n = w.shape[1]
        var s = Double(b.storage[row])
        for k in 0..<n { s += Double(w.storage[row * n + k]) * v[k] }
        return s
    }

    func naiveStep(_ cell: RecurrentCell, x: [Double], h: [Double], c: [Double]) -> (h: [Double], c: [Double]) {
        let H = cell.hiddenSize
        let (wi, wh, bi, bh) = (cell.weightIH.value, cell.weightHH.value, cell.biasIH.value, cell.biasHH.value)
        func a(_ gate: Int, _ j: Int) -> Double { affine(wi, bi, x, row: gate * H + j) }  // input part
        func b(_ gate: Int, _ j: Int) -> Double { affine(wh, bh, h, row: gate * H + j) }  // hidden part
        var hNext = [Double](repeating: 0, count: H), cNext = [Double](repeating: 0, count: H)
        for j in 0..<H {
            switch cell.kind {
            case .rnn:
                hNext[j] = Foundation.tanh(a(0, j) + b(0, j))
            case .lstm:
                let i = sigmoid(a(0, j) + b(0, j)), f = sigmoid(a(1, j) + b(1, j))
                let g = Foundation.tanh(a(2, j) + b(2, j)), o = sigmoid(a(3, j) + b(3, j))
                cNext[j] = f * c[j] + i * g
                hNext[j] = o * Foundation.tanh(cNext[j])
            case .gru:
                let r = sigmoid(a(0, j) + b(0, j)), z = sigmoid(a(1, j) + b(1, j))
                let n = Foundation.tanh(a(2, j) + r * b(2, j))
                hNext[j] = (1 - z) * n + z * h[j]
            }
        }
        return (hNext, cNext)
    }

    func testEveryCellMatchesNaiveDoubleOverFiveSteps() throws {
        for kind in CellKind.allCases {
            var rng = SplitMix64(seed: 11)
            let (batch, inputSize, hidden, steps) = (2, 3, 4, 5)
            let cell = RecurrentCell(kind, inputSize: inputSize, hiddenSize: hidden, rng: &rng)
            let xs = (0..<steps).map { _ in Tensor.randomNormal([batch, inputSize], using: &rng) }
            let (outputs, _) = try cell.unroll(xs.map { Variable($0) }, from: cell.zeroState(batch: batch))
            for b in 0..<batch {
                var h = [Double](repeating: 0, count: hidden), c = h
                for step in 0..<steps {
                    let x = (0..<inputSize).map { Double(xs[step].storage[b * inputSize + $0]) }
                    (h, c) = naiveStep(cell, x: x, h: h, c: c)
                    let ours = (0..<hidden).map { Double(outputs[step].value.storage[b * hidden + $0]) }
                    assertClose(ours, h, rtol: 1e-5, atol: 1e-6, "\(kind) step \(step) row \(b)")
                }
            }
        }
    }

    func testCellParametersUseTorchNamesAndShapes() throws {
        var rng = SplitMix64(seed: 1)
        let lstm = RecurrentCell(.lstm, inputSize: 3, hiddenSize: 5, rng: &rng)
        XCTAssertEqual(lstm.namedParameters().map(\.name), ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
        // torch.nn.LSTMCell(3, 5): weight_ih [20, 3], weight_hh [20, 5], biases [20]; GRUCell: 3·5 = 15 rows.
        XCTAssertEqual(lstm.namedParameters().map(\.value.shape), [[20, 3], [20, 5], [20], [20]])
        let gru = RecurrentCell(.gru, inputSize: 3, hiddenSize: 5, rng: &rng)
        XCTAssertEqual(gru.weightIH.shape, [15, 3])
        // U(−1/√5, 1/√5): every initial weight inside the bound.
        let bound: Float = 1 / Float(5).squareRoot()
        XCTAssertTrue(lstm.namedParameters().allSatisfy { $0.value.value.storage.allSatisfy { abs($0) <= bound } })
    }
}
