// Principal component analysis through the SVD of the centred data.
//
// X (n samples × d features) → Xc = X − mean; Xc = U Σ Vᵀ. The rows of Vᵀ are the principal
// directions, σᵢ²/(n − 1) the variance along each, and σᵢ²/Σσ² the explained-variance ratio.
// Scores (the data in the new coordinates) are Xc Vᵀ_kᵀ = U_k Σ_k. Same conventions as
// scikit-learn's PCA, including the sign of each component.

import Foundation

public struct PCA: Sendable {
    public let mean: [Double]
    /// k × d, one component per row.
    public let components: Matrix
    public let explainedVariance: [Double]
    public let explainedVarianceRatio: [Double]
    public let singularValues: [Double]
    /// n × k.
    public let scores: Matrix

    public init(_ x: Matrix, components k: Int) throws {
        let x = try x.validated()
        guard x.rows >= 2 else { throw LinearAlgebraError.shapeMismatch(op: "PCA needs at least 2 samples", x.shape, [2, x.columns]) }
        guard k >= 1 && k <= Swift.min(x.rows, x.columns) else {
            throw LinearAlgebraError.shapeMismatch(op: "PCA: components must be 1…min(n, d) = \(Swift.min(x.rows, x.columns))", x.shape, [k])
        }
        var mean = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows { for j in 0..<x.columns { mean[j] += x[i, j] } }
        mean = mean.map { $0 / Double(x.rows) }
        var centred = x
        for i in 0..<x.rows { for j in 0..<x.columns { centred[i, j] -= mean[j] } }
        let svd = try SVD(centred)
        let totalSquares = svd.singularValues.reduce(0) { $0 + $1 * $1 }
        let s = Array(svd.singularValues.prefix(k))
        self.mean = mean
        components = svd.vt.rows(0..<k)
        singularValues = s
        explainedVariance = s.map { $0 * $0 / Double(x.rows - 1) }
        explainedVarianceRatio = s.map { totalSquares > 0 ? $0 * $0 / totalSquares : 0 }
        var scores = svd.u.columns(0..<k)
        for i in 0..<x.rows { for j in 0..<k { scores[i, j] *= s[j] } }
        self.scores = scores
    }
}

/// Low-rank approximation: the best rank-k approximation in the Frobenius norm is the truncated
/// SVD (Eckart–Young), and its relative error is √(Σ_{i>k} σᵢ²) / √(Σ σᵢ²).
public enum LowRank {
    public static func approximate(_ a: Matrix, rank: Int) throws -> (matrix: Matrix, relativeError: Double, storedValues: Int) {
        let svd = try SVD(a)
        let k = Swift.min(rank, svd.singularValues.count)
        let approximation = svd.reconstruct(rank: k)
        return (approximation, approximation.relativeDistance(to: a), k * (a.rows + a.columns + 1))
    }
}
