// The engine against real PyTorch (float32): an MLP trained three Adam steps on cross-entropy
// (losses, first-step gradients, final parameters) and the forward/backward of gelu, layer_norm,
// log_softmax and softmax. Reference (torch 2.15.0, torch.manual_seed(0)):
//
//   .cache/refenv/bin/python3 Weeks/Week04MNIST/Tests/Fixtures/torch_reference.py
//
// Both sides run in float32 with different summation orders, hence tolerances of a few ulps × size.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class TorchReferenceTests: XCTestCase {
    func reference() throws -> [String: Any] {
        let url = Fixtures.url("torch_reference.json")
        return try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
    }

    func floats(_ object: [String: Any], _ key: String) throws -> [Float] {
        try XCTUnwrap(object[key] as? [Double], key).map { Float($0) }
    }

    func testMLPAdamStepsEqualTorch() throws {
        let mlp = try XCTUnwrap(try reference()["mlp"] as? [String: Any])
        let initial = try XCTUnwrap(mlp["initial"] as? [String: [Double]])
        let shapes = try XCTUnwrap(mlp["shapes"] as? [String: [Int]])
        var rng = SplitMix64(seed: 1)
        let model = MLP.make(sizes: [6, 5, 3], rng: &rng)
        XCTAssertEqual(Set(model.namedParameters().map(\.name)), Set(initial.keys), "parameter names are torch's")
        for (name, parameter) in model.namedParameters().map({ ($0.name, $0.value) }) {
            let values = try XCTUnwrap(initial[name]).map { Float($0) }
            parameter.value = try Tensor(shape: try XCTUnwrap(shapes[name]), storage: values)
        }
        let x = Variable(try Tensor(shape: [4, 6], storage: try floats(mlp, "x")))
        let labels = try XCTUnwrap(mlp["labels"] as? [Int])
        let expectedLosses = try XCTUnwrap(mlp["losses"] as? [Double])
        let firstGrads = try XCTUnwrap(mlp["first_grads"] as? [String: [Double]])
        let optimizer = Adam(model.parameters, lr: 0.01)
        for step in 0..<3 {
            model.zeroGrad()
            let loss = try model(x).crossEntropy(labels: labels)
            try loss.backward()
            assertClose(Double(loss.scalar), expectedLosses[step], rtol: 1e-5)
            if step == 0 {
                for (name, parameter) in model.namedParameters().map({ ($0.name, $0.value) }) {
                    assertClose(try XCTUnwrap(parameter.grad, name).storage,
                                try XCTUnwrap(firstGrads[name]).map { Float($0) }, rtol: 1e-4, atol: 1e-6)
                }
            }
            try optimizer.step()
        }
        let final = try XCTUnwrap(mlp["final"] as? [String: [Double]])
        for (name, parameter) in model.namedParameters().map({ ($0.name, $0.value) }) {
            assertClose(parameter.value.storage, try XCTUnwrap(final[name]).map { Float($0) }, rtol: 1e-4, atol: 1e-6)
        }
    }

    func testOpsForwardAndBackwardEqualTorch() throws {
        let ops = try XCTUnwrap(try reference()["ops"] as? [String: Any])
        let input = try Tensor(shape: [3, 5], storage: try floats(ops, "input"))
        let upstream = try Tensor(shape: [3, 5], storage: try floats(ops, "upstream"))
        let cases: [(String, (Variable) throws -> Variable)] = [
            ("gelu", { $0.gelu() }), ("log_softmax", { $0.logSoftmax() }), ("softmax", { $0.softmax() }),
        ]
        for (name, f) in cases {
            let expected = try XCTUnwrap(ops[name] as? [String: Any], name)
            let x = Variable(input, requiresGrad: true)
            let y = try f(x)
            try y.backward(upstream)
            assertClose(y.value.storage, try floats(expected, "value"), rtol: 1e-5, atol: 1e-6)
            assertClose(try XCTUnwrap(x.grad, name).storage, try floats(expected, "grad"), rtol: 1e-4, atol: 1e-6)
        }

        let norm = try XCTUnwrap(ops["layer_norm"] as? [String: Any])
        let x = Variable(input, requiresGrad: true)
        let gamma = Variable(Tensor(try floats(norm, "gamma")), requiresGrad: true)
        let beta = Variable(Tensor(try floats(norm, "beta")), requiresGrad: true)
        let y = try x.layerNorm(gamma: gamma, beta: beta, epsilon: 1e-5)
        try y.backward(upstream)
        assertClose(y.value.storage, try floats(norm, "value"), rtol: 1e-5, atol: 1e-5)
        assertClose(try XCTUnwrap(x.grad).storage, try floats(norm, "grad"), rtol: 1e-4, atol: 1e-5)
        assertClose(try XCTUnwrap(gamma.grad).storage, try floats(norm, "grad_gamma"), rtol: 1e-4, atol: 1e-5)
        assertClose(try XCTUnwrap(beta.grad).storage, try floats(norm, "grad_beta"), rtol: 1e-4, atol: 1e-5)
    }
}
