// The independent reference: OpenBLAS's LAPACK (column-major Fortran routines), called only from
// tests. Our row-major matrix is LAPACK's column-major transpose, which the helpers account for.

import COpenBLAS
import TestSupport
import Week01LinearAlgebra
import XCTest

enum LAPACK {
    /// Singular values (descending) by dgesvd.
    static func singularValues(_ a: Matrix) -> [Double] {
        var m = Int32(a.rows), n = Int32(a.columns)
        var columnMajor = a.transposed.values  // row-major Aᵀ = column-major A
        var s = [Double](repeating: 0, count: min(a.rows, a.columns))
        var lda = m, ldu: Int32 = 1, ldvt: Int32 = 1, info: Int32 = 0
        var job: CChar = 78  // "N": no vectors
        var u = [Double](repeating: 0, count: 1), vt = [Double](repeating: 0, count: 1)
        var lwork: Int32 = -1
        var query = [Double](repeating: 0, count: 1)
        dgesvd_(&job, &job, &m, &n, &columnMajor, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &info)
        lwork = Int32(query[0])
        var work = [Double](repeating: 0, count: Int(lwork))
        dgesvd_(&job, &job, &m, &n, &columnMajor, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &info)
        precondition(info == 0, "dgesvd failed: \(info)")
        return s
    }

    /// Eigenvalues of a symmetric matrix (descending) by dsyev.
    static func symmetricEigenvalues(_ a: Matrix) -> [Double] {
        var n = Int32(a.rows), lda = Int32(a.rows), info: Int32 = 0
        var values = a.values
        var w = [Double](repeating: 0, count: a.rows)
        var jobz: CChar = 78, uplo: CChar = 85  // "N", "U"
        var lwork = Int32(max(1, 3 * a.rows))
        var work = [Double](repeating: 0, count: Int(lwork))
        dsyev_(&jobz, &uplo, &n, &values, &lda, &w, &work, &lwork, &info)
        precondition(info == 0, "dsyev failed: \(info)")
        return w.reversed()
    }

    /// The Cholesky factor L (row-major) by dpotrf.
    static func cholesky(_ a: Matrix) -> Matrix {
        var n = Int32(a.rows), lda = Int32(a.rows), info: Int32 = 0
        var values = a.values  // symmetric: row-major = column-major
        var uplo: CChar = 76  // "L"
        dpotrf_(&uplo, &n, &values, &lda, &info)
        precondition(info == 0, "dpotrf failed: \(info)")
        // Column-major lower triangle → row-major L (zero the untouched upper part).
        var l = Matrix(rows: a.rows, columns: a.rows)
        for i in 0..<a.rows { for j in 0...i { l[i, j] = values[j * a.rows + i] } }
        return l
    }

    /// det(A) from dgetrf: the product of U's diagonal with the sign of the row swaps.
    static func determinant(_ a: Matrix) -> Double {
        var n = Int32(a.rows), lda = Int32(a.rows), info: Int32 = 0
        var values = a.transposed.values
        var pivots = [Int32](repeating: 0, count: a.rows)
        dgetrf_(&n, &n, &values, &lda, &pivots, &info)
        var det = 1.0
        for i in 0..<a.rows {
            det *= values[i * a.rows + i]
            if pivots[i] != Int32(i + 1) { det = -det }
        }
        return det
    }
}

/// The reference itself is checked on matrices worked by hand, so a row-/column-major slip in
/// the wrappers cannot make our code and the reference agree by accident.
final class LAPACKReferenceTests: XCTestCase {
    func testWrappersOnHandWorkedMatrices() {
        // [[3, 0], [0, −2], [0, 0]] has singular values 3 and 2.
        assertClose(LAPACK.singularValues(Matrix([[3, 0], [0, -2], [0, 0]])), [3, 2], rtol: 1e-14)
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1.
        assertClose(LAPACK.symmetricEigenvalues(Matrix([[2, 1], [1, 2]])), [3, 1], rtol: 1e-14)
        // [[4, 2], [2, 3]] = LLᵀ with L = [[2, 0], [1, √2]] (row-major out, lower triangle).
        assertClose(LAPACK.cholesky(Matrix([[4, 2], [2, 3]])).values, [2, 0, 1, 2.0.squareRoot()], rtol: 1e-14)
        // det [[1, 2], [3, 4]] = −2 (dgetrf swaps the rows once); det of a non-symmetric 3×3 by
        // cofactors: [[2, 0, 1], [1, 3, 0], [0, 1, 4]] → 2·12 − 0 + 1·1 = 25.
        assertClose(LAPACK.determinant(Matrix([[1, 2], [3, 4]])), -2, rtol: 1e-14)
        assertClose(LAPACK.determinant(Matrix([[2, 0, 1], [1, 3, 0], [0, 1, 4]])), 25, rtol: 1e-14)
    }
}
