// LU decomposition with partial pivoting: PA = LU.
//
// Gaussian elimination, column by column: pick the row with the largest |entry| in the column as
// the pivot (this keeps every multiplier |lᵢⱼ| ≤ 1, which is what makes the method stable), swap
// it up, and subtract multiples of it from the rows below. L collects the multipliers (unit
// diagonal), U is what remains, P records the swaps. Cost: ⅔n³ flops.

import Foundation

public struct LUDecomposition: Sendable {
    /// P as a matrix: row i of PA is row permutation[i] of A.
    public let p: Matrix
    public let l: Matrix
    public let u: Matrix
    public let permutation: [Int]
    /// (−1)^(number of swaps), for the determinant.
    public let sign: Double

    public var determinant: Double { (0..<u.rows).reduce(sign) { $0 * u[$1, $1] } }

    public init(_ a: Matrix) throws {
        let a = try a.validated()
        guard a.isSquare else { throw LinearAlgebraError.notSquare(op: "LU", rows: a.rows, columns: a.columns) }
        let n = a.rows
        var w = a  // overwritten: multipliers below the diagonal, U on and above
        var perm = Array(0..<n)
        var sign = 1.0
        // A pivot this small relative to the matrix is zero up to rounding.
        let tiny = Double(n) * Double.ulpOfOne * Swift.max(a.maxAbs, .leastNormalMagnitude)
        for k in 0..<n {
            var pivotRow = k
            for i in (k + 1)..<Swift.max(k + 1, n) where abs(w[i, k]) > abs(w[pivotRow, k]) { pivotRow = i }
            guard abs(w[pivotRow, k]) > tiny else { throw LinearAlgebraError.singular(pivot: k) }
            if pivotRow != k {
                for j in 0..<n { w.values.swapAt(k * n + j, pivotRow * n + j) }
                perm.swapAt(k, pivotRow)
                sign = -sign
            }
            let pivot = w[k, k]
            for i in (k + 1)..<Swift.max(k + 1, n) {
                let factor = w[i, k] / pivot
                w[i, k] = factor
                if factor == 0 { continue }
                for j in (k + 1)..<n { w[i, j] -= factor * w[k, j] }
            }
        }
        var l = Matrix.identity(n), u = Matrix(rows: n, columns: n), p = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n {
                if j < i { l[i, j] = w[i, j] } else { u[i, j] = w[i, j] }
            }
            p[i, perm[i]] = 1
        }
        self.p = p
        self.l = l
        self.u = u
        self.permutation = perm
        self.sign = sign
    }

    /// Solves A x = b by forward substitution (L y = P b) and back substitution (U x = y).
    public func solve(_ b: [Double]) throws -> [Double] {
        let n = u.rows
        guard b.count == n else { throw LinearAlgebraError.shapeMismatch(op: "solve", [n, n], [b.count]) }
        var y = permutation.map { b[$0] }
        for i in 0..<n { for j in 0..<i { y[i] -= l[i, j] * y[j] } }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in (i + 1)..<n { y[i] -= u[i, j] * y[j] }
            y[i] /= u[i, i]
        }
        return y
    }
}

public enum LinearSystem {
    /// Solves A x = b, refusing matrices whose condition number (σ_max/σ_min, from the SVD) is so
    /// large that the answer would be mostly rounding error.
    public static func solve(_ a: Matrix, _ b: [Double], maxConditionNumber: Double = 1e12) throws -> [Double] {
        let condition = try conditionNumber(a)
        guard condition <= maxConditionNumber else { throw LinearAlgebraError.illConditioned(conditionNumber: condition) }
        return try LUDecomposition(a).solve(b)
    }

    /// σ_max / σ_min (infinite for a singular matrix).
    public static func conditionNumber(_ a: Matrix) throws -> Double {
        guard a.isSquare else { throw LinearAlgebraError.notSquare(op: "condition number", rows: a.rows, columns: a.columns) }
        let s = try SVD(a).singularValues
        guard let smallest = s.last, smallest > 0 else { return .infinity }
        return s[0] / smallest
    }
}
