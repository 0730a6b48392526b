// InfoNCE against a numpy value (Fixtures/make_infonce_reference.py), its gradients against
// central differences, and the toys' pieces on small inputs.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week09VectorDB
import XCTest

final class InfoNCETests: XCTestCase {
    struct Reference: Decodable {
        var a: [[Float]]
        var b: [[Float]]
        var temperature: Float
        var one_way_normalized: Double
        var symmetric_normalized: Double
        var symmetric_raw: Double
    }

    func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixtures.url("infonce_reference.json")))
    }

    func testLossEqualsNumpy() throws {
        let ref = try reference()
        let a = Variable(try Tensor(rows: ref.a)), b = Variable(try Tensor(rows: ref.b))
        let an = try a.l2NormalizedRows(), bn = try b.l2NormalizedRows()
        assertClose(Double(try InfoNCE.loss(an, bn, temperature: ref.temperature, symmetric: false).scalar), ref.one_way_normalized, rtol: 1e-5)
        assertClose(Double(try InfoNCE.loss(an, bn, temperature: ref.temperature).scalar), ref.symmetric_normalized, rtol: 1e-5)
        assertClose(Double(try InfoNCE.loss(a, b, temperature: ref.temperature).scalar), ref.symmetric_raw, rtol: 1e-4)
    }

    func testPerfectAlignmentGivesLowLossAndShuffledGivesHigh() throws {
        let eye = Variable(Tensor.eye(4))
        let aligned = try InfoNCE.loss(eye, eye, temperature: 0.05).scalar
        XCTAssertLessThan(aligned, 1e-6)  // exp(−20) · 3 ≈ 6e-9
        let shifted = Variable(try Tensor(rows: [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]]))
        XCTAssertGreaterThan(try InfoNCE.loss(eye, shifted, temperature: 0.05).scalar, 19)
    }

    func testGradientsMatchCentralDifferences() throws {
        let ref = try reference()
        let flatA = ref.a.flatMap { $0 }, flatB = ref.b.flatMap { $0 }
        func loss(_ a: [Float], _ b: [Float], track: Bool) throws -> (Variable, Variable, Variable) {
            let va = Variable(try Tensor(shape: [3, 4], storage: a), requiresGrad: track)
            let vb = Variable(try Tensor(shape: [3, 4], storage: b), requiresGrad: track)
            let l = try InfoNCE.loss(try va.l2NormalizedRows(), try vb.l2NormalizedRows(), temperature: ref.temperature)
            return (l, va, vb)
        }
        let (l, va, vb) = try loss(flatA, flatB, track: true)
        try l.backward()
        let numA = numericalGradient(at: flatA, h: 1e-2) { (try? loss($0, flatB, track: false).0.scalar) ?? .nan }
        let numB = numericalGradient(at: flatB, h: 1e-2) { (try? loss(flatA, $0, track: false).0.scalar) ?? .nan }
        assertClose(va.grad!.storage, numA, rtol: 2e-2, atol: 2e-3, "∂L/∂a")
        assertClose(vb.grad!.storage, numB, rtol: 2e-2, atol: 2e-3, "∂L/∂b")
    }

    func testNormalizedRowsHaveUnitNormAndTheirGradientChecks() throws {
        let x: [Float] = [3, 4, 0, -1, 2, 2]
        let y = try Variable(try Tensor(shape: [2, 3], storage: x)).l2NormalizedRows()
        assertClose(Array(y.value.storage[0..<3]), [0.6, 0.8, 0], rtol: 1e-6)
        assertClose(Array(y.value.storage[3..<6]), [-1 / 3, 2 / 3, 2 / 3], rtol: 1e-6)
        let weights: [Float] = [0.3, -1, 0.5, 2, 0.25, -0.7]
        func f(_ v: [Float], track: Bool) throws -> (Variable, Variable) {
            let input = Variable(try Tensor(shape: [2, 3], storage: v), requiresGrad: track)
            let out = try (try input.l2NormalizedRows() * Variable(try Tensor(shape: [2, 3], storage: weights))).sum()
            return (out, input)
        }
        let (out, input) = try f(x, track: true)
        try out.backward()
        let numeric = numericalGradient(at: x, h: 1e-2) { (try? f($0, track: false).0.scalar) ?? .nan }
        assertClose(input.grad!.storage, numeric, rtol: 1e-2, atol: 1e-3)
    }

    func testBagOfWordsAndAugmentation() throws {
        let bow = BagOfWords(texts: ["a red t-shirt", "a blue bag"])
        XCTAssertEqual(bow.vocabulary, ["a", "bag", "blue", "red", "t-shirt"])
        XCTAssertEqual(bow.vector("A red, red BAG!"), [0.25, 0.25, 0, 0.5, 0])
        XCTAssertEqual(bow.vector("unknown words only"), [0, 0, 0, 0, 0])
        var rng = SplitMix64(seed: 1)
        let image = (0..<784).map { Float($0 % 28) / 27 }
        let views = Augment.view(image + image, count: 2, rng: &rng)
        XCTAssertEqual(views.count, 2 * 784)
        XCTAssertNotEqual(Array(views[0..<784]), Array(views[784...]))  // two different random views
        XCTAssertEqual(ClassDescriptions.fashionMNIST.count, 10)
        XCTAssertTrue(ClassDescriptions.fashionMNIST.allSatisfy { $0.count == 4 })
    }
}
