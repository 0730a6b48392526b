// The three cells against the real torch.nn.RNNCell / LSTMCell / GRUCell: the same weights (loaded by
// torch's parameter names), five unrolled steps, every step's h, and the gradients of
// L = Σ_t Σ (h_t ⊙ R_t) with respect to every weight, the inputs and the initial state.
// Reference (torch 2.15.0, float64, torch.manual_seed(0)):
//
//   .cache/refenv/bin/python3 Weeks/Week06Sequences/Tests/Fixtures/torch_cells_reference.py
//
// Our cells run in Float32, so the tolerance is float32's (values 1e-5, gradients 1e-4).

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import XCTest

final class CellTorchReferenceTests: XCTestCase {
    struct Case {
        let object: [String: Any]
        func doubles(_ key: String) throws -> [Double] { try XCTUnwrap(object[key] as? [Double], key) }
        func floats(_ key: String) throws -> [Float] { try doubles(key).map { Float($0) } }
        func group(_ key: String) throws -> [String: [Double]] {
            try XCTUnwrap(object[key] as? [String: [Double]], key)
        }
    }

    func loadCase(_ kind: CellKind) throws -> (Case, steps: Int, batch: Int, input: Int, hidden: Int) {
        let url = Fixtures.url("torch_cells_reference.json")
        let root = try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
        let meta = try XCTUnwrap(root["meta"] as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [String: Any])
        let object = try XCTUnwrap(cases[kind.rawValue] as? [String: Any], "no case \(kind.rawValue)")
        func int(_ key: String) throws -> Int { try XCTUnwrap((meta[key] as? NSNumber)?.intValue, key) }
        return (Case(object: object), try int("steps"), try int("batch"), try int("input_size"), try int("hidden"))
    }

    func check(_ kind: CellKind) throws {
        let (reference, steps, batch, inputSize, hidden) = try loadCase(kind)
        let rows = kind.gates * hidden
        let parameters = try reference.group("parameters")
        func parameter(_ name: String, _ shape: [Int]) throws -> Variable {
            let values = try XCTUnwrap(parameters[name], name).map { Float($0) }
            return Variable(try Tensor(shape: shape, storage: values), requiresGrad: true)
        }
        let cell = RecurrentCell(kind,
                                 weightIH: try parameter("weight_ih", [rows, inputSize]),
                                 weightHH: try parameter("weight_hh", [rows, hidden]),
                                 biasIH: try parameter("bias_ih", [rows]),
                                 biasHH: try parameter("bias_hh", [rows]))
        // Our parameter names are torch's, so the loop below also proves the names line up.
        XCTAssertEqual(Set(cell.namedParameters().map(\.name)), Set(parameters.keys))

        let inputs = Variable(try Tensor(shape: [steps * batch, inputSize], storage: try reference.floats("inputs")),
                              requiresGrad: true)
        let h0 = Variable(try Tensor(shape: [batch, hidden], storage: try reference.floats("h0")), requiresGrad: true)
        let c0 = kind == .lstm
            ? Variable(try Tensor(shape: [batch, hidden], storage: try reference.floats("c0")), requiresGrad: true)
            : nil
        let xs = try inputs.split([Int](repeating: batch, count: steps), axis: 0)
        let (outputs, final) = try cell.unroll(xs, from: RecurrentState(h: h0, c: c0))

        let expectedOutputs = try XCTUnwrap(reference.object["outputs"] as? [[Double]])
        for (t, output) in outputs.enumerated() {
            assertClose(output.value.storage, expectedOutputs[t].map { Float($0) }, rtol: 1e-5, atol: 1e-6)
        }
        if kind == .lstm {
            assertClose(try XCTUnwrap(final.c).value.storage, try reference.floats("c_final"), rtol: 1e-5, atol: 1e-6)
        }

        let weights = Variable(try Tensor(shape: [steps * batch, hidden], storage: try reference.floats("weights")))
        let loss = try (try Variable.concat(outputs, axis: 0) * weights).sum()
        assertClose(Double(loss.value.storage[0]), try XCTUnwrap(reference.object["loss"] as? Double), rtol: 1e-5)
        try loss.backward()

        let grads = try reference.group("grads")
        for (name, variable) in cell.namedParameters().map({ ($0.name, $0.value) }) {
            let expected = try XCTUnwrap(grads[name], name).map { Float($0) }
            assertClose(try XCTUnwrap(variable.grad, name).storage, expected, rtol: 1e-4, atol: 1e-5)
        }
        assertClose(try XCTUnwrap(inputs.grad).storage, try reference.floats("grad_inputs"), rtol: 1e-4, atol: 1e-5)
        assertClose(try XCTUnwrap(h0.grad).storage, try reference.floats("grad_h0"), rtol: 1e-4, atol: 1e-5)
        if let c0 {
            assertClose(try XCTUnwrap(c0.grad).storage, try reference.floats("grad_c0"), rtol: 1e-4, atol: 1e-5)
        }
    }

    func testRNNCellEqualsTorch() throws { try check(.rnn) }
    func testLSTMCellEqualsTorch() throws { try check(.lstm) }
    func testGRUCellEqualsTorch() throws { try check(.gru) }
}
