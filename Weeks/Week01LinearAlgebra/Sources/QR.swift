// QR decomposition by Householder reflections: A = QR with Q's columns orthonormal and R upper
// triangular (the thin form: for A m×n, k = min(m, n), Q is m×k and R is k×n).
//
// Column j: build the reflector H = I − 2vvᵀ/(vᵀv) that maps the part of column j on and below the
// diagonal onto a multiple of e₁ (choosing the sign that avoids cancellation), apply it to the
// remaining columns. Q = H₁H₂…H_k is formed by applying the reflectors to the first k columns of I.
// Reflections are orthogonal exactly, so Q stays orthogonal to rounding (Gram–Schmidt does not).
// R's diagonal is made non-negative, which makes the factorisation of a full-rank A unique.

import Foundation

public struct QRDecomposition: Sendable {
    public let q: Matrix
    public let r: Matrix

    public init(_ a: Matrix) throws {
        let a = try a.validated()
        let m = a.rows, n = a.columns, k = Swift.min(m, n)
        var w = a
        var reflectors: [[Double]] = []
        for j in 0..<k { reflectors.append(QRDecomposition.householderStep(&w, column: j)) }
        // Q = H₁…H_k applied to the first k columns of the identity (last reflector first).
        var q = Matrix(rows: m, columns: k)
        for i in 0..<k { q[i, i] = 1 }
        for j in stride(from: k - 1, through: 0, by: -1) {
            let v = reflectors[j]
            if v.isEmpty { continue }
            let vv = v.reduce(0) { $0 + $1 * $1 }
            for c in 0..<k {
                var dot = 0.0
                for i in 0..<v.count { dot += v[i] * q[j + i, c] }
                let f = 2 * dot / vv
                for i in 0..<v.count { q[j + i, c] -= f * v[i] }
            }
        }
        var r = Matrix(rows: k, columns: n)
        for i in 0..<k { for j in i..<n { r[i, j] = w[i, j] } }
        // Flip signs so that diag(R) ≥ 0 (Q's column i and R's row i together).
        for i in 0..<k where r[i, i] < 0 {
            for j in i..<n { r[i, j] = -r[i, j] }
            for row in 0..<m { q[row, i] = -q[row, i] }
        }
        self.q = q
        self.r = r
    }

    /// One Householder step on the working matrix w: zeroes column j below the diagonal by the
    /// reflector H = I − 2vvᵀ/(vᵀv) applied to columns j… of w (rows j…), and returns v (row j
    /// first; empty when the column is already zero there, so no reflection is needed).
    static func householderStep(_ w: inout Matrix, column j: Int) -> [Double] {
        // exercise householder-qr: Build the reflector that zeroes column j of w below the diagonal, apply it to columns j… of w, and return its vector v.
        // hint: v starts as the part of column j on and below the diagonal; the reflection must send it to a multiple of e₁ of the same length.
        // hint: Adding ±‖x‖ to v's first entry gives that reflector; take the sign of that entry, so nothing cancels.
        // hint: Applying H to a column c never needs H itself: c ← c − (2 v·c / v·v) v, on rows j… only.
        // tests: DecompositionTests/testQRHouseholder
        let m = w.rows, n = w.columns
        var v = (j..<m).map { w[$0, j] }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm == 0 { return [] }
        v[0] += v[0] >= 0 ? norm : -norm
        let vv = v.reduce(0) { $0 + $1 * $1 }
        for c in j..<n {
            var dot = 0.0
            for i in 0..<v.count { dot += v[i] * w[j + i, c] }
            let f = 2 * dot / vv
            for i in 0..<v.count { w[j + i, c] -= f * v[i] }
        }
        return v
        // end exercise householder-qr
    }
}
