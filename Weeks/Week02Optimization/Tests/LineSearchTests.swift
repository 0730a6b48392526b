// BFGS's backtracking (Armijo) line search on one-dimensional examples worked by hand: which of
// the steps 1, ½, ¼, … it accepts, that it skips non-finite values, and that it gives up (nil)
// when no step decreases the function.

@testable import Week02Optimization
import XCTest

final class LineSearchTests: XCTestCase {
    func testAcceptsTheFirstHalvingThatDecreasesEnough() throws {
        // f(x) = x² at x = 1, d = −f′(1) = −2, slope f′·d = −4.
        // step 1: x = −1, f = 1 > 1 − 4e-4 (rejected); step ½: x = 0, f = 0 ≤ 1 − 2e-4 (accepted).
        let accepted = try XCTUnwrap(BFGS.backtrack(from: [1], value: 1, slope: -4, direction: [-2]) { $0[0] * $0[0] })
        XCTAssertEqual(accepted.point, [0])
        XCTAssertEqual(accepted.value, 0)
        // Along d = −0.5 the full step already lands on x = 0.5, f = 0.25 ≤ 1 − 1e-4: accepted at once.
        let full = try XCTUnwrap(BFGS.backtrack(from: [1], value: 1, slope: -1, direction: [-0.5]) { $0[0] * $0[0] })
        XCTAssertEqual(full.point, [0.5])
        XCTAssertEqual(full.value, 0.25)
    }

    func testSkipsNonFiniteValues() throws {
        // f(x) = x² but NaN for |x| > 1.5; x = 1, d = −4, slope −8.
        // step 1: x = −3 (NaN, rejected); ½: x = −1, f = 1 > 1 − 4e-4 (rejected); ¼: x = 0 (accepted).
        let accepted = try XCTUnwrap(BFGS.backtrack(from: [1], value: 1, slope: -8, direction: [-4]) { p in
            abs(p[0]) > 1.5 ? .nan : p[0] * p[0]
        })
        XCTAssertEqual(accepted.point, [0])
        XCTAssertEqual(accepted.value, 0)
    }

    func testGivesUpWhenNoStepIsAccepted() {
        // f(x) = x² at x = 1 along the descent direction d = −1e300 (slope −2e300): even the 60th
        // trial step, 2⁻⁵⁹, lands at |x| ≈ 1.7e282, where x² overflows to +∞. Nothing is accepted.
        XCTAssertNil(BFGS.backtrack(from: [1], value: 1, slope: -2e300, direction: [-1e300]) { $0[0] * $0[0] })
    }
}
