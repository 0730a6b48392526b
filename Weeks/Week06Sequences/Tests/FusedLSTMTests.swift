// The fused LSTM chunk (FusedLSTM.swift, hand-written BPTT) against the tape's step-by-step
// unroll of the same cell (RecurrentCell, itself checked against torch and by hand): the same
// outputs and final state, and the same gradients for every weight, bias, input and initial state
// under a loss that weights every step's output differently; and against central differences
// (Week04's GradCheck). CharLM's two engines give the same logits.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import XCTest

final class FusedLSTMTests: XCTestCase {
    let (batch, inputSize, hidden, steps) = (3, 4, 5, 6)

    func inputs(seed: UInt64) -> [Tensor] {
        var rng = SplitMix64(seed: seed)
        func r(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, low: -0.9, high: 0.9, using: &rng) }
        return [r([4 * hidden, inputSize]), r([4 * hidden, hidden]), r([4 * hidden]), r([4 * hidden]),
                r([batch, hidden]), r([steps * batch, inputSize]), r([batch, hidden])]
    }

    /// v: W_ih, W_hh, b_ih, b_hh, h0, x [T·B, D], c0 → (outputs [T·B, H], final state).
    func run(_ v: [Variable], fused: Bool) throws -> (Variable, RecurrentState) {
        let cell = RecurrentCell(.lstm, weightIH: v[0], weightHH: v[1], biasIH: v[2], biasHH: v[3])
        let state = RecurrentState(h: v[4], c: v[6])
        if fused { return try FusedLSTM.sequence(v[5], steps: steps, cell: cell, from: state) }
        let (outputs, last) = try cell.unroll(try v[5].split([Int](repeating: batch, count: steps), axis: 0), from: state)
        return (try Variable.concat(outputs, axis: 0), last)
    }

    func testForwardAndGradientsEqualTheTapeUnroll() throws {
        let values = inputs(seed: 61)
        var rng = SplitMix64(seed: 62)
        let weights = Variable(Tensor.randomUniform([steps * batch, hidden], low: -1, high: 1, using: &rng))
        var gradients: [[Tensor]] = []
        var outputs: [Tensor] = [], finals: [[Tensor]] = []
        for fused in [false, true] {
            let v = values.map { Variable($0, requiresGrad: true) }
            let (out, last) = try run(v, fused: fused)
            try (out * weights).sum().backward()
            outputs.append(out.value)
            finals.append([last.h.value, last.c!.value])
            gradients.append(v.map { $0.grad ?? Tensor.zeros($0.shape) })
        }
        assertClose(outputs[1], outputs[0], rtol: 1e-5, atol: 1e-6)
        assertClose(finals[1][0], finals[0][0], rtol: 1e-5, atol: 1e-6)
        assertClose(finals[1][1], finals[0][1], rtol: 1e-5, atol: 1e-6)
        for (i, name) in ["W_ih", "W_hh", "b_ih", "b_hh", "h0", "x", "c0"].enumerated() {
            XCTAssertGreaterThan(gradients[0][i].storage.map(abs).max() ?? 0, 1e-3, "\(name): the check needs a non-zero gradient")
            assertClose(gradients[1][i], gradients[0][i], rtol: 1e-4, atol: 1e-5, name)
        }
    }

    func testGradientsMatchCentralDifferences() throws {
        let c = GradCheckCase(name: "fused LSTM through \(steps) steps", inputs: inputs(seed: 63)) { v in
            try self.run(v, fused: true).0
        }
        let result = try GradCheck.run(c)
        XCTAssertTrue(result.ok, "max |analytic − numerical| = \(result.maxAbsoluteDifference)")
    }

    func testCharLMEnginesGiveTheSameLogits() throws {
        var rng = SplitMix64(seed: 64)
        let model = CharLM(vocabularySize: 9, embeddingSize: 4, hiddenSize: 6, rng: &rng)
        let ids = (0..<steps).map { _ in (0..<batch).map { _ in rng.nextInt(below: 9) } }
        let tape = try model.logits(inputs: ids, state: model.cell.zeroState(batch: batch))
        model.engine = .fused
        let fused = try model.logits(inputs: ids, state: model.cell.zeroState(batch: batch))
        assertClose(fused.logits.value, tape.logits.value, rtol: 1e-5, atol: 1e-6)
        assertClose(fused.state.c!.value, tape.state.c!.value, rtol: 1e-5, atol: 1e-6)
    }

    func testFastTanhIsWithinAFewUlpOfTanhf() {
        var worst: Float = 0
        for k in -20_000...20_000 {
            let x = Float(k) / 1000  // −20 … 20 in steps of 0.001
            worst = max(worst, abs(LSTMKernels.tanh(x) - Foundation.tanh(x)))
        }
        XCTAssertLessThan(worst, 3e-7)
        XCTAssertEqual(LSTMKernels.tanh(100), 1)
        XCTAssertEqual(LSTMKernels.tanh(-100), -1)
    }

    func testWrongShapesAreErrors() throws {
        var rng = SplitMix64(seed: 65)
        let cell = RecurrentCell(.lstm, inputSize: 2, hiddenSize: 3, rng: &rng)
        let x = Variable(Tensor.zeros([7, 2]))
        XCTAssertThrowsError(try FusedLSTM.sequence(x, steps: 2, cell: cell, from: cell.zeroState(batch: 3)))
        let gru = RecurrentCell(.gru, inputSize: 2, hiddenSize: 3, rng: &rng)
        XCTAssertThrowsError(try FusedLSTM.sequence(Variable(Tensor.zeros([6, 2])), steps: 2, cell: gru, from: gru.zeroState(batch: 3)))
    }
}
