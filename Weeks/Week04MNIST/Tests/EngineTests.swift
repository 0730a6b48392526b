// The Assess gate, part 2: forward values against naive loops, the scalar engine against the
// tensor engine, optimizers against hand-computed steps, initialisation bounds, checkpoints.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class EngineTests: XCTestCase {
    func testMicrogradNeuronMatchesHandDerivedValues() {
        // o = tanh(n), n = x1·w1 + x2·w2 + b = 0.8814 → o = 1/√2, ∂o/∂n = 1 − o² = 0.5;
        // ∂o/∂x1 = w1·0.5 = −1.5, ∂o/∂w1 = x1·0.5 = 1, ∂o/∂x2 = w2·0.5 = 0.5, ∂o/∂w2 = x2·0.5 = 0.
        let x1 = Value(2), x2 = Value(0), w1 = Value(-3), w2 = Value(1), b = Value(6.8813735870195432)
        let o = (x1 * w1 + x2 * w2 + b).tanh()
        o.backward()
        assertClose(o.data, 0.5.squareRoot(), rtol: 1e-12)
        assertClose([x1.grad, w1.grad, x2.grad, w2.grad, b.grad], [-1.5, 1, 0.5, 0, 0.5], rtol: 1e-9, atol: 1e-12)
    }

    func testMicrogradAgreesWithTheTensorEngine() throws {
        // f(a, b) = exp(relu(a·b + a²) / b) + tanh(a − b), on both engines.
        let (av, bv) = (0.7, 1.3)
        let a = Value(av), b = Value(bv)
        let f = ((a * b + a.pow(2)).relu() / b).exp() + (a - b).tanh()
        f.backward()
        let ta = Variable(Tensor([Float(av)]), requiresGrad: true), tb = Variable(Tensor([Float(bv)]), requiresGrad: true)
        let inner = try (try (try ta * tb) + (try ta * ta)).relu() / tb
        let g = try inner.exp() + (try ta - tb).tanh()
        try g.sum().backward()
        assertClose(Double(g.scalar), f.data, rtol: 1e-6)
        assertClose([Double(ta.grad!.storage[0]), Double(tb.grad!.storage[0])], [a.grad, b.grad], rtol: 1e-5)
    }

    func testMicrogradGradientEqualsNumericalGradient() {
        let f: ([Double]) -> Double = { v in ((Value(v[0]) * Value(v[1])).tanh() + Value(v[0]).pow(3)).data }
        let a = Value(0.4), b = Value(-0.9)
        let out = (a * b).tanh() + a.pow(3)
        out.backward()
        assertClose([a.grad, b.grad], numericalGradient(at: [0.4, -0.9], f), rtol: 1e-6)
    }

    func testGeluTanhMatchesTheFormulaAndStaysCloseToExactGelu() {
        // 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) in Python's math module (Double).
        let x = Variable(Tensor([1, -2, 0.5]))
        assertClose(x.geluTanh().value.storage, [0.8411919906082768, -0.04540230591222494, 0.34571400982514394], rtol: 1e-6, atol: 1e-7)
        let grid = Variable(Tensor((0..<61).map { Float($0) / 10 - 3 }))
        assertClose(grid.geluTanh().value.storage, grid.gelu().value.storage, rtol: 0, atol: 1e-3)
    }

    func testMatmulForwardMatchesNaiveLoops() throws {
        // Batched Q·Kᵀ (attention's shape) against a triple loop.
        var rng = SplitMix64(seed: 9)
        let q = Tensor.randomNormal([2, 3, 4], using: &rng), k = Tensor.randomNormal([2, 5, 4], using: &rng)
        let scores = try Variable.matmul(Variable(q), Variable(k), transposeB: true)
        var expected = [Double](repeating: 0, count: 2 * 3 * 5)
        for b in 0..<2 { for i in 0..<3 { for j in 0..<5 { for d in 0..<4 {
            expected[(b * 3 + i) * 5 + j] += Double(q[b, i, d]) * Double(k[b, j, d])
        } } } }
        XCTAssertEqual(scores.shape, [2, 3, 5])
        assertClose(scores.value.doubles, expected, rtol: 1e-5, atol: 1e-6)
    }

    func testLinearEqualsMatmulPlusBias() throws {
        var rng = SplitMix64(seed: 4)
        let layer = Linear(6, 3, rng: &rng)
        let x = Variable(Tensor.randomNormal([2, 4, 6], using: &rng))  // [B, T, C] is folded
        let y = try layer(x)
        let reference = try Variable.matmul(x, layer.weight, transposeB: true) + layer.bias
        XCTAssertEqual(y.shape, [2, 4, 3])
        assertClose(y.value, reference.value, rtol: 1e-5, atol: 1e-6)
    }

    func testSoftmaxLayerNormAndLogSoftmaxForward() throws {
        let x = Variable(try Tensor(rows: [[1, 2, 3, 4], [-5, 0, 5, 10]]))
        let p = x.softmax().value
        assertClose(try p.sum(axis: 1).storage, [1, 1], rtol: 1e-6)
        assertClose(x.logSoftmax().value.storage, p.log().storage, rtol: 1e-5, atol: 1e-6)
        // γ = 1, β = 0: each row has mean 0 and (biased) variance 1 − ε/(var + ε) ≈ 1.
        let y = try x.layerNorm(gamma: Variable(.ones([4])), beta: Variable(.zeros([4])), epsilon: 0).value
        for r in 0..<2 {
            let row = Array(y.storage[(r * 4)..<(r * 4 + 4)]).map(Double.init)
            assertClose(row.reduce(0, +) / 4, 0, atol: 1e-6)
            assertClose(row.map { $0 * $0 }.reduce(0, +) / 4, 1, rtol: 1e-5)
        }
    }

    func testDropoutKeepsTheExpectationAndIsIdentityInEvaluation() throws {
        var rng = SplitMix64(seed: 1)
        let x = Variable(.ones([100, 100]))
        let y = try x.dropout(0.3, training: true, rng: &rng).value
        // Element i is dropped when the i-th uniform of SplitMix64(seed: 1) is < p. Reference, an
        // independent SplitMix64 in Python:
        //   python3 -c "M=(1<<64)-1; s=1; c=0
        //   for i in range(10000):
        //       s=(s+0x9E3779B97F4A7C15)&M; z=s; z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
        //       z=((z^(z>>27))*0x94D049BB133111EB)&M; z^=z>>31; c+=((z>>11)*2.0**-53)<0.3
        //   print(c)"   → 3163   (expected 3000 ± 46 for any stream; this one runs high)
        let zeros = y.storage.filter { $0 == 0 }.count
        XCTAssertEqual(zeros, 3163)
        XCTAssertEqual(Set(y.storage.filter { $0 != 0 }), [Float(1) / 0.7])
        XCTAssertTrue(try x.dropout(0.3, training: false, rng: &rng) === x)
    }

    func testDropoutLayerFollowsItsTrainingSwitch() throws {
        let x = Variable(Tensor.ones([4, 25]))
        let layer = Dropout(0.5, seed: 3)
        var reference = SplitMix64(seed: 3)
        XCTAssertEqual(try TrainingMode.training { try layer(x) }.value, try x.dropout(0.5, training: true, rng: &reference).value,
                       "same seed, same mask")
        XCTAssertTrue(try layer(x) === x, "evaluation: the identity")
    }

    func testAdamFirstStepsEqualHandComputedValues() throws {
        // L = θ², g = 2θ, θ₀ = 1, lr = 0.1, torch defaults. Reference (python3, Double):
        //   th=1.0;m=v=0.0
        //   for t in (1,2,3): g=2*th; m=.9*m+.1*g; v=.999*v+.001*g*g;
        //       th-=.1*(m/(1-.9**t))/((v/(1-.999**t))**.5+1e-8); print(th)
        //   → 0.9000000005, 0.8004122286917927, 0.70158627294603
        let theta = Variable(Tensor([1]), requiresGrad: true)
        let adam = Adam([theta], lr: 0.1)
        var trajectory: [Double] = []
        for _ in 0..<3 {
            theta.zeroGrad()
            try (try theta * theta).sum().backward()
            try adam.step()
            trajectory.append(Double(theta.value.storage[0]))
        }
        assertClose(trajectory, [0.9000000005, 0.8004122286917927, 0.70158627294603], rtol: 1e-6)
    }

    func testAdamVectorUpdateMatchesANaiveDoubleLoop() throws {
        // 19 elements: four 4-lane SIMD chunks and a scalar tail of 3, with weight decay.
        var rng = SplitMix64(seed: 2)
        let start = Tensor.randomNormal([19], using: &rng)
        let grads = (0..<2).map { _ in Tensor.randomNormal([19], using: &rng) }
        let p = Variable(start, requiresGrad: true)
        let adam = Adam([p], lr: 0.01, weightDecay: 0.1)
        var theta = start.doubles, m = [Double](repeating: 0, count: 19), v = m
        for (t, g) in grads.enumerated() {
            p.grad = g
            try adam.step()
            for i in 0..<19 {
                let gi = Double(g.storage[i]) + 0.1 * theta[i]
                m[i] = 0.9 * m[i] + 0.1 * gi
                v[i] = 0.999 * v[i] + 0.001 * gi * gi
                let mHat = m[i] / (1 - pow(0.9, Double(t + 1))), vHat = v[i] / (1 - pow(0.999, Double(t + 1)))
                theta[i] -= 0.01 * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        assertClose(p.value.doubles, theta, rtol: 1e-5, atol: 1e-6)
    }

    func testSGDWithMomentumEqualsHandComputedSteps() throws {
        // L = θ², θ₀ = 1, lr 0.1, μ 0.9: v₁ = 2, θ₁ = 0.8; v₂ = 0.9·2 + 1.6 = 3.4, θ₂ = 0.8 − 0.34 = 0.46.
        let theta = Variable(Tensor([1]), requiresGrad: true)
        let sgd = SGD([theta], lr: 0.1, momentum: 0.9)
        var trajectory: [Double] = []
        for _ in 0..<2 {
            theta.zeroGrad()
            try (try theta * theta).sum().backward()
            try sgd.step()
            trajectory.append(Double(theta.value.storage[0]))
        }
        assertClose(trajectory, [0.8, 0.46], rtol: 1e-6)
    }

    func testGradientClippingScalesToTheMaxNorm() {
        // g = ([3, 4], [12]) → ‖g‖ = √(9 + 16 + 144) = 13; clipped to norm 6.5 → every entry halved.
        let a = Variable(.zeros([2]), requiresGrad: true), b = Variable(.zeros([1]), requiresGrad: true)
        a.grad = Tensor([3, 4])
        b.grad = Tensor([12])
        XCTAssertEqual(GradientClipping.clipNorm([a, b], maxNorm: 6.5), 13, accuracy: 1e-9)
        assertClose(a.grad!.storage + b.grad!.storage, [1.5, 2, 6], rtol: 1e-5)
        XCTAssertEqual(GradientClipping.clipNorm([a, b], maxNorm: 100), 6.5, accuracy: 1e-4, "below the limit: unchanged")
        assertClose(a.grad!.storage + b.grad!.storage, [1.5, 2, 6], rtol: 1e-5)
    }

    func testInitializationBounds() {
        // torch's nn.Linear default: U(±1/√fan_in); He: U(±√(6/fan_in)); Xavier: U(±√(6/(in+out))).
        var rng = SplitMix64(seed: 8)
        let expected: [(Initialization, Float)] = [(.kaimingUniform, 1 / Float(400).squareRoot()), (.heUniform, Float(6.0 / 400).squareRoot()),
                                                   (.xavierUniform, Float(6.0 / 500).squareRoot())]
        for (initialization, bound) in expected {
            let w = Linear(400, 100, initialization: initialization, rng: &rng).weight.value.storage
            let largest = w.map(abs).max()!
            XCTAssertLessThanOrEqual(largest, bound, "\(initialization)")
            XCTAssertGreaterThan(largest, 0.99 * bound, "\(initialization) fills its range")
            let variance = w.map { Double($0 * $0) }.reduce(0, +) / Double(w.count)
            XCTAssertEqual(variance, Double(bound * bound) / 3, accuracy: 0.02 * Double(bound * bound), "uniform variance b²/3")
        }
    }

    func testMLPParameterNamesAndCount() {
        // 784·256 + 256 + 256·128 + 128 + 128·10 + 10 = 200704 + 256 + 32768 + 128 + 1280 + 10
        var rng = SplitMix64(seed: 0)
        let model = MLP.make(sizes: [784, 256, 128, 10], rng: &rng)
        XCTAssertEqual(model.parameterCount, 235_146)
        XCTAssertEqual(model.namedParameters().map(\.name),
                       ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"])
        XCTAssertEqual(model.namedParameters()[0].value.shape, [256, 784], "torch's [out, in] layout")
    }

    func testCheckpointRoundTripAndMismatchErrors() throws {
        let folder = try TemporaryDirectory()
        var rng = SplitMix64(seed: 1)
        let model = MLP.make(sizes: [4, 3, 2], rng: &rng)
        let url = folder.file("mlp.safetensors")
        try Checkpoint.save(model, to: url, metadata: ["note": "test"])
        let copy = MLP.make(sizes: [4, 3, 2], rng: &rng)
        XCTAssertNotEqual(copy.namedParameters()[0].value.value, model.namedParameters()[0].value.value)
        XCTAssertEqual(try Checkpoint.load(into: copy, from: url)["note"], "test")
        for (a, b) in zip(model.namedParameters(), copy.namedParameters()) {
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.value.value, b.value.value, "\(a.name) identical after the round trip")
        }
        XCTAssertEqual(model.namedParameters().map(\.name), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        XCTAssertThrowsError(try Checkpoint.load(into: MLP.make(sizes: [4, 5, 2], rng: &rng), from: url)) { error in
            XCTAssertEqual(error as? CheckpointError, .shapeMismatch(name: "fc1.weight", expected: [5, 4], found: [3, 4], path: url.path))
        }
        XCTAssertThrowsError(try Checkpoint.load(into: MLP.make(sizes: [4, 3, 2, 2], rng: &rng), from: url)) { error in
            XCTAssertEqual(error as? CheckpointError, .missingTensor(name: "fc3.weight", path: url.path))
        }
        XCTAssertThrowsError(try Checkpoint.load(into: MLP.make(sizes: [4, 3], rng: &rng), from: url)) { error in
            XCTAssertEqual(error as? CheckpointError, .unexpectedTensor(name: "fc2.bias", path: url.path))
        }
    }
}
