// Backpropagation through time: the tape's gradients through 4 unrolled steps against central
// differences (Week04's GradCheck), gradient clipping, state carry-over, and the vanishing experiment.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import XCTest

final class ThroughTimeTests: XCTestCase {
    /// Inputs: W_ih, W_hh, b_ih, b_hh, h0, x [T·B, in] (and c0 for the LSTM). Loss: GradCheck's
    /// Σ (h_1 + … + h_T) ⊙ R over every step's output, so every distance contributes.
    func throughTimeCase(_ kind: CellKind, steps: Int = 4) -> GradCheckCase {
        var rng = SplitMix64(seed: 21)
        let (batch, inputSize, hidden) = (2, 3, 3)
        let rows = kind.gates * hidden
        func r(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, low: -0.8, high: 0.8, using: &rng) }
        var inputs = [r([rows, inputSize]), r([rows, hidden]), r([rows]), r([rows]), r([batch, hidden]),
                      r([steps * batch, inputSize])]
        if kind == .lstm { inputs.append(r([batch, hidden])) }
        return GradCheckCase(name: "\(kind) through \(steps) steps", inputs: inputs) { v in
            let cell = RecurrentCell(kind, weightIH: v[0], weightHH: v[1], biasIH: v[2], biasHH: v[3])
            let xs = try v[5].split([Int](repeating: batch, count: steps), axis: 0)
            let state = RecurrentState(h: v[4], c: kind == .lstm ? v[6] : nil)
            let (outputs, _) = try cell.unroll(xs, from: state)
            return try Variable.concat(outputs, axis: 0)
        }
    }

    func testRNNGradientThroughTimeMatchesNumerical() throws {
        let result = try GradCheck.run(throughTimeCase(.rnn))
        XCTAssertTrue(result.ok, "max |analytic − numerical| = \(result.maxAbsoluteDifference)")
    }

    func testLSTMGradientThroughTimeMatchesNumerical() throws {
        let result = try GradCheck.run(throughTimeCase(.lstm))
        XCTAssertTrue(result.ok, "max |analytic − numerical| = \(result.maxAbsoluteDifference)")
    }

    func testGRUGradientThroughTimeMatchesNumerical() throws {
        let result = try GradCheck.run(throughTimeCase(.gru, steps: 5))
        XCTAssertTrue(result.ok, "max |analytic − numerical| = \(result.maxAbsoluteDifference)")
    }

    func testGradientReachesInitialStateThroughEveryStep() throws {
        // ∂L/∂h0 for a loss at step 3 only must be nonzero (the tape links h0 to h3) and equal the
        // numerical derivative of that loss; checked in Double-sized steps on one coordinate.
        var rng = SplitMix64(seed: 3)
        let cell = RecurrentCell(.rnn, inputSize: 2, hiddenSize: 3, rng: &rng)
        let xs = (0..<3).map { _ in Variable(Tensor.randomNormal([1, 2], using: &rng)) }
        func loss(_ h0: Tensor) throws -> Variable {
            let h = Variable(h0, requiresGrad: true)
            return try cell.unroll(xs, from: RecurrentState(h: h)).outputs[2].sum()
        }
        let h0 = Tensor.randomNormal([1, 3], using: &rng)
        let hVar = Variable(h0, requiresGrad: true)
        try cell.unroll(xs, from: RecurrentState(h: hVar)).outputs[2].sum().backward()
        let numeric = numericalGradient(at: h0.storage, h: 1e-3) { values in
            (try? loss(try Tensor(shape: [1, 3], storage: values)).scalar) ?? .nan
        }
        assertClose(hVar.grad!.storage, numeric, rtol: 2e-2, atol: 2e-4)
        XCTAssertGreaterThan(numeric.map(abs).max()!, 1e-3)
    }

    func testClippingRescalesToTheStatedNorm() throws {
        // Gradients [3, 4] and [12]: ‖g‖ = √(9 + 16 + 144) = 13. clipNorm(maxNorm 1) returns 13 and
        // scales by 1/13 → [3/13, 4/13], [12/13]; clipping at 20 changes nothing.
        let a = Variable(Tensor([0, 0]), requiresGrad: true), b = Variable(Tensor([0]), requiresGrad: true)
        a.grad = Tensor([3, 4])
        b.grad = Tensor([12])
        XCTAssertEqual(GradientClipping.clipNorm([a, b], maxNorm: 20), 13, accuracy: 1e-9)
        assertClose(a.grad!.storage, [3, 4])
        XCTAssertEqual(GradientClipping.clipNorm([a, b], maxNorm: 1), 13, accuracy: 1e-9)
        assertClose(a.grad!.storage + b.grad!.storage, [3.0 / 13, 4.0 / 13, 12.0 / 13], rtol: 1e-5)
    }

    func testTwoChunksWithCarriedStateEqualOneLongSequence() throws {
        for kind in CellKind.allCases {
            var rng = SplitMix64(seed: 5)
            let cell = RecurrentCell(kind, inputSize: 2, hiddenSize: 4, rng: &rng)
            let xs = (0..<6).map { _ in Variable(Tensor.randomNormal([3, 2], using: &rng)) }
            let whole = try cell.unroll(xs, from: cell.zeroState(batch: 3))
            let first = try cell.unroll(Array(xs[..<4]), from: cell.zeroState(batch: 3))
            let second = try cell.unroll(Array(xs[4...]), from: first.state.detached())
            assertClose(second.outputs[1].value.storage, whole.outputs[5].value.storage, rtol: 0, atol: 0, "\(kind) h_6")
            if kind == .lstm { assertClose(second.state.c!.value.storage, whole.state.c!.value.storage, rtol: 0, atol: 0) }
        }
    }

    func testRNNGradientVanishesFasterThanLSTMAtInit() throws {
        // Seed 6, T = 40, hidden 32 (the `vanishing` defaults): the run printed
        // ‖∂L/∂x_{T−30}‖ / ‖∂L/∂x_T‖ = 1.7e−8 for the RNN and 7.3e−7 for the LSTM.
        let rnn = try VanishingGradient.measure(.rnn, steps: 40, seed: 6).gradientNorms
        let lstm = try VanishingGradient.measure(.lstm, steps: 40, seed: 6).gradientNorms
        let rnnRatio = rnn[30] / rnn[0], lstmRatio = lstm[30] / lstm[0]
        XCTAssertLessThan(rnnRatio, lstmRatio / 10, "RNN \(rnnRatio) vs LSTM \(lstmRatio)")
        // The gradient does shrink with distance for both (monotone over the first 20 steps).
        for d in 1..<20 { XCTAssertLessThan(rnn[d], rnn[d - 1]); XCTAssertLessThan(lstm[d], lstm[d - 1]) }
        XCTAssertEqual(VanishingGradient.decayDistance([1, 0.5, 0.01, 0.0001], fraction: 1e-3), 3)
    }
}
