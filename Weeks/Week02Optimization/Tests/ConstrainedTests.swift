// Constrained optimisation: the augmented Lagrangian's solutions and multipliers against the
// KKT conditions worked out by hand, and the inner BFGS solver on its own.

import TestSupport
import Week02Optimization
import XCTest

final class ConstrainedTests: XCTestCase {
    func testCircleSolutionAndMultiplier() {
        // minimise x + y s.t. c(x) = x² + y² − 1 = 0. With L = f + λc: ∇f + λ∇c = (1 + 2λx, 1 + 2λy) = 0
        // → x = y = −1/(2λ); on the circle 2x² = 1 → x = y = ±1/√2; the minimum is the negative one,
        // so λ = 1/√2.
        let circle = Constraint.equality("circle", value: { $0[0] * $0[0] + $0[1] * $0[1] - 1 }, gradient: { [2 * $0[0], 2 * $0[1]] })
        let result = AugmentedLagrangian.minimize(start: [1, 0], objective: { $0[0] + $0[1] }, gradient: { _ in [1, 1] }, constraints: [circle])
        let r = 1 / 2.0.squareRoot()
        XCTAssertTrue(result.converged)
        assertClose(result.point, [-r, -r], rtol: 0, atol: 1e-7, "solution")
        assertClose(result.multipliers[0], r, rtol: 0, atol: 1e-7, "multiplier")
        assertClose(result.value, -2.0.squareRoot(), rtol: 1e-9, "value")
        XCTAssertLessThanOrEqual(result.violation, 1e-9)
        // The multiplier estimates approach λ* as the outer iterations go.
        let errors = result.history.map { abs($0.multipliers[0] - r) }
        XCTAssertLessThan(errors.last!, errors.first!)
    }

    func testActiveInequalityConstraint() {
        // minimise (x − 2)² + (y − 1)² s.t. g = x + y − 1 ≤ 0: the projection of (2, 1) onto x + y = 1 is (1, 0);
        // 2(x − 2) + λ = 0 → λ = 2 ≥ 0 (active).
        let g = Constraint.inequality("half-plane", value: { $0[0] + $0[1] - 1 }, gradient: { _ in [1, 1] })
        let result = AugmentedLagrangian.minimize(start: [0, 0], objective: { ($0[0] - 2) * ($0[0] - 2) + ($0[1] - 1) * ($0[1] - 1) },
                                                  gradient: { [2 * ($0[0] - 2), 2 * ($0[1] - 1)] }, constraints: [g])
        XCTAssertTrue(result.converged)
        assertClose(result.point, [1, 0], rtol: 0, atol: 1e-7)
        assertClose(result.multipliers[0], 2, rtol: 0, atol: 1e-6)
    }

    func testInactiveInequalityHasZeroMultiplier() {
        // The unconstrained minimum (0.2, 0.3) already satisfies x + y ≤ 1: λ = 0.
        let g = Constraint.inequality("half-plane", value: { $0[0] + $0[1] - 1 }, gradient: { _ in [1, 1] })
        let result = AugmentedLagrangian.minimize(start: [3, 3], objective: { ($0[0] - 0.2) * ($0[0] - 0.2) + ($0[1] - 0.3) * ($0[1] - 0.3) },
                                                  gradient: { [2 * ($0[0] - 0.2), 2 * ($0[1] - 0.3)] }, constraints: [g])
        assertClose(result.point, [0.2, 0.3], rtol: 0, atol: 1e-7)
        XCTAssertEqual(result.multipliers[0], 0)
    }

    func testTwoEqualityConstraints() {
        // minimise x² + y² + z² s.t. x + y + z = 3 and x − y = 1. Stationarity: 2x + λ₁ + λ₂ = 0,
        // 2y + λ₁ − λ₂ = 0, 2z + λ₁ = 0 with the constraints → x = 1.5, y = 0.5, z = 1, λ₁ = −2, λ₂ = −1.
        let sum = Constraint.equality("sum", value: { $0[0] + $0[1] + $0[2] - 3 }, gradient: { _ in [1, 1, 1] })
        let difference = Constraint.equality("difference", value: { $0[0] - $0[1] - 1 }, gradient: { _ in [1, -1, 0] })
        let result = AugmentedLagrangian.minimize(start: [0, 0, 0], objective: { $0.reduce(0) { $0 + $1 * $1 } },
                                                  gradient: { $0.map { 2 * $0 } }, constraints: [sum, difference])
        assertClose(result.point, [1.5, 0.5, 1], rtol: 0, atol: 1e-7)
        assertClose(result.multipliers, [-2, -1], rtol: 0, atol: 1e-6)
    }

    func testBFGSFindsRosenbrocksMinimum() {
        let f = TestFunction.rosenbrock
        let r = BFGS.minimize(start: [-1.5, 2], value: f.value, gradient: f.gradient)
        XCTAssertTrue(r.converged)
        assertClose(r.point, [1, 1], rtol: 0, atol: 1e-6)
        XCTAssertLessThan(r.iterations, 200)
    }
}
