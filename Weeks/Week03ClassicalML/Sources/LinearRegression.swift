// Ordinary least squares and ridge regression by the normal equations, solved with Week 1's
// Cholesky factorisation.
//
// The intercept is not penalised, so both centre first: x̃ = x − x̄, ỹ = y − ȳ, then
//     (x̃ᵀx̃ + αI) w = x̃ᵀỹ        b = ȳ − x̄·w          (α = 0: OLS; scikit-learn's Ridge default α = 1)
// x̃ᵀx̃ + αI is symmetric positive definite for α > 0 (and for α = 0 when x̃ has full column rank),
// so A = LLᵀ, then forward (Lz = x̃ᵀỹ) and back (Lᵀw = z) substitution.
//
// Does not: handle rank-deficient OLS (collinear columns → a clear "singular" error; use ridge).

import Foundation
import Shared
import Week01LinearAlgebra

public struct LinearRegression: Regressor, Codable, Equatable {
    /// 0 = OLS.
    public var alpha: Double
    public var coefficients: [Double] = []
    public var intercept: Double = 0

    public init(alpha: Double = 0) { self.alpha = alpha }

    public mutating func fit(_ x: Features, _ y: [Double]) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        let (centred, xMean, yCentred, yMean) = LinearRegression.centre(x, y)
        let d = x.columns
        // Gram = x̃ᵀx̃  [d, d]   and   rhs = x̃ᵀỹ  [d]
        var gram = [Double](repeating: 0, count: d * d)
        centred.values.withUnsafeBufferPointer { a in
            gram.withUnsafeMutableBufferPointer { g in
                BLAS.dgemm(transposeA: true, transposeB: false, m: d, n: d, k: x.rows,
                           a: a.baseAddress!, b: a.baseAddress!, c: g.baseAddress!)
            }
        }
        var rhs = [Double](repeating: 0, count: d)
        for i in 0..<x.rows { for j in 0..<d { rhs[j] += centred[i, j] * yCentred[i] } }
        for j in 0..<d { gram[j * d + j] += alpha }
        coefficients = try LinearRegression.solveSPD(Matrix(rows: d, columns: d, values: gram), rhs)
        var b = yMean
        for j in 0..<d { b -= xMean[j] * coefficients[j] }
        intercept = b
    }

    public func predict(_ x: Features) -> [Double] {
        (0..<x.rows).map { i in
            var s = intercept
            for j in 0..<x.columns { s += x[i, j] * coefficients[j] }
            return s
        }
    }

    static func centre(_ x: Features, _ y: [Double]) -> (Features, [Double], [Double], Double) {
        let n = Double(x.rows)
        var mean = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows { for j in 0..<x.columns { mean[j] += x[i, j] } }
        for j in mean.indices { mean[j] /= n }
        var centred = x
        for i in 0..<x.rows { for j in 0..<x.columns { centred[i, j] -= mean[j] } }
        let yMean = y.reduce(0, +) / n
        return (centred, mean, y.map { $0 - yMean }, yMean)
    }

    /// Solves A w = b for symmetric positive-definite A via Cholesky.
    static func solveSPD(_ a: Matrix, _ b: [Double]) throws -> [Double] {
        let l: Matrix
        do { l = try CholeskyDecomposition(a).l } catch {
            throw ModelError.singular("XᵀX + αI is not positive definite (collinear or constant columns? try --alpha > 0)")
        }
        let n = b.count
        var z = b
        for i in 0..<n {
            for k in 0..<i { z[i] -= l[i, k] * z[k] }
            z[i] /= l[i, i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(n, i + 1) { z[i] -= l[k, i] * z[k] }
            z[i] /= l[i, i]
        }
        return z
    }
}
