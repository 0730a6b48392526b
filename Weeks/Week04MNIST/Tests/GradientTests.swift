// The Assess gate, part 1: gradients. Every op against central differences (TestSupport's
// numericalGradient, independent of GradCheck's own loop), broadcasting's reduction by hand, a
// 2-layer network against hand-derived formulas computed naively in Double, and the tape's rules
// (accumulation, no-grad mode, custom ops, errors).

import Shared
import TestSupport
import Week04MNIST
import XCTest

final class GradientTests: XCTestCase {
    func testEveryOpMatchesNumericalGradient() throws {
        let cases = GradCheck.cases(seed: 3)
        XCTAssertGreaterThanOrEqual(cases.count, 30, "one case per op and variant")
        for c in cases {
            let analytic = try GradCheck.analytic(c)
            for index in c.inputs.indices {
                let numeric = numericalGradient(at: c.inputs[index].storage, h: 1e-2, GradCheck.lossFunction(c, input: index))
                assertClose(analytic[index].storage, numeric, rtol: 1e-2, atol: 2e-3, "\(c.name) input \(index)")
            }
        }
    }

    func testGradCheckReportsAWrongBackward() throws {
        // A deliberately wrong op (claims ∂(x²)/∂x = x): the checker must say NOT OK.
        let wrong = GradCheckCase(name: "wrong square", inputs: [Tensor([0.5, -1, 2])]) { v in
            let x = v[0].value
            return Variable(op: "wrongSquare", inputs: [v[0]], value: try x * x) { g in [try g * x] }
        }
        XCTAssertFalse(try GradCheck.run(wrong).ok)
    }

    func testBroadcastGradientIsSummedOverRepeatedAxes() throws {
        // z = a[2,3] + b[3] + c[2,1];  L = Σ z ⊙ W  ⇒  ∂L/∂b = column sums of W, ∂L/∂c = row sums.
        let w = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let a = Variable(.zeros([2, 3]), requiresGrad: true)
        let b = Variable(.zeros([3]), requiresGrad: true)
        let c = Variable(.zeros([2, 1]), requiresGrad: true)
        try (try (try a + b) + c) .multiplied(by: w).sum().backward()
        XCTAssertEqual(b.grad?.storage, [5, 7, 9])
        XCTAssertEqual(c.grad?.shape, [2, 1])
        XCTAssertEqual(c.grad?.storage, [6, 15])
        XCTAssertEqual(a.grad?.storage, w.storage)
    }

    func testValueUsedTwiceAccumulatesBothGradients() throws {
        // y = x·x + x  ⇒  dy/dx = 2x + 1
        let x = Variable(Tensor([3, -2]), requiresGrad: true)
        try (try (try x * x) + x).sum().backward()
        XCTAssertEqual(x.grad?.storage, [7, -3])
    }

    func testTwoLayerNetworkGradientsEqualHandDerivedOnes() throws {
        // h = relu(x·W1ᵀ + b1), z = h·W2ᵀ + b2, L = mean CE(z, y). By hand (B = batch):
        //   ∂z = (softmax(z) − onehot(y)) / B;  ∂W2 = ∂zᵀ·h;  ∂b2 = Σ_rows ∂z
        //   ∂h = ∂z·W2;  ∂a = ∂h ⊙ [a > 0];     ∂W1 = ∂aᵀ·x;  ∂b1 = Σ_rows ∂a
        var rng = SplitMix64(seed: 5)
        let (batch, inputs, hidden, classes) = (4, 3, 5, 3)
        let x = Tensor.randomUniform([batch, inputs], low: -1, high: 1, using: &rng)
        let labels = [0, 2, 1, 2]
        let l1 = Linear(inputs, hidden, rng: &rng), l2 = Linear(hidden, classes, rng: &rng)
        try (try l2(try l1(Variable(x)).relu())).crossEntropy(labels: labels).backward()

        let X = x.doubles, W1 = l1.weight.value.doubles, B1 = l1.bias.value.doubles
        let W2 = l2.weight.value.doubles, B2 = l2.bias.value.doubles
        var a = [Double](repeating: 0, count: batch * hidden), h = a
        for n in 0..<batch { for j in 0..<hidden {
            var s = B1[j]
            for k in 0..<inputs { s += X[n * inputs + k] * W1[j * inputs + k] }
            a[n * hidden + j] = s
            h[n * hidden + j] = max(0, s)
        } }
        var dz = [Double](repeating: 0, count: batch * classes)
        for n in 0..<batch {
            var z = [Double](repeating: 0, count: classes)
            for c in 0..<classes {
                z[c] = B2[c]
                for j in 0..<hidden { z[c] += h[n * hidden + j] * W2[c * hidden + j] }
            }
            let m = z.max()!
            let total = z.map { Foundation.exp($0 - m) }.reduce(0, +)
            for c in 0..<classes {
                dz[n * classes + c] = (Foundation.exp(z[c] - m) / total - (c == labels[n] ? 1 : 0)) / Double(batch)
            }
        }
        var dW2 = [Double](repeating: 0, count: classes * hidden), db2 = [Double](repeating: 0, count: classes)
        var da = [Double](repeating: 0, count: batch * hidden)
        for n in 0..<batch { for c in 0..<classes {
            db2[c] += dz[n * classes + c]
            for j in 0..<hidden {
                dW2[c * hidden + j] += dz[n * classes + c] * h[n * hidden + j]
                da[n * hidden + j] += dz[n * classes + c] * W2[c * hidden + j] * (a[n * hidden + j] > 0 ? 1 : 0)
            }
        } }
        var dW1 = [Double](repeating: 0, count: hidden * inputs), db1 = [Double](repeating: 0, count: hidden)
        for n in 0..<batch { for j in 0..<hidden {
            db1[j] += da[n * hidden + j]
            for k in 0..<inputs { dW1[j * inputs + k] += da[n * hidden + j] * X[n * inputs + k] }
        } }
        assertClose(l2.weight.grad!.doubles, dW2, rtol: 1e-4, atol: 1e-6, "∂W2")
        assertClose(l2.bias.grad!.doubles, db2, rtol: 1e-4, atol: 1e-6, "∂b2")
        assertClose(l1.weight.grad!.doubles, dW1, rtol: 1e-4, atol: 1e-6, "∂W1")
        assertClose(l1.bias.grad!.doubles, db1, rtol: 1e-4, atol: 1e-6, "∂b1")
    }

    func testSoftmaxCrossEntropyIsStableOnHugeLogits() throws {
        // Reference: python3 -c "import numpy as np, scipy.special as s;
        //   z=np.array([[1000.,0,-1000],[1e4,1e4,0]]); print((-s.log_softmax(z,axis=1)[[0,1],[0,2]]).mean())"
        //   → 5000.34657359028  (row 1: ≈ 0; row 2: 1e4 + log 2)
        let z = Variable(try Tensor(rows: [[1000, 0, -1000], [1e4, 1e4, 0]]), requiresGrad: true)
        let loss = try z.crossEntropy(labels: [0, 2])
        assertClose(Double(loss.scalar), 5000.34657359028, rtol: 1e-6)
        try loss.backward()
        // (softmax − onehot)/2: row 1 → 0; row 2 → [0.5, 0.5, −1]/2.
        assertClose(z.grad!.storage, [0, 0, 0, 0.25, 0.25, -0.5], atol: 1e-6)
    }

    func testCustomOpWithExplicitBackward() throws {
        // cube(x) = x³ with backward 3x²·g, defined outside the engine (how week 5 adds conv).
        let x = Variable(Tensor([1, -2, 0.5]), requiresGrad: true)
        let xv = x.value
        let cube = Variable(op: "cube", inputs: [x], value: try (try xv * xv) * xv) { g in
            [try ((try xv * xv) * 3) * g]
        }
        XCTAssertEqual(cube.op, "cube")
        try cube.sum().backward()
        XCTAssertEqual(x.grad?.storage, [3, 12, 0.75])
    }

    func testNoGradRecordsNothingAndBackwardNeedsAScalar() throws {
        let w = Variable(Tensor([1, 2]), requiresGrad: true)
        let y = try Autograd.noGrad { try (w * w).sum() }
        XCTAssertFalse(y.requiresGrad)
        try y.backward()
        XCTAssertNil(w.grad, "a value built without the tape sends no gradient")
        XCTAssertTrue(try (w * w).requiresGrad, "recording resumes after noGrad")
        XCTAssertThrowsError(try (w * w).backward()) { error in
            XCTAssertEqual(error as? AutogradError, .notScalar(shape: [2]))
        }
        XCTAssertThrowsError(try Variable(.zeros([2, 3])).crossEntropy(labels: [0, 3])) { error in
            XCTAssertEqual(error as? AutogradError, .labelOutOfRange(label: 3, classes: 3))
        }
    }

    func testCustomOpReturningAWrongShapeIsAnError() throws {
        let x = Variable(Tensor([1, 2]), requiresGrad: true)
        let bad = Variable(op: "bad", inputs: [x], value: x.value) { _ in [Tensor.zeros([3])] }
        XCTAssertThrowsError(try bad.sum().backward()) { error in
            XCTAssertEqual(error as? AutogradError, .gradientShape(op: "bad", input: 0, expected: [2], got: [3]))
        }
    }
}

extension Variable {
    /// self ⊙ a constant tensor (test helper).
    func multiplied(by t: Tensor) throws -> Variable { try self * Variable(t) }
}
