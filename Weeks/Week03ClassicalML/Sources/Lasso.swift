// Lasso by cyclic coordinate descent, minimising scikit-learn's objective
//     (1 / 2n) ‖y − Xw − b‖² + α ‖w‖₁                    (default α = 1, like sklearn's Lasso)
// On centred data, one coordinate at a time with the residual r = ỹ − x̃w kept up to date:
//     ρⱼ = x̃ⱼᵀ r + ‖x̃ⱼ‖² wⱼ          wⱼ ← S(ρⱼ, nα) / ‖x̃ⱼ‖²,   S(z, t) = sign(z) · max(|z| − t, 0)
// The soft threshold S is what sets coefficients exactly to zero. Stops when the largest
// coordinate change is below tol · max |w| (or after maxIterations sweeps).
//
// Does not: do warm-started regularisation paths or the duality-gap stopping rule.

import Foundation

public struct Lasso: Regressor, Codable, Equatable {
    public var alpha: Double
    public var tolerance: Double
    public var maxIterations: Int
    public var coefficients: [Double] = []
    public var intercept: Double = 0
    public private(set) var iterations = 0

    public init(alpha: Double = 1, tolerance: Double = 1e-8, maxIterations: Int = 10_000) {
        self.alpha = alpha
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    public mutating func fit(_ x: Features, _ y: [Double]) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        guard alpha >= 0 else { throw ModelError.invalidParameter("lasso alpha must be ≥ 0") }
        try x.requireFinite("lasso")
        try requireFiniteTargets(y, "lasso")
        let (centred, xMean, yCentred, yMean) = LinearRegression.centre(x, y)
        let n = x.rows, d = x.columns
        // Column-major copy so each coordinate update reads one contiguous column.
        var columns = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { columns[j * n + i] = centred[i, j] } }
        let squaredNorms = (0..<d).map { j in (0..<n).reduce(0.0) { $0 + columns[j * n + $1] * columns[j * n + $1] } }
        var w = [Double](repeating: 0, count: d)
        var r = yCentred
        let threshold = Double(n) * alpha
        iterations = 0
        columns.withUnsafeBufferPointer { col in
            for sweep in 1...max(maxIterations, 1) {
                iterations = sweep
                var maxChange = 0.0, maxWeight = 0.0
                for j in 0..<d where squaredNorms[j] > 0 {
                    let cj = col.baseAddress! + j * n
                    var rho = 0.0
                    for i in 0..<n { rho += cj[i] * r[i] }
                    rho += squaredNorms[j] * w[j]
                    let shrunk = max(abs(rho) - threshold, 0)
                    let updated = (rho < 0 ? -shrunk : shrunk) / squaredNorms[j]
                    let delta = updated - w[j]
                    if delta != 0 {
                        for i in 0..<n { r[i] -= delta * cj[i] }
                        w[j] = updated
                    }
                    maxChange = max(maxChange, abs(delta))
                    maxWeight = max(maxWeight, abs(updated))
                }
                if maxWeight == 0 || maxChange <= tolerance * maxWeight { break }
            }
        }
        coefficients = w
        intercept = yMean - zip(xMean, w).reduce(0) { $0 + $1.0 * $1.1 }
    }

    public func predict(_ x: Features) -> [Double] {
        (0..<x.rows).map { i in
            var s = intercept
            for j in 0..<x.columns { s += x[i, j] * coefficients[j] }
            return s
        }
    }
}
