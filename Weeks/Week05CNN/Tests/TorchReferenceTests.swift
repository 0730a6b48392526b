// The layers against real PyTorch (float32): conv (padded, strided, valid) → batch norm (train and
// eval, running statistics) → ReLU → max/avg pooling, and the fused ConvReLUPool, forward values and
// the gradients of L = Σ y ⊙ G for the input and every parameter. Reference (torch 2.15.0,
// torch.manual_seed(0)):
//
//   .cache/refenv/bin/python3 Weeks/Week05CNN/Tests/Fixtures/torch_reference.py

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week05CNN
import XCTest

final class TorchReferenceTests: XCTestCase {
    var root: [String: Any] = [:]

    override func setUpWithError() throws {
        let url = Fixtures.url("torch_reference.json")
        root = try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
    }

    func section(_ name: String) throws -> [String: Any] { try XCTUnwrap(root[name] as? [String: Any], name) }

    func floats(_ object: [String: Any], _ key: String) throws -> [Float] {
        try XCTUnwrap(object[key] as? [Double], key).map { Float($0) }
    }

    func tensor(_ object: [String: Any], _ key: String, _ shape: [Int]) throws -> Tensor {
        try Tensor(shape: shape, storage: try floats(object, key))
    }

    func input() throws -> Variable {
        Variable(try tensor(root, "x", [2, 3, 7, 7]), requiresGrad: true)
    }

    func testConvBatchNormReLUMaxPoolEqualTorch() throws {
        let block = try section("block")
        var rng = SplitMix64(seed: 0)
        let conv = Conv2d(3, 4, kernel: 3, stride: 1, padding: 1, rng: &rng)
        conv.weight.value = try tensor(block, "conv_weight", [4, 3, 3, 3])
        conv.bias!.value = try tensor(block, "conv_bias", [4])
        let norm = BatchNorm2d(4)
        norm.gamma.value = try tensor(block, "bn_weight", [4])
        norm.beta.value = try tensor(block, "bn_bias", [4])

        let x = try input()
        let z = try conv(x)
        let y = try TrainingMode.training { try norm(z) }.relu().maxPool2d(2)
        XCTAssertEqual(y.shape, try XCTUnwrap(block["y_shape"] as? [Int]))
        assertClose(y.value.storage, try floats(block, "y"), rtol: 1e-4, atol: 1e-5)
        try y.backward(try tensor(block, "upstream", y.shape))
        assertClose(norm.runningMean.value.storage, try floats(block, "running_mean"), rtol: 1e-5, atol: 1e-6)
        assertClose(norm.runningVar.value.storage, try floats(block, "running_var"), rtol: 1e-5, atol: 1e-6)
        assertClose(try XCTUnwrap(x.grad).storage, try floats(block, "grad_x"), rtol: 1e-3, atol: 1e-5)
        assertClose(try XCTUnwrap(conv.weight.grad).storage, try floats(block, "grad_conv_weight"), rtol: 1e-3, atol: 1e-5)
        assertClose(try XCTUnwrap(conv.bias!.grad).storage, try floats(block, "grad_conv_bias"), rtol: 1e-3, atol: 1e-5)
        assertClose(try XCTUnwrap(norm.gamma.grad).storage, try floats(block, "grad_bn_weight"), rtol: 1e-3, atol: 1e-5)
        assertClose(try XCTUnwrap(norm.beta.grad).storage, try floats(block, "grad_bn_bias"), rtol: 1e-3, atol: 1e-5)

        // Evaluation mode (outside TrainingMode.training) normalises with the running statistics torch updated above.
        let evaluated = try Autograd.noGrad { try norm(Variable(z.value)) }
        assertClose(evaluated.value.storage, try floats(block, "eval_output"), rtol: 1e-4, atol: 1e-5)
    }

    func testStridedConvAndAveragePoolEqualTorch() throws {
        let strided = try section("strided")
        var rng = SplitMix64(seed: 0)
        let conv = Conv2d(3, 2, kernel: 3, stride: 2, padding: 1, bias: false, rng: &rng)
        conv.weight.value = try tensor(strided, "weight", [2, 3, 3, 3])
        let x = try input()
        let y = try conv(x).avgPool2d(2)
        XCTAssertEqual(y.shape, try XCTUnwrap(strided["y_shape"] as? [Int]))
        assertClose(y.value.storage, try floats(strided, "y"), rtol: 1e-4, atol: 1e-5)
        try y.backward(try tensor(strided, "upstream", y.shape))
        assertClose(try XCTUnwrap(x.grad).storage, try floats(strided, "grad_x"), rtol: 1e-3, atol: 1e-5)
        assertClose(try XCTUnwrap(conv.weight.grad).storage, try floats(strided, "grad_weight"), rtol: 1e-3, atol: 1e-5)
    }

    func testFusedConvReLUPoolEqualsTorch() throws {
        let fused = try section("fused")
        var rng = SplitMix64(seed: 0)
        let conv = Conv2d(3, 5, kernel: 3, rng: &rng)
        conv.weight.value = try tensor(fused, "weight", [5, 3, 3, 3])
        conv.bias!.value = try tensor(fused, "bias", [5])
        let layer = ConvReLUPool(conv, pool: 2)
        let x = try input()
        let y = try layer(x)
        XCTAssertEqual(y.shape, try XCTUnwrap(fused["y_shape"] as? [Int]))
        assertClose(y.value.storage, try floats(fused, "y"), rtol: 1e-4, atol: 1e-5)
        try y.backward(try tensor(fused, "upstream", y.shape))
        assertClose(try XCTUnwrap(x.grad).storage, try floats(fused, "grad_x"), rtol: 1e-3, atol: 1e-5)
        assertClose(try XCTUnwrap(conv.weight.grad).storage, try floats(fused, "grad_weight"), rtol: 1e-3, atol: 1e-5)
        assertClose(try XCTUnwrap(conv.bias!.grad).storage, try floats(fused, "grad_bias"), rtol: 1e-3, atol: 1e-5)
    }
}
