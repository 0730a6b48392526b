// Gradient checkpointing: a deep MLP run in segments (recomputed in backward) gives the loss and
// every parameter's gradient of the plain run bit for bit, for every segment length; the wrapper
// has the plain model's parameter names; evaluation (no tape) takes the plain path.

import Foundation
import Shared
import Week04MNIST
import XCTest
@testable import Week16TrainingAtScale

final class CheckpointingTests: XCTestCase {
    func gradients(_ layer: any Layer, model: Sequential, x: Tensor, labels: [Int]) throws -> (Float, [[Float]]) {
        model.zeroGrad()
        let loss = try TrainingMode.training { try layer(Variable(x)).crossEntropy(labels: labels) }
        try loss.backward()
        return (loss.scalar, model.parameters.map { $0.grad?.storage ?? [] })
    }

    func testCheckpointedGradientsEqualPlainGradients() throws {
        var rng = SplitMix64(seed: 11)
        let model = MLP.make(sizes: [20, 16, 16, 16, 16, 16, 10], rng: &rng)  // 11 layers
        let x = Tensor.randomNormal([8, 20], using: &rng)
        let labels = [0, 1, 2, 3, 4, 5, 6, 7]
        let (plainLoss, plain) = try gradients(model, model: model, x: x, labels: labels)
        XCTAssertTrue(plain.allSatisfy { !$0.isEmpty })
        for segment in [1, 2, 3, 4, 11, 20] {
            let wrapped = CheckpointedSequential(model, segmentLength: segment)
            let (loss, grads) = try gradients(wrapped, model: model, x: x, labels: labels)
            XCTAssertEqual(loss, plainLoss, "segment \(segment)")
            XCTAssertEqual(grads, plain, "segment \(segment): gradients differ")
        }
        XCTAssertEqual(CheckpointedSequential.sqrtSegments(model).segmentLength, 3)
        XCTAssertEqual(CheckpointedSequential(model, segmentLength: 2).namedParameters().map(\.name), model.namedParameters().map(\.name))
    }

    func testInputGradientFlowsThroughSegments() throws {
        var rng = SplitMix64(seed: 12)
        let model = MLP.make(sizes: [6, 5, 5, 3], rng: &rng)
        let x = Tensor.randomNormal([4, 6], using: &rng)
        let a = Variable(x, requiresGrad: true), b = Variable(x, requiresGrad: true)
        try model(a).crossEntropy(labels: [0, 1, 2, 0]).backward()
        model.zeroGrad()
        try CheckpointedSequential(model, segmentLength: 2)(b).crossEntropy(labels: [0, 1, 2, 0]).backward()
        XCTAssertEqual(b.grad?.storage, a.grad?.storage)
    }

    func testWithoutATapeTheSegmentsRunPlainly() throws {
        var rng = SplitMix64(seed: 13)
        let model = MLP.make(sizes: [6, 5, 3], rng: &rng)
        let x = Tensor.randomNormal([2, 6], using: &rng)
        let out = try Autograd.noGrad { try CheckpointedSequential(model, segmentLength: 1)(Variable(x)) }
        XCTAssertEqual(out.op, "linear")
        XCTAssertEqual(out.value, try Autograd.noGrad { try model(Variable(x)) }.value)
    }
}
