// Singular value decomposition by one-sided Jacobi (Hestenes' method): A = U Σ Vᵀ.
//
// Instead of rotating rows and columns of A, rotate pairs of its columns until they are all
// mutually orthogonal: for columns aᵢ, aⱼ the rotation that zeroes their dot product is the Jacobi
// rotation of the 2×2 Gram matrix [[‖aᵢ‖², aᵢ·aⱼ], [aᵢ·aⱼ, ‖aⱼ‖²]]. When no pair is left, column i
// equals σᵢuᵢ (σᵢ = its norm) and the accumulated rotations are V. Accurate even for tiny
// singular values (it never forms AᵀA).
// Tall matrices (m > 2n) are first reduced by QR: A = QR, SVD(R) = U_R Σ Vᵀ, so U = Q U_R.
// Wide matrices use the SVD of Aᵀ. Thin output for k = min(m, n): U m×k, σ (descending), Vᵀ k×n;
// each right singular vector is signed so that its largest-magnitude entry is positive (the
// convention scikit-learn's PCA uses), and U follows.

import Foundation

public struct SVD: Sendable {
    public let u: Matrix
    public let singularValues: [Double]
    public let vt: Matrix
    public let sweeps: Int

    public init(_ input: Matrix, maxSweeps: Int = 80) throws {
        let a = try input.validated()
        if a.rows < a.columns {
            let t = try SVD(a.transposed, maxSweeps: maxSweeps)
            // Aᵀ = U' Σ V'ᵀ ⇒ A = V' Σ U'ᵀ; re-sign so the rows of Vᵀ follow the convention.
            var u = t.vt.transposed, vt = t.u.transposed
            SVD.applySignConvention(u: &u, vt: &vt)
            self.init(u: u, singularValues: t.singularValues, vt: vt, sweeps: t.sweeps)
            return
        }
        if a.rows > 2 * a.columns {
            let qr = try QRDecomposition(a)
            let inner = try SVD(qr.r, maxSweeps: maxSweeps)
            self.init(u: try qr.q.multiplied(by: inner.u), singularValues: inner.singularValues, vt: inner.vt, sweeps: inner.sweeps)
            return
        }
        let (u, s, vt, sweeps) = SVD.oneSidedJacobi(a, maxSweeps: maxSweeps)
        guard s.allSatisfy(\.isFinite), u.values.allSatisfy(\.isFinite), vt.values.allSatisfy(\.isFinite) else {
            throw LinearAlgebraError.overflowed(op: "SVD")
        }
        self.init(u: u, singularValues: s, vt: vt, sweeps: sweeps)
    }

    init(u: Matrix, singularValues: [Double], vt: Matrix, sweeps: Int) {
        self.u = u
        self.singularValues = singularValues
        self.vt = vt
        self.sweeps = sweeps
    }

    /// U Σ Vᵀ using the first `rank` singular triplets (all by default).
    public func reconstruct(rank: Int? = nil) -> Matrix {
        let k = Swift.min(rank ?? singularValues.count, singularValues.count)
        var out = Matrix(rows: u.rows, columns: vt.columns)
        for r in 0..<k {
            let s = singularValues[r]
            for i in 0..<u.rows {
                let f = u[i, r] * s
                if f == 0 { continue }
                for j in 0..<vt.columns { out[i, j] += f * vt[r, j] }
            }
        }
        return out
    }

    /// m ≥ n. Works on W = Aᵀ so that every column of A is a contiguous row of W.
    static func oneSidedJacobi(_ a: Matrix, maxSweeps: Int) -> (Matrix, [Double], Matrix, Int) {
        let m = a.rows, n = a.columns
        var w = a.transposed.values           // n rows of length m
        var v = Matrix.identity(n).values     // row i = column i of V
        var sweeps = 0
        let tolerance = 1e-15
        var rotated = true
        while rotated && sweeps < maxSweeps {
            rotated = false
            sweeps += 1
            w.withUnsafeMutableBufferPointer { wp in
                v.withUnsafeMutableBufferPointer { vp in
                    for i in 0..<(n - 1) {
                        for j in (i + 1)..<n {
                            if SVD.orthogonalize(i, j, w: wp, m: m, v: vp, n: n, tolerance: tolerance) { rotated = true }
                        }
                    }
                }
            }
        }
        let norms = (0..<n).map { i in (0..<m).reduce(0.0) { $0 + w[i * m + $1] * w[i * m + $1] }.squareRoot() }
        let order = (0..<n).sorted { norms[$0] > norms[$1] }
        var u = Matrix(rows: m, columns: n), vt = Matrix(rows: n, columns: n)
        let scale = Swift.max(norms.max() ?? 0, .leastNormalMagnitude)
        var sigma: [Double] = []
        for (r, i) in order.enumerated() {
            let s = norms[i]
            sigma.append(s)
            for k in 0..<n { vt[r, k] = v[i * n + k] }
            if s > scale * 1e-14 {
                for k in 0..<m { u[k, r] = w[i * m + k] / s }
            }
        }
        completeOrthonormalColumns(&u, filled: sigma.map { $0 > scale * 1e-14 })
        applySignConvention(u: &u, vt: &vt)
        return (u, sigma, vt, sweeps)
    }

    /// One one-sided Jacobi rotation: makes rows i and j of w (columns i and j of A, length m)
    /// orthogonal, applying the same rotation to rows i and j of v (length n). Returns false, and
    /// changes nothing, when they already are (|aᵢ·aⱼ| ≤ tolerance·‖aᵢ‖‖aⱼ‖).
    static func orthogonalize(_ i: Int, _ j: Int, w: UnsafeMutableBufferPointer<Double>, m: Int,
                              v: UnsafeMutableBufferPointer<Double>, n: Int, tolerance: Double) -> Bool {
        // exercise svd-column-rotation: Rotate the pair of columns i, j of A (rows of w) until they are orthogonal, and apply the same rotation to V.
        // hint: Everything the rotation needs is in the 2×2 Gram matrix of the pair: ‖aᵢ‖², ‖aⱼ‖² and aᵢ·aⱼ.
        // hint: Skip the pair (return false) when aᵢ·aⱼ is zero or negligible relative to ‖aᵢ‖‖aⱼ‖; otherwise the sweep is not done yet.
        // hint: It is the symmetric Jacobi rotation of that Gram matrix: ζ = (‖aⱼ‖² − ‖aᵢ‖²)/(2aᵢ·aⱼ), t the smaller root of t² + 2ζt − 1 = 0, c = 1/√(1 + t²), s = ct.
        // tests: DecompositionTests/testSVDOfRankDeficientMatrixKeepsUOrthonormal, DecompositionTests/testLowRankErrorFollowsEckartYoung
        var alpha = 0.0, beta = 0.0, gamma = 0.0
        for k in 0..<m {
            let x = w[i * m + k], y = w[j * m + k]
            alpha += x * x; beta += y * y; gamma += x * y
        }
        if gamma == 0 || abs(gamma) <= tolerance * (alpha * beta).squareRoot() { return false }
        let zeta = (beta - alpha) / (2 * gamma)
        let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
        let c = 1 / (1 + t * t).squareRoot(), s = c * t
        for k in 0..<m {
            let x = w[i * m + k], y = w[j * m + k]
            w[i * m + k] = c * x - s * y
            w[j * m + k] = s * x + c * y
        }
        for k in 0..<n {
            let x = v[i * n + k], y = v[j * n + k]
            v[i * n + k] = c * x - s * y
            v[j * n + k] = s * x + c * y
        }
        return true
        // end exercise svd-column-rotation
    }

    /// Gives columns of U that belong to zero singular values unit vectors orthogonal to the rest
    /// (Gram–Schmidt on standard basis vectors), so U always has orthonormal columns.
    static func completeOrthonormalColumns(_ u: inout Matrix, filled: [Bool]) {
        var basis = 0
        for r in 0..<u.columns where !filled[r] {
            while basis < u.rows {
                var candidate = [Double](repeating: 0, count: u.rows)
                candidate[basis] = 1
                basis += 1
                for c in 0..<u.columns where c != r && (filled[c] || c < r) {
                    var dot = 0.0
                    for k in 0..<u.rows { dot += u[k, c] * candidate[k] }
                    for k in 0..<u.rows { candidate[k] -= dot * u[k, c] }
                }
                let norm = candidate.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > 1e-8 {
                    for k in 0..<u.rows { u[k, r] = candidate[k] / norm }
                    break
                }
            }
        }
    }

    /// Each row of Vᵀ gets its largest-magnitude entry positive; the matching column of U follows.
    static func applySignConvention(u: inout Matrix, vt: inout Matrix) {
        for r in 0..<vt.rows {
            let row = vt.row(r)
            guard !row.isEmpty, row[indexOfLargestMagnitude(row)] < 0 else { continue }
            for j in 0..<vt.columns { vt[r, j] = -vt[r, j] }
            for i in 0..<u.rows { u[i, r] = -u[i, r] }
        }
    }
}
