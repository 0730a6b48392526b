// Label smoothing and the soft-target cross-entropy: a hand-worked example, torch's
// CrossEntropyLoss(label_smoothing=ε) loss and gradient on a committed fixture, and ε = 0 equal
// to week 4's crossEntropy. Fixture (torch 2.15.0, float64, fixed logits):
//
//   .cache/refenv/bin/python3 Weeks/Week14Regularization/Tests/Fixtures/make_reference.py
//
// Ours runs in Float (the softmax) with the loss summed in Double: rtol 1e-5 on the loss, 1e-5
// relative plus 1e-7 absolute on the gradient.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week14Regularization
import XCTest

final class LabelSmoothingTests: XCTestCase {
    func testWorkedExample() throws {
        // logits (0, ln 2, 0) → softmax (¼, ½, ¼); label 1 with ε = 0.3 → targets (0.1, 0.8, 0.1):
        //   L = −(0.1 ln ¼ + 0.8 ln ½ + 0.1 ln ¼) = 0.2 ln 4 + 0.8 ln 2 = 1.2 ln 2
        //   ∂L/∂z = p − q = (0.15, −0.3, 0.15)
        let z = Variable(try Tensor(shape: [1, 3], storage: [0, Float(Foundation.log(2.0)), 0]), requiresGrad: true)
        let loss = try z.crossEntropy(labels: [1], smoothing: 0.3)
        assertClose(Double(loss.scalar), 1.2 * Foundation.log(2.0), rtol: 1e-6)
        try loss.backward()
        assertClose(try XCTUnwrap(z.grad).storage, [0.15, -0.3, 0.15], rtol: 1e-5, atol: 1e-7)
        assertClose(try SoftTargets.smoothed(labels: [1], classes: 3, smoothing: 0.3).storage, [0.1, 0.8, 0.1], rtol: 1e-6)
    }

    func testSoftCrossEntropyOnHandTargets() throws {
        // Row 0: logits (0, ln 2, 0) → softmax (¼, ½, ¼), targets (0.1, 0.8, 0.1): loss 1.2 ln 2, p − q = (0.15, −0.3, 0.15).
        // Row 1: logits (0, 0, 0) → softmax (⅓, ⅓, ⅓), a mixup-style target (½, ½, 0): loss ln 3, p − q = (−⅙, −⅙, ⅓).
        // The mean over the two rows: L = (1.2 ln 2 + ln 3)/2, ∂L/∂z = (p − q)/2.
        let ln2 = Float(Foundation.log(2.0))
        let z = Variable(try Tensor(shape: [2, 3], storage: [0, ln2, 0, 0, 0, 0]), requiresGrad: true)
        let q = try Tensor(shape: [2, 3], storage: [0.1, 0.8, 0.1, 0.5, 0.5, 0])
        let loss = try z.softCrossEntropy(targets: q)
        assertClose(Double(loss.scalar), (1.2 * Foundation.log(2.0) + Foundation.log(3.0)) / 2, rtol: 1e-6)
        try loss.backward()
        let sixth: Float = 1.0 / 6
        assertClose(try XCTUnwrap(z.grad).storage, [0.075, -0.15, 0.075, -sixth / 2, -sixth / 2, sixth], rtol: 1e-5, atol: 1e-7)
        XCTAssertThrowsError(try z.softCrossEntropy(targets: Tensor.zeros([3, 2])), "targets of another shape")
    }

    func testEqualsTorchCrossEntropyWithLabelSmoothing() throws {
        let url = Fixtures.url("torch_reference.json")
        let root = try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
        let shape = try XCTUnwrap(root["shape"] as? [Int])
        let logits = try XCTUnwrap(root["logits"] as? [Double]).map { Float($0) }
        let labels = try XCTUnwrap(root["labels"] as? [Int])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 3)
        for c in cases {
            let epsilon = try XCTUnwrap(c["smoothing"] as? Double)
            let z = Variable(try Tensor(shape: shape, storage: logits), requiresGrad: true)
            let loss = try z.crossEntropy(labels: labels, smoothing: Float(epsilon))
            assertClose(Double(loss.scalar), try XCTUnwrap(c["loss"] as? Double), rtol: 1e-5, "loss at ε = \(epsilon)")
            try loss.backward()
            assertClose(try XCTUnwrap(z.grad).storage.map(Double.init), try XCTUnwrap(c["grad"] as? [Double]), rtol: 1e-5, atol: 1e-7,
                        "gradient at ε = \(epsilon)")
        }
    }

    func testNoSmoothingIsWeek4CrossEntropy() throws {
        var rng = SplitMix64(seed: 3)
        let values = Tensor.randomNormal([6, 4], std: 3, using: &rng)
        let labels = [0, 3, 2, 2, 1, 0]
        let ours = Variable(values, requiresGrad: true), week4 = Variable(values, requiresGrad: true)
        let a = try ours.crossEntropy(labels: labels, smoothing: 0), b = try week4.crossEntropy(labels: labels)
        assertClose(Double(a.scalar), Double(b.scalar), rtol: 1e-6)
        try a.backward()
        try b.backward()
        assertClose(try XCTUnwrap(ours.grad), try XCTUnwrap(week4.grad), rtol: 1e-5, atol: 1e-8)
    }

    func testBadInputsAreErrors() throws {
        let z = Variable(Tensor.zeros([2, 3]))
        XCTAssertThrowsError(try z.crossEntropy(labels: [0, 3], smoothing: 0.1))
        XCTAssertThrowsError(try z.crossEntropy(labels: [0], smoothing: 0.1))
        XCTAssertThrowsError(try z.crossEntropy(labels: [0, 1], smoothing: 1.5))
        XCTAssertThrowsError(try z.softCrossEntropy(targets: Tensor.zeros([3, 2])))
    }
}
