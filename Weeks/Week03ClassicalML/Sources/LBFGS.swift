// L-BFGS: quasi-Newton minimisation that keeps the last m pairs (s = Δx, y = Δ∇f) and applies an
// approximate inverse Hessian to the gradient with the two-loop recursion (Nocedal & Wright,
// Algorithm 7.4), then a backtracking line search for the Armijo condition
//     f(x + t·p) ≤ f(x) + 10⁻⁴ · t · ∇f·p.
// Used for the logistic regression loss (smooth and strictly convex with the L2 penalty).
//
// Does not: enforce the curvature (Wolfe) condition; a pair with sᵀy ≤ 0 is simply skipped.

import Foundation

public enum LBFGS {
    public struct Result {
        public var x: [Double]
        public var value: Double
        public var iterations: Int
        public var converged: Bool
        /// The loss or its gradient was NaN or infinite at the current point: the run stopped there.
        public var stoppedOnNonFinite = false
    }

    /// Minimises f; `evaluate(x, &gradient)` returns f(x) and writes ∇f(x).
    public static func minimize(start: [Double], memory m: Int = 10, maxIterations: Int = 500,
                                gradientTolerance: Double = 1e-6,
                                onIteration: ((Int, Double) -> Void)? = nil,
                                evaluate: ([Double], inout [Double]) -> Double) -> Result {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var f = evaluate(x, &g)
        if !f.isFinite || !g.allSatisfy(\.isFinite) {
            return Result(x: x, value: f, iterations: 0, converged: false, stoppedOnNonFinite: true)
        }
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        var newG = g
        for iteration in 0..<maxIterations {
            if g.reduce(0.0, { max($0, abs($1)) }) <= gradientTolerance {
                return Result(x: x, value: f, iterations: iteration, converged: true)
            }
            // Two-loop recursion: p = −H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for k in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[k] = rhoHistory[k] * dot(sHistory[k], q)
                axpy(-alphas[k], yHistory[k], &q)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = dot(s, y) / dot(y, y)
                for i in 0..<n { q[i] *= gamma }
            } else {
                let norm = dot(g, g).squareRoot()
                for i in 0..<n { q[i] /= max(norm, 1) }
            }
            for k in 0..<sHistory.count {
                let beta = rhoHistory[k] * dot(yHistory[k], q)
                axpy(alphas[k] - beta, sHistory[k], &q)
            }
            var direction = q.map { -$0 }
            var slope = dot(g, direction)
            if slope >= 0 {  // not a descent direction: restart from steepest descent
                direction = g.map { -$0 }
                slope = -dot(g, g)
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
            }
            var step = 1.0
            var trial = x
            var newF = f
            var accepted = false
            for _ in 0..<40 {
                for i in 0..<n { trial[i] = x[i] + step * direction[i] }
                newF = evaluate(trial, &newG)
                // A NaN or infinite trial fails the test and halves the step (at most 40 times).
                if newF.isFinite, newF <= f + 1e-4 * step * slope, newG.allSatisfy(\.isFinite) { accepted = true; break }
                step *= 0.5
            }
            if !accepted { return Result(x: x, value: f, iterations: iteration, converged: false) }
            let s = (0..<n).map { trial[$0] - x[$0] }
            let y = (0..<n).map { newG[$0] - g[$0] }
            let sy = dot(s, y)
            if sy > 1e-12 {
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
                if sHistory.count > m { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
            }
            let decrease = f - newF
            x = trial
            f = newF
            g = newG
            onIteration?(iteration + 1, f)
            if decrease <= 1e-15 * max(abs(f), 1) {
                return Result(x: x, value: f, iterations: iteration + 1, converged: true)
            }
        }
        return Result(x: x, value: f, iterations: maxIterations, converged: false)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for i in y.indices { y[i] += alpha * x[i] }
    }
}
