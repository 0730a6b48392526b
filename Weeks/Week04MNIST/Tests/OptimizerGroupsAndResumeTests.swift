// Parameter groups, AdamW and optimizer state (ParameterGroup.swift, Optimizers.swift,
// OptimizerState.swift, TrainingLoop.swift):
//   - AdamW's two steps equal a hand-computed reference of torch.optim.AdamW's update rule
//     (python3, Double; lr 0.01, β (0.9, 0.999), ε 1e-8, λ 0.1 on the matrix, none on the bias;
//     torch 2.13's torch.optim.AdamW in float64 on the same numbers prints the same digits):
//       th *= 1 - lr*wd; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g
//       th -= lr * (m/(1-b1**t)) / (sqrt(v/(1-b2**t)) + eps)
//     θ [0.5, −1] with g₁ [0.2, −0.4], g₂ [−0.1, 0.3] → [0.48634713027136756, −0.9871177502009636]
//     b [0.25] with g₁ [1], g₂ [0.5]                   → [0.2306782038298161]
//     (first step by hand: 0.5·0.999 − 0.01·0.2/0.2 = 0.4895);
//   - nanoGPT's split: ≥ 2-D tensors decay, the rest do not;
//   - a run stopped after 3 steps and resumed from (Checkpoint, OptimizerState) equals the
//     uninterrupted 6-step run bit for bit, for AdamW with a schedule and for SGD with momentum.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class OptimizerGroupsAndResumeTests: XCTestCase {
    func testAdamWStepsEqualHandComputedTorchRule() throws {
        let theta = Variable(try Tensor(shape: [1, 2], storage: [0.5, -1]), requiresGrad: true)
        let bias = Variable(try Tensor(shape: [1], storage: [0.25]), requiresGrad: true)
        let optimizer = AdamW(groups: [ParameterGroup("decay", [theta], weightDecay: 0.1), ParameterGroup("no_decay", [bias])],
                              lr: 0.01)
        for (gTheta, gBias) in [([Float(0.2), -0.4], [Float(1)]), ([-0.1, 0.3], [0.5])] {
            theta.grad = try Tensor(shape: [1, 2], storage: gTheta)
            bias.grad = try Tensor(shape: [1], storage: gBias)
            try optimizer.step()
        }
        assertClose(theta.value.storage.map(Double.init), [0.48634713027136756, -0.9871177502009636], rtol: 1e-6, atol: 1e-7)
        assertClose(bias.value.storage.map(Double.init), [0.2306782038298161], rtol: 1e-6, atol: 1e-7)
        XCTAssertEqual(optimizer.stepCount, 2)
    }

    func testAdamWithoutDecayEqualsAdamWWithoutDecay() throws {
        // λ = 0: the decoupled and the L2 forms are the same update, bit for bit.
        var rng = SplitMix64(seed: 3)
        let start = Tensor.randomUniform([4, 3], low: -1, high: 1, using: &rng)
        let a = Variable(start, requiresGrad: true), b = Variable(start, requiresGrad: true)
        let adam = Adam([a], lr: 0.05), adamW = AdamW(groups: [ParameterGroup("all", [b])], lr: 0.05)
        for _ in 0..<3 {
            let g = Tensor.randomUniform([4, 3], low: -1, high: 1, using: &rng)
            (a.grad, b.grad) = (g, g)
            try adam.step()
            try adamW.step()
        }
        XCTAssertEqual(a.value, b.value)
    }

    func testDecayingMatricesSplitsLikeNanoGPT() throws {
        var rng = SplitMix64(seed: 1)
        let model = MLP.make(sizes: [4, 3, 2], rng: &rng)
        let groups = ParameterGroup.decayingMatrices(model.namedParameters(), weightDecay: 0.1)
        XCTAssertEqual(groups.map(\.name), ["decay", "no_decay"])
        XCTAssertEqual(groups.map(\.weightDecay), [0.1, 0])
        XCTAssertTrue(groups[0].parameters[0] === model.namedParameters()[0].value && groups[0].parameters[1] === model.namedParameters()[2].value,
                      "fc1.weight and fc2.weight decay")
        XCTAssertEqual(groups[1].parameters.map(\.shape), [[3], [2]], "the biases do not")
    }

    func testGroupWithItsOwnLearningRateIgnoresTheSchedule() throws {
        let fixed = Variable(try Tensor(shape: [1], storage: [1]), requiresGrad: true)
        let scheduled = Variable(try Tensor(shape: [1], storage: [1]), requiresGrad: true)
        let sgd = SGD(groups: [ParameterGroup("fixed", [fixed], lr: 0.5), ParameterGroup("scheduled", [scheduled])], lr: 0.1)
        (fixed.grad, scheduled.grad) = (Tensor.ones([1]), Tensor.ones([1]))
        try sgd.step()
        XCTAssertEqual(fixed.value.storage, [0.5], "1 − 0.5·1")
        XCTAssertEqual(scheduled.value.storage[0], 0.9, accuracy: 1e-7, "1 − 0.1·1")
    }

    // MARK: Resume

    /// Step t's loss: cross-entropy of a fixed batch (rows depend on t, so the steps differ).
    func batchLoss(_ model: Sequential, step t: Int) throws -> Variable {
        var rng = SplitMix64(seed: UInt64(100 + t))
        let x = Tensor.randomUniform([6, 5], low: -1, high: 1, using: &rng)
        let labels = (0..<6).map { ($0 + t) % 3 }
        return try model(Variable(x)).crossEntropy(labels: labels)
    }

    func run(_ makeOptimizer: (Sequential) -> any Optimizer, interruptAt: Int?,
             loadOptimizer: Bool = true) throws -> (Sequential, any Optimizer) {
        var rng = SplitMix64(seed: 7)
        var model = MLP.make(sizes: [5, 8, 3], rng: &rng)
        var optimizer = makeOptimizer(model)
        let schedule: (Int) -> Float = { t in 0.02 / Float(t) }
        var loop = TrainingLoop(model: model, optimizer: optimizer, maxGradientNorm: 1, schedule: schedule)
        let total = 6
        if let interruptAt {
            try loop.fit(steps: interruptAt) { t in try self.batchLoss(model, step: t) }
            let folder = try TemporaryDirectory()
            try Checkpoint.save(model, to: folder.file("model.safetensors"))
            try OptimizerState.save(optimizer, to: folder.file("optimizer.safetensors"))
            // A fresh process: other weights, a fresh optimizer, then both loaded.
            var other = SplitMix64(seed: 99)
            model = MLP.make(sizes: [5, 8, 3], rng: &other)
            optimizer = makeOptimizer(model)
            try Checkpoint.load(into: model, from: folder.file("model.safetensors"))
            var step = interruptAt
            if loadOptimizer {
                let metadata = try OptimizerState.load(into: optimizer, from: folder.file("optimizer.safetensors"))
                step = try XCTUnwrap(metadata["step"].flatMap(Int.init))
            }
            loop = TrainingLoop(model: model, optimizer: optimizer, maxGradientNorm: 1, schedule: schedule,
                                startingAt: step)
        }
        let model0 = model
        try loop.fit(steps: total - loop.stepCount) { t in try self.batchLoss(model0, step: t) }
        return (model, optimizer)
    }

    func assertBitIdentical(_ a: Sequential, _ b: Sequential, _ what: String) {
        for (p, q) in zip(a.namedTensors(), b.namedTensors()) {
            XCTAssertEqual(p.value.value.storage.map(\.bitPattern), q.value.value.storage.map(\.bitPattern), "\(what): \(p.name)")
        }
    }

    func testResumedAdamWRunEqualsUninterruptedRunBitForBit() throws {
        let make: (Sequential) -> any Optimizer = { model in
            AdamW(groups: ParameterGroup.decayingMatrices(model.namedParameters(), weightDecay: 0.1), lr: 0.02)
        }
        let (straight, straightOptimizer) = try run(make, interruptAt: nil)
        let (resumed, resumedOptimizer) = try run(make, interruptAt: 3)
        assertBitIdentical(straight, resumed, "AdamW")
        XCTAssertEqual((resumedOptimizer as? Adam)?.stepCount, 6)
        XCTAssertEqual(straightOptimizer.state.tensors.mapValues(\.storage), resumedOptimizer.state.tensors.mapValues(\.storage),
                       "the moments too")
        XCTAssertEqual(straightOptimizer.state.metadata, resumedOptimizer.state.metadata)
        // The control: resuming the weights without the optimizer's moments does not give the same run.
        let (restarted, _) = try run(make, interruptAt: 3, loadOptimizer: false)
        XCTAssertNotEqual(straight.namedParameters()[0].value.value, restarted.namedParameters()[0].value.value)
    }

    func testResumedSGDMomentumRunEqualsUninterruptedRunBitForBit() throws {
        let make: (Sequential) -> any Optimizer = { model in SGD(model.parameters, lr: 0.02, momentum: 0.9) }
        let (straight, _) = try run(make, interruptAt: nil)
        let (resumed, _) = try run(make, interruptAt: 2)
        assertBitIdentical(straight, resumed, "SGD")
    }

    func testStateOfAnotherOptimizerOrModelIsRefused() throws {
        var rng = SplitMix64(seed: 2)
        let small = MLP.make(sizes: [3, 2], rng: &rng), large = MLP.make(sizes: [3, 4, 2], rng: &rng)
        let folder = try TemporaryDirectory()
        try OptimizerState.save(Adam(small.parameters), to: folder.file("adam.safetensors"))
        XCTAssertThrowsError(try OptimizerState.load(into: Adam(large.parameters), from: folder.file("adam.safetensors"))) { error in
            XCTAssertEqual(error as? OptimizerStateError, .parameterCount(expected: 4, found: 2))
        }
        XCTAssertThrowsError(try OptimizerState.load(into: SGD(small.parameters, lr: 0.1), from: folder.file("adam.safetensors"))) { error in
            XCTAssertEqual(error as? OptimizerStateError, .kindMismatch(expected: "SGD", found: "Adam"))
        }
    }
}
