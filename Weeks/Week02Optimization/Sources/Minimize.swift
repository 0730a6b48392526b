// Running an optimizer on a test function: the trajectory, steps to reach the minimum, and the
// learning rates the race uses (tuned once per function and optimizer; the table is in the README).

import Foundation

/// Points visited: points[0] is the start, points[t] the point after step t.
public struct Trajectory: Sendable {
    public var points: [[Double]]
    public var values: [Double]
    /// True when a point or value became NaN or infinite (the run stops there).
    public var diverged: Bool

    public var steps: Int { points.count - 1 }
    public var finalPoint: [Double] { points[points.count - 1] }
    public var finalValue: Double { values[values.count - 1] }

    /// The first step whose point lies within `tolerance` (Euclidean) of `target`; nil if none.
    public func stepsToReach(_ target: [Double], tolerance: Double) -> Int? {
        points.indices.first { t in Minimizer.distance(points[t], target) <= tolerance }
    }
}

public enum Minimizer {
    /// `steps` optimizer steps on any differentiable function, from `start`.
    public static func run(start: [Double], steps: Int, optimizer: DescentOptimizer,
                           value: ([Double]) -> Double, gradient: ([Double]) -> [Double]) -> Trajectory {
        var optimizer = optimizer
        var p = start
        var points = [p], values = [value(p)]
        points.reserveCapacity(steps + 1)
        values.reserveCapacity(steps + 1)
        var diverged = !values[0].isFinite
        var t = 0
        while t < steps && !diverged {
            optimizer.update(&p, gradient: gradient(p))
            let f = value(p)
            points.append(p)
            values.append(f)
            diverged = !f.isFinite || !p.allSatisfy(\.isFinite)
            t += 1
        }
        return Trajectory(points: points, values: values, diverged: diverged)
    }

    /// `steps` steps of `kind` on a test function (lr default: the race's tuned value).
    public static func run(_ function: TestFunction, _ kind: OptimizerKind, lr: Double? = nil,
                           steps: Int = RaceSettings.maxSteps, start: [Double]? = nil) -> Trajectory {
        let lr = lr ?? RaceSettings.learningRate(function, kind)
        return run(start: start ?? function.defaultStart, steps: steps, optimizer: DescentOptimizer(kind, lr: lr),
                   value: function.value, gradient: function.gradient)
    }

    public static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}

/// The race's settings: a tolerance, a step budget, and a learning rate per function and optimizer.
///
/// Each rate was chosen from a grid (1e-4 … 1) as a fast one whose run, from the function's default
/// start, enters the 1e-3 ball around the minimum and stays there until step 20,000. Constant-rate
/// RMSprop and Adam circle the minimum at a distance that grows with lr, so they get small rates;
/// AdamW's decoupled decay (0.01) pulls towards the origin, away from minima that are not there.
public enum RaceSettings {
    public static let tolerance = 1e-3
    public static let maxSteps = 20_000

    public static func learningRate(_ function: TestFunction, _ kind: OptimizerKind) -> Double {
        switch (function, kind) {
        case (.rosenbrock, .gd): return 0.0015
        case (.rosenbrock, .momentum): return 0.0015
        case (.rosenbrock, .nesterov): return 0.001
        case (.rosenbrock, .adagrad): return 0.5
        case (.rosenbrock, .rmsprop): return 0.001
        case (.rosenbrock, .adam): return 0.001
        case (.rosenbrock, .adamw): return 0.001
        case (.beale, .gd): return 0.02
        case (.beale, .momentum): return 0.01
        case (.beale, .nesterov): return 0.01
        case (.beale, .adagrad): return 0.5
        case (.beale, .rmsprop): return 0.001
        case (.beale, .adam): return 0.1
        case (.beale, .adamw): return 0.001
        case (.booth, .gd): return 0.05
        case (.booth, .momentum): return 0.01
        case (.booth, .nesterov): return 0.05
        case (.booth, .adagrad): return 1.0
        case (.booth, .rmsprop): return 0.05
        case (.booth, .adam): return 0.2
        case (.booth, .adamw): return 0.001
        case (.quadratic, .gd): return 0.01
        case (.quadratic, .momentum): return 0.01
        case (.quadratic, .nesterov): return 0.005
        case (.quadratic, .adagrad): return 0.5
        case (.quadratic, .rmsprop): return 0.001
        case (.quadratic, .adam): return 0.002
        case (.quadratic, .adamw): return 0.002
        }
    }
}

/// One row of the race table.
public struct RaceResult: Sendable {
    public var function: TestFunction
    public var optimizer: OptimizerKind
    public var lr: Double
    public var trajectory: Trajectory
    /// First step within `RaceSettings.tolerance` of the minimum.
    public var stepsToTolerance: Int?

    public static func run(_ function: TestFunction, _ kind: OptimizerKind, steps: Int = RaceSettings.maxSteps) -> RaceResult {
        let lr = RaceSettings.learningRate(function, kind)
        let trajectory = Minimizer.run(function, kind, lr: lr, steps: steps)
        return RaceResult(function: function, optimizer: kind, lr: lr, trajectory: trajectory,
                          stepsToTolerance: trajectory.stepsToReach(function.minimum, tolerance: RaceSettings.tolerance))
    }
}
