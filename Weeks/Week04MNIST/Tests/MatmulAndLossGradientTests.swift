// The backward passes of matmul, linear and cross-entropy on their own: small examples worked
// by hand, and GradCheck's central differences on the cases of just that op (so each test reaches
// only the op it is about; GradientTests/testEveryOpMatchesNumericalGradient runs all of them).

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class MatmulAndLossGradientTests: XCTestCase {
    func assertGradCheckPasses(casesNamed prefix: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let cases = GradCheck.cases(seed: 3).filter { $0.name.hasPrefix(prefix) }
        XCTAssertFalse(cases.isEmpty, "no GradCheck case named \(prefix)…", file: file, line: line)
        for c in cases {
            let result = try GradCheck.run(c)
            XCTAssertTrue(result.ok, "\(c.name): max |analytic − numeric| = \(result.maxAbsoluteDifference)", file: file, line: line)
        }
    }

    func testMatmulGradientsByHand() throws {
        // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]], L = Σ C, so ∂L/∂C = 1 (all ones).
        // C = A·B:  ∂A = 1·Bᵀ (every row = B's row sums 11, 15), ∂B = Aᵀ·1 (row k = A's column-k sum 4, 6).
        let a = Variable(try Tensor(rows: [[1, 2], [3, 4]]), requiresGrad: true)
        let b = Variable(try Tensor(rows: [[5, 6], [7, 8]]), requiresGrad: true)
        try Variable.matmul(a, b).sum().backward()
        XCTAssertEqual(a.grad?.storage, [11, 15, 11, 15])
        XCTAssertEqual(b.grad?.storage, [4, 4, 6, 6])
        // C = A·Bᵀ:  ∂A = 1·B (every row = B's column sums 12, 14), ∂B = 1ᵀ·A (every row = A's column sums 4, 6).
        a.zeroGrad(); b.zeroGrad()
        try Variable.matmul(a, b, transposeB: true).sum().backward()
        XCTAssertEqual(a.grad?.storage, [12, 14, 12, 14])
        XCTAssertEqual(b.grad?.storage, [4, 6, 4, 6])
        // C = Aᵀ·B:  ∂A = B·1ᵀ (row k = B's row-k sum: 11, 15), ∂B = A·1 (row k = A's row-k sum: 3, 7).
        a.zeroGrad(); b.zeroGrad()
        try Variable.matmul(a, b, transposeA: true).sum().backward()
        XCTAssertEqual(a.grad?.storage, [11, 11, 15, 15])
        XCTAssertEqual(b.grad?.storage, [3, 3, 7, 7])
        // Only A requires a gradient: B gets none.
        let constant = Variable(try Tensor(rows: [[5, 6], [7, 8]]))
        a.zeroGrad()
        try Variable.matmul(a, constant).sum().backward()
        XCTAssertEqual(a.grad?.storage, [11, 15, 11, 15])
        XCTAssertNil(constant.grad)
    }

    func testMatmulCasesPassGradCheck() throws {
        try assertGradCheckPasses(casesNamed: "matmul")
    }

    func testLinearGradientsByHand() throws {
        // x = [[1, 2]], W = [[3, 4], [5, 6]] ([out, in]), b = [1, −1]: y = x·Wᵀ + b = [12, 16].
        // L = Σ y: ∂x = 1·W = W's column sums [8, 10]; ∂W = 1ᵀ·x = [[1, 2], [1, 2]]; ∂b = [1, 1].
        let x = Variable(try Tensor(rows: [[1, 2]]), requiresGrad: true)
        let w = Variable(try Tensor(rows: [[3, 4], [5, 6]]), requiresGrad: true)
        let b = Variable(Tensor([1, -1]), requiresGrad: true)
        let y = try Variable.linear(x, weight: w, bias: b)
        XCTAssertEqual(y.value.storage, [12, 16])
        try y.sum().backward()
        XCTAssertEqual(x.grad?.storage, [8, 10])
        XCTAssertEqual(w.grad?.storage, [1, 2, 1, 2])
        XCTAssertEqual(b.grad?.storage, [1, 1])
        XCTAssertEqual(b.grad?.shape, [2])
    }

    func testLinearCasePassesGradCheck() throws {
        try assertGradCheckPasses(casesNamed: "linear")
    }

    func testCrossEntropyByHand() throws {
        // Row 0: z = (0, ln 3), label 1: softmax = (¼, ¾), loss ln(4/3), softmax − onehot = (¼, −¼).
        // Row 1: z = (0, 0), label 0: softmax = (½, ½), loss ln 2, softmax − onehot = (−½, ½).
        // L = mean = (ln(4/3) + ln 2)/2; ∂L/∂z = (softmax − onehot)/2; scaled by 3 upstream.
        let z = Variable(try Tensor(rows: [[0, Float(Foundation.log(3.0))], [0, 0]]), requiresGrad: true)
        let loss = try z.crossEntropy(labels: [1, 0])
        assertClose(Double(loss.scalar), (Foundation.log(4.0 / 3) + Foundation.log(2.0)) / 2, rtol: 1e-6)
        try loss.scaled(3).backward()
        assertClose(z.grad!.doubles, [0.375, -0.375, -0.75, 0.75], rtol: 1e-6, atol: 1e-7)
    }

    func testCrossEntropyCasePassesGradCheck() throws {
        try assertGradCheckPasses(casesNamed: "crossEntropy")
    }
}
