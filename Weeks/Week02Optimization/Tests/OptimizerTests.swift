// The Assess gate of week 2, part 1: the test functions' gradients, each optimizer reaching each
// known minimum within a stated number of steps, and first steps worked out by hand.

import Shared
import TestSupport
import Week02Optimization
import XCTest

final class OptimizerTests: XCTestCase {
    func testGradientsEqualCentralDifferences() {
        for function in TestFunction.allCases {
            for point in [[-1.5, 2.0], [0.3, -0.7], [2.5, 0.4], function.minimum] {
                assertClose(function.gradient(point), numericalGradient(at: point, function.value), rtol: 1e-6, atol: 1e-6,
                            "\(function.rawValue) at \(point)")
            }
            XCTAssertEqual(function.value(function.minimum), 0, "\(function.rawValue)'s minimum value")
            XCTAssertEqual(function.gradient(function.minimum), [0, 0], "\(function.rawValue)'s gradient at its minimum")
        }
        // The quadratic is ½(x² + κy²) with κ = 100: curvatures 1 and 100.
        XCTAssertEqual(TestFunction.quadratic.value([2, 1]), 0.5 * (4 + 100))
    }

    /// Stated step budgets: each optimizer, at the race's learning rate and from the function's
    /// default start, comes within 1e-3 of the known minimum in at most this many steps. Measured
    /// once (`swift run Week02Optimization`, the race tables) and rounded up by a few percent.
    static let statedSteps: [TestFunction: [OptimizerKind: Int]] = [
        .rosenbrock: [.gd: 12000, .momentum: 1100, .nesterov: 1650, .adagrad: 14500, .rmsprop: 9400, .adam: 11000, .adamw: 14000],
        .beale: [.gd: 1050, .momentum: 140, .nesterov: 200, .adagrad: 420, .rmsprop: 2700, .adam: 240, .adamw: 13300],
        .booth: [.gd: 70, .momentum: 135, .nesterov: 50, .adagrad: 130, .rmsprop: 210, .adam: 125, .adamw: 11400],
        .quadratic: [.gd: 770, .momentum: 140, .nesterov: 55, .adagrad: 50, .rmsprop: 2500, .adam: 3000, .adamw: 3000],
    ]

    func testEachOptimizerReachesEachKnownMinimumWithinStatedSteps() {
        XCTAssertEqual(TestFunction.rosenbrock.minimum, [1, 1])
        XCTAssertEqual(TestFunction.beale.minimum, [3, 0.5])
        XCTAssertEqual(TestFunction.booth.minimum, [1, 3])
        XCTAssertEqual(TestFunction.quadratic.minimum, [0, 0])
        for function in TestFunction.allCases {
            for kind in OptimizerKind.allCases {
                let budget = OptimizerTests.statedSteps[function]![kind]!
                let race = RaceResult.run(function, kind)
                XCTAssertFalse(race.trajectory.diverged, "\(kind) on \(function)")
                guard let reached = race.stepsToTolerance else {
                    XCTFail("\(kind) on \(function) never came within 1e-3 of \(function.minimum) in \(RaceSettings.maxSteps) steps")
                    continue
                }
                XCTAssertLessThanOrEqual(reached, budget, "\(kind) on \(function) at lr \(race.lr)")
                // …and is still there at the end of the race's budget.
                XCTAssertLessThanOrEqual(Minimizer.distance(race.trajectory.finalPoint, function.minimum), 1e-3, "\(kind) on \(function) at the end")
            }
        }
    }

    func testAdamFirstTwoStepsEqualHandComputedValues() {
        // Adam(lr = 0.1), β₁ = 0.9, β₂ = 0.999, ε = 1e-8, on Rosenbrock from (−1.5, 2), by hand:
        // step 1: g = (−2(1 − x) − 400x(y − x²), 200(y − x²)) = (−5 − 150, −50) = (−155, −50)
        //         m = 0.1g = (−15.5, −5), v = 0.001g² = (24.025, 2.5); 1 − β₁ = 0.1, 1 − β₂ = 0.001
        //         step = (0.1 / 0.1) · m / (√v / √0.001 + ε) = g / (|g| + 1e-8) ≈ sign(g) = (−1, −1) · (1 − 6.5e-11)
        //         p₁ = (−1.5, 2) − 0.1 · (−1, −1) = (−1.4, 2.1) (to 1e-11)
        // step 2: at (−1.4, 2.1): x² = 1.96, y − x² = 0.14, g = (−4.8 + 78.4, 28) = (73.6, 28)
        //         m = 0.9(−15.5, −5) + 0.1(73.6, 28) = (−6.59, −1.7)
        //         v = 0.999(24.025, 2.5) + 0.001(5416.96, 784) = (29.417935, 3.2815)
        //         1 − β₁² = 0.19, 1 − β₂² = 0.001999, √0.001999 = 0.04471018
        //         √v / √0.001999 = (5.4238303 / 0.04471018, 1.8114911 / 0.04471018) = (121.31086, 40.516303)
        //         step = (0.1 / 0.19) · m / that = 0.52631579 · (−0.05432325, −0.04195842) = (−0.02859118, −0.02208338)
        //         p₂ = (−1.4 + 0.02859118, 2.1 + 0.02208338) = (−1.37140882, 2.12208338)
        var optimizer = DescentOptimizer(.adam, lr: 0.1)
        var p = [-1.5, 2.0]
        optimizer.update(&p, gradient: TestFunction.rosenbrock.gradient(p))
        assertClose(p, [-1.4, 2.1], rtol: 0, atol: 1e-10, "Adam step 1")
        optimizer.update(&p, gradient: TestFunction.rosenbrock.gradient(p))
        assertClose(p, [-1.37140882, 2.12208338], rtol: 0, atol: 2e-8, "Adam step 2")
        XCTAssertEqual(optimizer.step, 2)
        assertClose(optimizer.firstMoment, [-6.59, -1.7], rtol: 1e-8, "m after two steps")
        assertClose(optimizer.secondMoment, [29.417935, 3.2815], rtol: 1e-8, "v after two steps")
    }

    func testFirstStepOfTheOtherOptimizersByHand() {
        // From (−1.5, 2) on Rosenbrock, g = (−155, −50).
        let g = [-155.0, -50.0]
        func firstStep(_ kind: OptimizerKind, lr: Double) -> [Double] {
            var o = DescentOptimizer(kind, lr: lr)
            var p = [-1.5, 2.0]
            o.update(&p, gradient: g)
            return p
        }
        // gd and momentum (torch: buffer = g on the first step): p − lr·g.
        assertClose(firstStep(.gd, lr: 0.001), [-1.345, 2.05], rtol: 1e-14)
        assertClose(firstStep(.momentum, lr: 0.001), [-1.345, 2.05], rtol: 1e-14)
        // nesterov: p − lr·(g + 0.9·g) = p − 1.9·lr·g.
        assertClose(firstStep(.nesterov, lr: 0.001), [-1.5 + 0.2945, 2 + 0.095], rtol: 1e-14)
        // adagrad: s = g², p − lr·g/(|g| + 1e-10) ≈ p + lr.
        assertClose(firstStep(.adagrad, lr: 0.5), [-1.0, 2.5], rtol: 1e-11)
        // rmsprop: s = 0.01·g², p − lr·g/(0.1|g| + 1e-8) ≈ p + 10·lr.
        assertClose(firstStep(.rmsprop, lr: 0.01), [-1.4, 2.1], rtol: 1e-9)
        // adamw: p·(1 − lr·0.01) first, then the Adam step ≈ +lr: (−1.5·0.999 + 0.1, 2·0.999 + 0.1).
        assertClose(firstStep(.adamw, lr: 0.1), [-1.3985, 2.098], rtol: 1e-9)
        // Momentum's second step: b = 0.9·b + g; with the same g twice, b = 1.9g.
        var o = DescentOptimizer(.momentum, lr: 0.001)
        var p = [0.0, 0.0]
        o.update(&p, gradient: [1, 2])
        o.update(&p, gradient: [1, 2])
        assertClose(o.momentumBuffer!, [1.9, 3.8], rtol: 1e-14)
        assertClose(p, [-0.0029, -0.0058], rtol: 1e-12)
    }

    func testDefaultHyperParametersAreTorchOptims() {
        // torch.optim defaults: SGD lr 1e-3; Adagrad lr 1e-2, eps 1e-10; RMSprop lr 1e-2, alpha 0.99,
        // eps 1e-8; Adam lr 1e-3, betas (0.9, 0.999), eps 1e-8; AdamW the same with weight_decay 1e-2.
        let adagrad = OptimizerSettings(.adagrad), rmsprop = OptimizerSettings(.rmsprop)
        let adam = OptimizerSettings(.adam), adamw = OptimizerSettings(.adamw)
        XCTAssertEqual(OptimizerSettings(.gd).lr, 1e-3)
        XCTAssertEqual([adagrad.lr, adagrad.epsilon], [1e-2, 1e-10])
        XCTAssertEqual([rmsprop.lr, rmsprop.alpha, rmsprop.epsilon], [1e-2, 0.99, 1e-8])
        XCTAssertEqual([adam.lr, adam.beta1, adam.beta2, adam.epsilon, adam.weightDecay], [1e-3, 0.9, 0.999, 1e-8, 0])
        XCTAssertEqual([adamw.lr, adamw.beta1, adamw.beta2, adamw.epsilon, adamw.weightDecay], [1e-3, 0.9, 0.999, 1e-8, 0.01])
        XCTAssertEqual(OptimizerSettings(.momentum).momentum, 0.9)
        XCTAssertEqual(OptimizerSettings(.nesterov).momentum, 0.9)
    }

    func testDivergenceStopsTheRunAndIsFlagged() {
        // GD on the quadratic is stable only for lr < 2/κ = 0.02; at 0.03 y doubles every step.
        let t = Minimizer.run(.quadratic, .gd, lr: 0.03, steps: 5000)
        XCTAssertTrue(t.diverged)
        XCTAssertLessThan(t.steps, 5000)
        XCTAssertFalse(t.finalValue.isFinite)
        let stable = Minimizer.run(.quadratic, .gd, lr: 0.019, steps: 5000)
        XCTAssertFalse(stable.diverged)
        XCTAssertEqual(stable.steps, 5000)
    }

    func testTrajectoryRecordsEveryStepAndStepsToReach() {
        let t = Minimizer.run(.booth, .gd, lr: 0.05, steps: 100)
        XCTAssertEqual(t.points.count, 101)
        XCTAssertEqual(t.points[0], TestFunction.booth.defaultStart)
        XCTAssertEqual(t.values[0], TestFunction.booth.value(t.points[0]))
        let reached = t.stepsToReach([1, 3], tolerance: 1e-3)!
        XCTAssertLessThanOrEqual(Minimizer.distance(t.points[reached], [1, 3]), 1e-3)
        XCTAssertGreaterThan(Minimizer.distance(t.points[reached - 1], [1, 3]), 1e-3)
    }

    func testUnknownNamesAreClearErrors() {
        XCTAssertThrowsError(try TestFunction.named("himmelblau")) { error in
            XCTAssertTrue("\(error)".contains("unknown function 'himmelblau'"), "\(error)")
            XCTAssertTrue("\(error)".contains("rosenbrock, beale, booth, quadratic"), "\(error)")
        }
        XCTAssertThrowsError(try OptimizerKind.named("lbfgs")) { error in
            XCTAssertTrue("\(error)".contains("unknown optimizer 'lbfgs'"), "\(error)")
        }
        XCTAssertEqual(try OptimizerKind.named("AdamW"), .adamw)
    }
}
