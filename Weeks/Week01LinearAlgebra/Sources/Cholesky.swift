// Cholesky decomposition: A = LLᵀ for a symmetric positive-definite A, L lower triangular with a
// positive diagonal. Row by row: lᵢⱼ = (aᵢⱼ − Σₖ lᵢₖlⱼₖ) / lⱼⱼ and lᵢᵢ = √(aᵢᵢ − Σₖ lᵢₖ²). Half the
// work of LU and no pivoting needed; a non-positive value under the square root is the proof
// that A is not positive definite.

import Foundation

public struct CholeskyDecomposition: Sendable {
    public let l: Matrix

    public init(_ a: Matrix) throws {
        let a = try a.validated()
        guard a.isSquare else { throw LinearAlgebraError.notSquare(op: "Cholesky", rows: a.rows, columns: a.columns) }
        guard a.isSymmetric(tolerance: 1e-8) else { throw LinearAlgebraError.notSymmetric(op: "Cholesky") }
        let n = a.rows
        var l = Matrix(rows: n, columns: n)
        let tiny = Double(n) * Double.ulpOfOne * Swift.max(a.maxAbs, .leastNormalMagnitude)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i, j]
                for k in 0..<j { sum -= l[i, k] * l[j, k] }
                if i == j {
                    guard sum > tiny else { throw LinearAlgebraError.notPositiveDefinite(pivot: i) }
                    l[i, i] = sum.squareRoot()
                } else {
                    l[i, j] = sum / l[j, j]
                }
            }
        }
        self.l = l
    }
}
