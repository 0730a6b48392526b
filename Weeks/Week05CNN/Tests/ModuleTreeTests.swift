// Week 5's module trees against torch, and the training switch in every week-5 layer.
// Fixture Fixtures/state_dict_keys.json: torch's state_dict() keys of the torch twins of
// Architecture.simple and Architecture.resnet (width 8), written by
//   .cache/torchenv/bin/python3 Weeks/Week04MNIST/Tests/Fixtures/make_state_dict_keys.py   (torch 2.13.0+cpu)
// torch's BatchNorm2d also saves `num_batches_tracked`, which only its cumulative-average mode
// (momentum=None) reads; ours has a fixed momentum and does not keep it, so those keys are left out.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week05CNN
import XCTest

final class ModuleTreeTests: XCTestCase {
    func torchKeys(_ model: String) throws -> [String] { try Fixtures.stateDictKeys(model) }

    func testSimpleCNNNamesAreTorchsStateDictKeys() throws {
        var rng = SplitMix64(seed: 0)
        XCTAssertEqual(Architecture.simple.make(rng: &rng).namedTensors().map(\.name), try torchKeys("simple"))
    }

    func testResNetNamesAreTorchsStateDictKeys() throws {
        var rng = SplitMix64(seed: 0)
        let model = Architecture.resnet.make(rng: &rng, width: 8)
        let torch = try torchKeys("resnet_width_8").filter { !$0.hasSuffix(".num_batches_tracked") }
        XCTAssertEqual(model.namedTensors().map(\.name), torch)
        XCTAssertEqual(model.namedBuffers().map(\.name), torch.filter { $0.hasSuffix("running_mean") || $0.hasSuffix("running_var") })
        XCTAssertEqual(model.namedParameters().count + model.namedBuffers().count, torch.count)
    }

    func testTrainingModeReachesEveryWeek5Layer() throws {
        var rng = SplitMix64(seed: 4)
        let x = Variable(Tensor.randomUniform([2, 3, 6, 6], low: -1, high: 2, using: &rng))
        // Batch norm: batch statistics and a running update inside `training`, running statistics outside.
        let bn = BatchNorm2d(3)
        let evaluated = try bn(x)
        assertClose(evaluated.value.storage, x.value.storage.map { $0 / (1 + 1e-5).squareRoot() }, rtol: 1e-6, atol: 1e-7,
                    "evaluation with running mean 0, var 1")
        XCTAssertEqual(bn.runningMean.value.storage, [0, 0, 0], "evaluation does not update")
        _ = try TrainingMode.training { try bn(x) }
        XCTAssertNotEqual(bn.runningMean.value.storage, [0, 0, 0], "training updates the running mean")
        // A residual block holds two batch norms: its output depends on the mode.
        let block = ResidualBlock(3, 3, rng: &rng)
        XCTAssertNotEqual(try block(x).value, try TrainingMode.training { try block(x) }.value, "residual block")
        // Layers without a mode: identical outputs in both.
        let rows = Variable(Tensor.randomUniform([2, 36], low: 0, high: 1, using: &rng))
        let layers: [(String, any Layer, Variable)] = [
            ("conv2d", Conv2d(3, 2, kernel: 3, rng: &rng), x), ("convReLUPool", ConvReLUPool(Conv2d(3, 2, kernel: 3, rng: &rng), pool: 2), x),
            ("maxPool2d", MaxPool2d(2), x), ("globalAvgPool", GlobalAvgPool(), x), ("flatten", Flatten(), x),
            ("imageInput", ImageInput(channels: 1, height: 6, width: 6), rows),
        ]
        for (name, layer, input) in layers {
            XCTAssertEqual(try layer(input).value, try TrainingMode.training { try layer(input) }.value, name)
        }
    }
}
