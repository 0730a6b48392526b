// The module tree (Module.swift) and the training switch (TrainingMode.swift):
//   - names from the tree equal torch's state_dict() keys for the same architecture, in order.
//     Fixture Fixtures/state_dict_keys.json, written by
//       .cache/torchenv/bin/python3 Weeks/Week04MNIST/Tests/Fixtures/make_state_dict_keys.py
//     (torch 2.13.0+cpu in a venv holding only torch; `Scripts/reference_env.sh` makes one too);
//   - parameters vs buffers, parameterCount, zeroGrad, the dotted module paths;
//   - TrainingMode reaches every week-4 layer: Dropout drops only inside `training`, the other
//     layers give the same output in both modes.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class ModuleTreeTests: XCTestCase {
    func torchKeys(_ model: String) throws -> [String] { try Fixtures.stateDictKeys(model) }

    func testMLPNamesAreTorchsStateDictKeys() throws {
        var rng = SplitMix64(seed: 0)
        let model = MLP.make(sizes: [784, 256, 128, 10], rng: &rng)
        XCTAssertEqual(model.namedTensors().map(\.name), try torchKeys("mlp_784_256_128_10"))
        XCTAssertEqual(model.namedParameters().map(\.name), try torchKeys("mlp_784_256_128_10"), "an MLP has no buffers")
        XCTAssertTrue(model.namedBuffers().isEmpty)
    }

    func testTreeWalkPrefixesChildrenAndSeparatesBuffers() throws {
        // A hand-built tree: a parameter, a buffer and a nested child at two levels.
        final class Leaf: Module {
            let w = Variable(Tensor.zeros([2, 3]), requiresGrad: true)
            let stat = Variable(Tensor.zeros([3]))
            var members: [ModuleMember] { [.parameter("w", w), .buffer("stat", stat)] }
        }
        final class Node: Module {
            let a = Leaf(), b = Leaf()
            let gain = Variable(Tensor.ones([3]), requiresGrad: true)
            var members: [ModuleMember] { [.child("a", a), .parameter("gain", gain), .child("inner.b", b)] }
        }
        let node = Node()
        XCTAssertEqual(node.namedTensors().map(\.name), ["a.w", "a.stat", "gain", "inner.b.w", "inner.b.stat"])
        XCTAssertEqual(node.namedParameters().map(\.name), ["a.w", "gain", "inner.b.w"])
        XCTAssertEqual(node.namedBuffers().map(\.name), ["a.stat", "inner.b.stat"])
        XCTAssertEqual(node.namedParameters().map(\.requiresGrad), [true, true, true])
        XCTAssertEqual(node.namedBuffers().map(\.requiresGrad), [false, false])
        XCTAssertEqual(node.parameterCount, 6 + 3 + 6, "buffers are not counted")
        XCTAssertEqual(node.modules().map(\.name), ["", "a", "inner.b"])
        XCTAssertTrue(node.parameters[1] === node.gain)
    }

    func testZeroGradClearsEveryParameterOfTheTree() throws {
        var rng = SplitMix64(seed: 5)
        let model = MLP.make(sizes: [3, 4, 2], rng: &rng)
        let x = Variable(Tensor.randomUniform([2, 3], low: -1, high: 1, using: &rng))
        try model(x).crossEntropy(labels: [0, 1]).backward()
        XCTAssertEqual(model.parameters.filter { $0.grad != nil }.count, 4)
        model.zeroGrad()
        for p in model.namedParameters() {
            XCTAssertTrue(p.value.grad.map { $0.storage.allSatisfy { $0 == 0 } } ?? true, "\(p.name) cleared")
        }
    }

    func testTrainingModeReachesEveryWeek4Layer() throws {
        var rng = SplitMix64(seed: 8)
        let x = Variable(Tensor.randomUniform([4, 6], low: -1, high: 1, using: &rng))
        let dropout = Dropout(0.5, seed: 1)
        XCTAssertFalse(TrainingMode.isTraining, "evaluation is the default")
        XCTAssertTrue(try dropout(x) === x, "evaluation: identity")
        var reference = SplitMix64(seed: 1)
        XCTAssertEqual(try TrainingMode.training { try dropout(x) }.value, try x.dropout(0.5, training: true, rng: &reference).value,
                       "training: the op's mask from the layer's seed")
        XCTAssertTrue(try TrainingMode.training { try TrainingMode.evaluating { try dropout(x) } } === x,
                      "evaluating inside training switches back")
        // Layers without a mode: identical outputs in both modes.
        let layers: [(String, any Layer)] = [("linear", Linear(6, 3, rng: &rng)), ("activation", Activation(.gelu)),
                                             ("sequential", MLP.make(sizes: [6, 5, 2], rng: &rng))]
        for (name, layer) in layers {
            XCTAssertEqual(try layer(x).value, try TrainingMode.training { try layer(x) }.value, name)
        }
    }
}
