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
        l = try CholeskyDecomposition.lowerFactor(of: a)
    }

    /// L with A = LLᵀ, for a square symmetric A (checked by the caller).
    static func lowerFactor(of a: Matrix) throws -> Matrix {
        // exercise cholesky: Factor a symmetric positive-definite A into LLᵀ, L lower triangular with a positive diagonal.
        // hint: Fill L row by row; entry (i, j) only needs entries of L to its left and in the rows above.
        // hint: Write aᵢⱼ = Σₖ lᵢₖlⱼₖ, split off the last term (k = j), and solve for lᵢⱼ; on the diagonal that term is lᵢᵢ².
        // hint: A value under the square root that is not clearly positive (compare with a tiny multiple of max|aᵢⱼ|) means A is not positive definite: throw notPositiveDefinite(pivot: i).
        // tests: DecompositionTests/testCholeskyMatchesLAPACK
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
        return l
        // end exercise cholesky
    }
}
