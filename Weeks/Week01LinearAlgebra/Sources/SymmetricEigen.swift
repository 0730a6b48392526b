// Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method: A = V Λ Vᵀ.
//
// Each Jacobi rotation J(p, q, θ) is chosen so that (JᵀAJ)ₚq = 0. Rotations keep A symmetric and
// its eigenvalues unchanged, and every one lowers the off-diagonal mass Σᵢ≠ⱼ aᵢⱼ² by 2aₚq², so
// sweeping over all pairs again and again drives A to a diagonal Λ (quadratically, near the end).
// The product of the rotations is V. Slower than tridiagonalisation + QR for large n (each sweep
// costs O(n³)), but short, very accurate, and easy to follow.
// Output: eigenvalues in descending order; eigenvector columns of unit length, each signed so its
// largest-magnitude entry (the first, on ties) is positive.

import Foundation

public struct SymmetricEigenDecomposition: Sendable {
    public let eigenvalues: [Double]
    /// Column i is the eigenvector of eigenvalues[i].
    public let eigenvectors: Matrix
    public let sweeps: Int

    public init(_ input: Matrix, maxSweeps: Int = 100) throws {
        let input = try input.validated()
        guard input.isSquare else { throw LinearAlgebraError.notSquare(op: "eig", rows: input.rows, columns: input.columns) }
        guard input.isSymmetric(tolerance: 1e-8) else { throw LinearAlgebraError.notSymmetric(op: "eig") }
        let n = input.rows
        var a = input
        var v = Matrix.identity(n)
        let total = a.frobeniusNorm
        var sweep = 0
        while sweep < maxSweeps {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<Swift.max(p + 1, n) { off += a[p, q] * a[p, q] } }
            if off.squareRoot() <= 1e-15 * total || off == 0 { break }
            sweep += 1
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n { SymmetricEigenDecomposition.rotate(&a, accumulatingInto: &v, p: p, q: q) }
            }
        }
        guard a.values.allSatisfy(\.isFinite), v.values.allSatisfy(\.isFinite) else { throw LinearAlgebraError.overflowed(op: "eig") }
        let order = (0..<n).sorted { a[$0, $0] > a[$1, $1] }
        var vectors = Matrix(rows: n, columns: n)
        for (newColumn, old) in order.enumerated() {
            let column = v.column(old)
            let sign: Double = column.isEmpty || column[indexOfLargestMagnitude(column)] >= 0 ? 1 : -1
            for r in 0..<n { vectors[r, newColumn] = sign * column[r] }
        }
        eigenvalues = order.map { a[$0, $0] }
        eigenvectors = vectors
        sweeps = sweep
    }

    /// One Jacobi rotation: a ← JᵀaJ with J = J(p, q, θ) chosen so that a[p, q] = a[q, p] = 0
    /// afterwards, and v ← vJ (v collects the product of all rotations). a is n×n symmetric.
    @inline(__always)
    static func rotate(_ a: inout Matrix, accumulatingInto v: inout Matrix, p: Int, q: Int) {
        // exercise jacobi-rotation: Zero a[p, q] (and a[q, p]) of the symmetric a with one Jacobi rotation, and accumulate the rotation into v.
        // hint: Only rows and columns p and q of a change; v changes in its columns p and q.
        // hint: After the rotation the diagonal entries become a_pp − t·a_pq and a_qq + t·a_pq; write both triangles of every other changed entry, so a stays symmetric.
        // hint: With θ = (a_qq − a_pp) / (2a_pq), the tangent t of the angle is the root of t² + 2θt − 1 = 0 of smaller magnitude; then c = 1/√(1 + t²) and s = tc.
        // tests: DecompositionTests/testSymmetricEigenMatchesLAPACK
        let n = a.rows
        let apq = a[p, q]
        if apq == 0 { return }
        let theta = (a[q, q] - a[p, p]) / (2 * apq)
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        a.values.withUnsafeMutableBufferPointer { m in
            for r in 0..<n where r != p && r != q {
                let arp = m[r * n + p], arq = m[r * n + q]
                let newP = c * arp - s * arq, newQ = s * arp + c * arq
                m[r * n + p] = newP; m[p * n + r] = newP
                m[r * n + q] = newQ; m[q * n + r] = newQ
            }
            m[p * n + p] -= t * apq
            m[q * n + q] += t * apq
            m[p * n + q] = 0; m[q * n + p] = 0
        }
        v.values.withUnsafeMutableBufferPointer { m in
            for r in 0..<n {
                let vrp = m[r * n + p], vrq = m[r * n + q]
                m[r * n + p] = c * vrp - s * vrq
                m[r * n + q] = s * vrp + c * vrq
            }
        }
        // end exercise jacobi-rotation
    }
}
