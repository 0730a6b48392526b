// Dropout's two behaviours (week 4's inverted dropout, as the week's CNN uses it): in evaluation
// mode the identity, bit for bit; in training mode each element is zeroed with probability p and
// the survivors scaled by exactly 1/(1 − p), so the expected output equals the input. Counted on
// 100,000 ones: the binomial standard deviation of the dropped fraction is √(p(1 − p)/n) ≈ 0.0014
// at p = 0.3, so ±0.01 is 7 σ.

import Shared
import TestSupport
import Week04MNIST
import Week14Regularization
import XCTest

final class DropoutTests: XCTestCase {
    func testEvaluationIsIdentityAndTrainingScalesSurvivors() throws {
        let layer = Dropout(0.3, seed: 5)
        let n = 100_000
        let x = Variable(Tensor.ones([n]), requiresGrad: true)
        XCTAssertEqual(try layer(x).value, x.value, "evaluation mode (the default) passes x through")
        let y = try TrainingMode.training { try layer(x) }
        let zeros = y.value.storage.filter { $0 == 0 }.count
        let survivors = y.value.storage.filter { $0 != 0 }
        XCTAssertEqual(Double(zeros) / Double(n), 0.3, accuracy: 0.01)
        XCTAssertTrue(survivors.allSatisfy { $0 == 1 / Float(0.7) }, "survivors are scaled by 1/(1 − p)")
        let mean = y.value.storage.reduce(0.0) { $0 + Double($1) } / Double(n)
        XCTAssertEqual(mean, 1, accuracy: 0.02, "E[y] = x")
        // The gradient goes through the same mask: ∂(Σ y)/∂x = m.
        let sum = y.sum()
        try sum.backward()
        XCTAssertEqual(try XCTUnwrap(x.grad).storage, y.value.storage)
    }

    func testCNNIsDeterministicInEvaluationAndNotInTraining() throws {
        var rng = SplitMix64(seed: 2)
        let model = RegularizedCNN.small.make(channels: 1, side: 28, dropout: 0.5, rng: &rng)
        let x = Variable(Tensor.randomUniform([2, 784], using: &rng))
        XCTAssertEqual(try model(x).value, try model(x).value)
        let a = try TrainingMode.training { try model(x).value }
        let b = try TrainingMode.training { try model(x).value }
        XCTAssertNotEqual(a, b, "two training passes draw two masks")
        var plain = SplitMix64(seed: 2)
        let without = RegularizedCNN.small.make(channels: 1, side: 28, dropout: 0, rng: &plain)
        XCTAssertEqual(try model(x).value, try without(x).value, "in evaluation mode p does not matter (same weights)")
    }
}
