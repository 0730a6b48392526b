// Constrained minimisation by the augmented Lagrangian method (Nocedal & Wright, ch. 17):
//
//   minimise f(x)  subject to  cᵢ(x) = 0 (equalities)  and  gⱼ(x) ≤ 0 (inequalities)
//
// Each outer iteration minimises, without constraints (by BFGS below),
//
//   L_A(x; λ, μ) = f(x) + Σᵢ [λᵢ cᵢ(x) + (μ/2) cᵢ(x)²] + Σⱼ (1/2μ) [max(0, λⱼ + μ gⱼ(x))² − λⱼ²]
//
// then moves the multipliers, λᵢ ← λᵢ + μ cᵢ(x), λⱼ ← max(0, λⱼ + μ gⱼ(x)), and multiplies the
// penalty μ by 10 when the constraint violation did not shrink at least fourfold. Unlike a pure
// penalty method, μ need not go to infinity: the multiplier estimates absorb the constraint force.
//
// Sign convention: the Lagrangian is f + Σ λc, so at the solution ∇f + Σ λᵢ∇cᵢ + Σ λⱼ∇gⱼ = 0 with
// λⱼ ≥ 0. For "minimise x + y on the unit circle" that gives x = y = −1/√2 and λ = 1/√2.

import Foundation

public struct Constraint: Sendable {
    public enum Kind: Sendable { case equality, inequality }
    public var kind: Kind
    public var name: String
    public var value: @Sendable ([Double]) -> Double
    public var gradient: @Sendable ([Double]) -> [Double]

    /// c(x) = 0.
    public static func equality(_ name: String, value: @escaping @Sendable ([Double]) -> Double,
                                gradient: @escaping @Sendable ([Double]) -> [Double]) -> Constraint {
        Constraint(kind: .equality, name: name, value: value, gradient: gradient)
    }

    /// g(x) ≤ 0.
    public static func inequality(_ name: String, value: @escaping @Sendable ([Double]) -> Double,
                                  gradient: @escaping @Sendable ([Double]) -> [Double]) -> Constraint {
        Constraint(kind: .inequality, name: name, value: value, gradient: gradient)
    }

    /// How far x is from satisfying the constraint (0 when it holds).
    public func violation(at x: [Double]) -> Double {
        let v = value(x)
        return kind == .equality ? abs(v) : Swift.max(0, v)
    }
}

public struct AugmentedLagrangianIteration: Sendable {
    public var point: [Double]
    /// The multipliers after this iteration's update, and the penalty μ it used.
    public var multipliers: [Double]
    public var penalty: Double
    public var violation: Double
    public var innerSteps: Int
}

public struct AugmentedLagrangianResult: Sendable {
    public var point: [Double]
    public var value: Double
    /// One per constraint, in the order given.
    public var multipliers: [Double]
    public var violation: Double
    public var history: [AugmentedLagrangianIteration]
    public var converged: Bool
}

public enum AugmentedLagrangian {
    public static func minimize(start: [Double], objective: @escaping ([Double]) -> Double,
                                gradient: @escaping ([Double]) -> [Double], constraints: [Constraint],
                                initialPenalty: Double = 10, tolerance: Double = 1e-9,
                                maxOuterIterations: Int = 40) -> AugmentedLagrangianResult {
        var x = start
        var lambda = [Double](repeating: 0, count: constraints.count)
        var mu = initialPenalty
        var history: [AugmentedLagrangianIteration] = []
        var previousViolation = Double.infinity
        var converged = false
        for _ in 0..<maxOuterIterations {
            let (l, m) = (lambda, mu)
            let augmented: ([Double]) -> Double = { x in
                var total = objective(x)
                for (i, c) in constraints.enumerated() {
                    let v = c.value(x)
                    switch c.kind {
                    case .equality: total += l[i] * v + 0.5 * m * v * v
                    case .inequality:
                        let shifted = Swift.max(0, l[i] + m * v)
                        total += (shifted * shifted - l[i] * l[i]) / (2 * m)
                    }
                }
                return total
            }
            let augmentedGradient: ([Double]) -> [Double] = { x in
                var g = gradient(x)
                for (i, c) in constraints.enumerated() {
                    let v = c.value(x)
                    let weight = c.kind == .equality ? l[i] + m * v : Swift.max(0, l[i] + m * v)
                    if weight == 0 { continue }
                    for (k, dc) in c.gradient(x).enumerated() { g[k] += weight * dc }
                }
                return g
            }
            let inner = BFGS.minimize(start: x, value: augmented, gradient: augmentedGradient, gradientTolerance: tolerance * 0.1)
            x = inner.point
            for (i, c) in constraints.enumerated() {
                let v = c.value(x)
                lambda[i] = c.kind == .equality ? lambda[i] + mu * v : Swift.max(0, lambda[i] + mu * v)
            }
            let violation = constraints.map { $0.violation(at: x) }.max() ?? 0
            history.append(AugmentedLagrangianIteration(point: x, multipliers: lambda, penalty: mu, violation: violation,
                                                        innerSteps: inner.iterations))
            // Stationarity of the ordinary Lagrangian f + Σλc with the updated multipliers.
            var lagrangianGradient = gradient(x)
            for (i, c) in constraints.enumerated() where lambda[i] != 0 {
                for (k, dc) in c.gradient(x).enumerated() { lagrangianGradient[k] += lambda[i] * dc }
            }
            let stationarity = lagrangianGradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if violation <= tolerance && stationarity <= tolerance.squareRoot() {
                converged = true
                break
            }
            if violation > 0.25 * previousViolation { mu = Swift.min(mu * 10, 1e10) }
            previousViolation = violation
        }
        return AugmentedLagrangianResult(point: x, value: objective(x), multipliers: lambda,
                                         violation: history.last?.violation ?? .infinity, history: history, converged: converged)
    }
}

/// BFGS with a backtracking (Armijo) line search: the inner, unconstrained solver. The inverse
/// Hessian estimate H is updated from s = Δx and y = Δ∇f only when sᵀy > 0 (curvature condition).
public enum BFGS {
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var iterations: Int
        public var converged: Bool
    }

    public static func minimize(start: [Double], value: ([Double]) -> Double, gradient: ([Double]) -> [Double],
                                gradientTolerance: Double = 1e-10, maxIterations: Int = 1000) -> Result {
        let n = start.count
        var x = start
        var f = value(x)
        var g = gradient(x)
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n { h[i * n + i] = 1 }
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        var iterations = 0
        while iterations < maxIterations {
            if norm(g) <= gradientTolerance * Swift.max(1, abs(f)) { return Result(point: x, value: f, iterations: iterations, converged: true) }
            iterations += 1
            // Direction d = −H g (fall back to −g if it is not a descent direction).
            var d = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { d[i] -= h[i * n + j] * g[j] } }
            var slope = zip(d, g).reduce(0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {
                d = g.map { -$0 }
                slope = -norm(g) * norm(g)
                for i in 0..<n { for j in 0..<n { h[i * n + j] = i == j ? 1 : 0 } }
            }
            guard let accepted = backtrack(from: x, value: f, slope: slope, direction: d, function: value) else {
                return Result(point: x, value: f, iterations: iterations, converged: norm(g) <= 1e-6 * Swift.max(1, abs(f)))
            }
            let xNew = accepted.point, fNew = accepted.value
            let gNew = gradient(xNew)
            let s = zip(xNew, x).map { $0 - $1 }
            let y = zip(gNew, g).map { $0 - $1 }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if sy > 1e-12 * norm(s) * norm(y) {
                // H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ, ρ = 1/sᵀy
                let rho = 1 / sy
                var hy = [Double](repeating: 0, count: n)
                for i in 0..<n { for j in 0..<n { hy[i] += h[i * n + j] * y[j] } }
                let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n {
                    for j in 0..<n {
                        h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
                    }
                }
            }
            if abs(f - fNew) <= 1e-16 * Swift.max(1, abs(f)) && norm(s) <= 1e-14 * Swift.max(1, norm(x)) {
                x = xNew; f = fNew; g = gNew
                return Result(point: x, value: f, iterations: iterations, converged: true)
            }
            x = xNew; f = fNew; g = gNew
        }
        return Result(point: x, value: f, iterations: iterations, converged: false)
    }

    /// Backtracking line search along the descent direction d from x, where f = value(x) and
    /// slope = ∇f(x)·d < 0: the first of the steps 1, ½, ¼, … (60 at most) that satisfies the Armijo
    /// condition f(x + step·d) ≤ f + 10⁻⁴·step·slope with a finite value. Returns the new point and
    /// its value, or nil when no step is accepted.
    static func backtrack(from x: [Double], value f: Double, slope: Double, direction d: [Double],
                          function value: ([Double]) -> Double) -> (point: [Double], value: Double)? {
        // exercise armijo-line-search: Find a step along d that decreases f enough (the Armijo condition), halving from a full step.
        // hint: Start with step = 1 (BFGS's natural step) and try at most 60 halvings.
        // hint: "Enough" means at least a small fraction (10⁻⁴) of the decrease the slope predicts: f + 10⁻⁴·step·slope.
        // hint: A trial point whose value is NaN or infinite is rejected like one that does not decrease enough.
        // tests: ConstrainedTests/testBFGSFindsRosenbrocksMinimum, LineSearchTests
        var step = 1.0
        var xNew = x
        for _ in 0..<60 {
            for i in 0..<x.count { xNew[i] = x[i] + step * d[i] }
            let fNew = value(xNew)
            if fNew.isFinite && fNew <= f + 1e-4 * step * slope { return (xNew, fNew) }
            step *= 0.5
        }
        return nil
        // end exercise armijo-line-search
    }
}
