// The Assess gate of week 1, part 1: every decomposition reconstructs its input, its factors have
// the promised structure, and its numbers equal LAPACK's (OpenBLAS) on fixed random matrices.

import Shared
import TestSupport
import Week01LinearAlgebra
import XCTest

final class DecompositionTests: XCTestCase {
    let square = Matrix.random(rows: 200, columns: 200, seed: 11)
    let tall = Matrix.random(rows: 500, columns: 100, seed: 12)

    func orthogonalityError(_ q: Matrix) throws -> Double {
        try (q.transposed * q).relativeDistance(to: .identity(q.columns))
    }

    func testLUByHand() throws {
        // A = [[1, 2], [3, 4]]: pivot row 2 (|3| > |1|), l₂₁ = 1/3, u₂₂ = 2 − (1/3)·4 = 2/3.
        let lu = try LUDecomposition(Matrix([[1, 2], [3, 4]]))
        XCTAssertEqual(lu.permutation, [1, 0])
        assertClose(lu.l.values, [1, 0, 1.0 / 3, 1], rtol: 1e-15)
        assertClose(lu.u.values, [3, 4, 0, 2.0 / 3], rtol: 1e-15, atol: 1e-15)
        assertClose(lu.determinant, -2, rtol: 1e-15)
        assertClose(try lu.solve([5, 6]), [-4, 4.5], rtol: 1e-14)  // x + 2y = 5, 3x + 4y = 6
    }

    func testLUReconstructsAndMatchesLAPACKDeterminant() throws {
        let lu = try LUDecomposition(square)
        XCTAssertLessThan(try (lu.p * square).relativeDistance(to: lu.l * lu.u), 1e-12)
        for i in 0..<200 {
            XCTAssertEqual(lu.l[i, i], 1)
            for j in (i + 1)..<200 { XCTAssertEqual(lu.l[i, j], 0); XCTAssertEqual(lu.u[j, i], 0) }
        }
        XCTAssertTrue(lu.l.values.allSatisfy { abs($0) <= 1 }, "partial pivoting keeps |lᵢⱼ| ≤ 1")
        let small = Matrix.random(rows: 12, columns: 12, seed: 3)
        assertClose(try LUDecomposition(small).determinant, LAPACK.determinant(small), rtol: 1e-10)
    }

    func testQRHouseholder() throws {
        for a in [tall, square, Matrix.random(rows: 60, columns: 90, seed: 13)] {
            let qr = try QRDecomposition(a)
            XCTAssertLessThan(try (qr.q * qr.r).relativeDistance(to: a), 1e-12)
            XCTAssertLessThan(try orthogonalityError(qr.q), 1e-12)
            for i in 0..<qr.r.rows {
                XCTAssertGreaterThanOrEqual(qr.r[i, i], 0)
                for j in 0..<min(i, qr.r.columns) { XCTAssertEqual(qr.r[i, j], 0) }
            }
        }
        // For full-rank A, R is unique and equals the Cholesky factor of AᵀA, transposed
        // (AᵀA = RᵀQᵀQR = RᵀR): an independent route to the same numbers.
        let r = try QRDecomposition(tall).r
        let lapackL = LAPACK.cholesky(try tall.transposed * tall)
        assertClose(r.values, lapackL.transposed.values, rtol: 1e-8, atol: 1e-8)
    }

    func testCholeskyMatchesLAPACK() throws {
        let spd = try tall.transposed * tall
        let c = try CholeskyDecomposition(spd)
        XCTAssertLessThan(try (c.l * c.l.transposed).relativeDistance(to: spd), 1e-13)
        assertClose(c.l.values, LAPACK.cholesky(spd).values, rtol: 1e-4, atol: 1e-10)
        // By hand: [[4, 2], [2, 3]] = LLᵀ with L = [[2, 0], [1, √2]].
        assertClose(try CholeskyDecomposition(Matrix([[4, 2], [2, 3]])).l.values, [2, 0, 1, 2.0.squareRoot()], rtol: 1e-15)
    }

    func testSymmetricEigenMatchesLAPACK() throws {
        let sym = try (square + square.transposed)
        let e = try SymmetricEigenDecomposition(sym)
        assertClose(e.eigenvalues, LAPACK.symmetricEigenvalues(sym), rtol: 1e-4, atol: 1e-9)
        XCTAssertLessThan(try orthogonalityError(e.eigenvectors), 1e-12)
        // A v = λ v for every pair.
        let av = try sym * e.eigenvectors
        for j in stride(from: 0, to: 200, by: 37) {
            assertClose(av.column(j), e.eigenvectors.column(j).map { $0 * e.eigenvalues[j] }, rtol: 1e-9, atol: 1e-9)
        }
        XCTAssertEqual(e.eigenvalues, e.eigenvalues.sorted(by: >))
        // By hand: [[2, 1], [1, 2]] has eigenvalues 3 and 1 with vectors (1, 1)/√2 and (−1, 1)/√2.
        let h = try SymmetricEigenDecomposition(Matrix([[2, 1], [1, 2]]))
        assertClose(h.eigenvalues, [3, 1], rtol: 1e-14)
        let r = 0.5.squareRoot()
        // Columns (1, 1)/√2 and (1, −1)/√2: each column's first largest-magnitude entry is positive.
        assertClose(h.eigenvectors.values, [r, r, r, -r], rtol: 1e-14)
    }

    func testSVDMatchesLAPACKOnSquareTallAndWide() throws {
        for a in [square, tall, tall.transposed, Matrix.random(rows: 30, columns: 25, seed: 5)] {
            let svd = try SVD(a)
            assertClose(svd.singularValues, LAPACK.singularValues(a), rtol: 1e-4, "\(a.rows)×\(a.columns)")
            XCTAssertLessThan(svd.reconstruct().relativeDistance(to: a), 1e-4)
            XCTAssertLessThan(svd.reconstruct().relativeDistance(to: a), 1e-12)
            XCTAssertLessThan(try orthogonalityError(svd.u), 1e-12)
            XCTAssertLessThan(try orthogonalityError(svd.vt.transposed), 1e-12)
        }
    }

    func testSVDOfRankDeficientMatrixKeepsUOrthonormal() throws {
        // Rank 2: every row is a combination of two random rows.
        let base = Matrix.random(rows: 2, columns: 6, seed: 21)
        let mix = Matrix.random(rows: 8, columns: 2, seed: 22)
        let a = try mix * base
        let svd = try SVD(a)
        XCTAssertGreaterThan(svd.singularValues[1], 1e-3)
        XCTAssertTrue(svd.singularValues[2...].allSatisfy { $0 < 1e-12 * svd.singularValues[0] })
        XCTAssertLessThan(try orthogonalityError(svd.u), 1e-10)
        XCTAssertLessThan(svd.reconstruct(rank: 2).relativeDistance(to: a), 1e-12)
    }

    func testLowRankErrorFollowsEckartYoung() throws {
        let a = Matrix.random(rows: 40, columns: 30, seed: 31)
        let s = LAPACK.singularValues(a)
        let total = s.reduce(0) { $0 + $1 * $1 }
        for k in [1, 5, 20, 29] {
            let dropped = s[k...].reduce(0) { $0 + $1 * $1 }
            let approximation = try LowRank.approximate(a, rank: k)
            assertClose(approximation.relativeError, (dropped / total).squareRoot(), rtol: 1e-8, "rank \(k)")
            XCTAssertEqual(approximation.storedValues, k * 71)
        }
        XCTAssertLessThan(try LowRank.approximate(a, rank: 30).relativeError, 1e-12)
    }
}

extension Matrix {
    static func + (a: Matrix, b: Matrix) throws -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, values: zip(a.values, b.values).map { $0 + $1 })
    }
}
