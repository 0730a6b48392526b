// The optimizers against torch.optim, step for step. The reference trajectories were produced by
// a numpy transcription of torch.optim's published algorithms, in float64 (so the tests need no torch):
//
//   python3 Weeks/Week02Optimization/Tests/Fixtures/torch_optim_reference.py
//
// The script's --check-torch flag compares the transcription with the real torch.optim: 1.8e-15 with
// torch 2.15.0 (.cache/refenv from ./Scripts/reference_env.sh). Tolerance 1e-4 after up to 300 steps, as the week's figure states; in
// practice the two agree to rounding.

import Foundation
import Shared
import TestSupport
import Week02Optimization
import XCTest

final class TorchReferenceTests: XCTestCase {
    struct Case {
        var optimizer: OptimizerKind
        var lr: Double
        var checkpoints: [(step: Int, point: [Double])]
    }

    func loadReference() throws -> (start: [Double], cases: [Case]) {
        let url = Fixtures.url("torch_optim_reference.json")
        let object = try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
        XCTAssertEqual(object["function"] as? String, "rosenbrock")
        let start = try XCTUnwrap(object["start"] as? [Double])
        let cases = try XCTUnwrap(object["cases"] as? [[String: Any]]).map { c -> Case in
            let checkpoints = try XCTUnwrap(c["checkpoints"] as? [[String: Any]]).map { cp in
                (step: try XCTUnwrap(cp["step"] as? Int), point: try XCTUnwrap(cp["point"] as? [Double]))
            }
            return Case(optimizer: try OptimizerKind.named(try XCTUnwrap(c["optimizer"] as? String)),
                        lr: try XCTUnwrap(c["lr"] as? Double), checkpoints: checkpoints)
        }
        return (start, cases)
    }

    func testTrajectoriesEqualTorchOptimWithin1e4After300Steps() throws {
        let (start, cases) = try loadReference()
        XCTAssertEqual(start, [-1.5, 2])
        // Every optimizer of the figure has a case that runs 300 steps.
        for kind in [OptimizerKind.adam, .rmsprop, .adagrad, .momentum, .nesterov, .gd, .adamw] {
            XCTAssertTrue(cases.contains { $0.optimizer == kind && $0.checkpoints.contains { $0.step == 300 } }, "\(kind) has a 300-step case")
        }
        var worst = 0.0
        for c in cases {
            let steps = c.checkpoints.map(\.step).max()!
            let t = Minimizer.run(start: start, steps: steps, optimizer: DescentOptimizer(c.optimizer, lr: c.lr),
                                  value: TestFunction.rosenbrock.value, gradient: TestFunction.rosenbrock.gradient)
            for (step, point) in c.checkpoints {
                assertClose(t.points[step], point, rtol: 0, atol: 1e-4, "\(c.optimizer) lr \(c.lr) after \(step) steps")
                worst = max(worst, zip(t.points[step], point).map { abs($0 - $1) }.max()!)
            }
        }
        print("torch.optim reference: \(cases.count) cases, largest |Δ| over all checkpoints \(worst)")
        XCTAssertLessThan(worst, 1e-9, "Double against float64 numpy: the same arithmetic, so far below 1e-4")
    }
}
