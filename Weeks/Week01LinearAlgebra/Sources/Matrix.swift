// Matrix: the week's "numpy-lite" — a dense row-major matrix of Doubles, small enough to read in
// one sitting. Every decomposition this week is written against it in plain Swift. Double
// precision keeps the algorithms' own rounding far below the 1e-4 the tests ask for; Shared's
// Float32 Tensor (and BLAS) is what the benchmark compares against.

import Foundation
import Shared

public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    /// Element (i, j) is values[i * columns + j].
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "Matrix \(rows)×\(columns) needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, values: [Double](repeating: value, count: rows * columns))
    }

    /// From nested rows: Matrix([[1, 2], [3, 4]]).
    public init(_ nested: [[Double]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "Matrix: rows of unequal length")
        self.init(rows: nested.count, columns: columns, values: nested.flatMap { $0 })
    }

    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else { throw LinearAlgebraError.notAMatrix(shape: tensor.shape) }
        self.init(rows: tensor.shape[0], columns: tensor.shape[1], values: tensor.doubles)
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Entries drawn from a standard normal distribution (seeded).
    public static func random(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in rng.nextGaussian() })
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    public var isSquare: Bool { rows == columns }
    public var shape: [Int] { [rows, columns] }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t.values[j * rows + i] = values[i * columns + j] } }
        return t
    }

    public func row(_ i: Int) -> [Double] { Array(values[(i * columns)..<((i + 1) * columns)]) }
    public func column(_ j: Int) -> [Double] { (0..<rows).map { values[$0 * columns + j] } }

    /// Columns `range` as a new matrix.
    public func columns(_ range: Range<Int>) -> Matrix {
        var out = Matrix(rows: rows, columns: range.count)
        for i in 0..<rows { for (c, j) in range.enumerated() { out[i, c] = self[i, j] } }
        return out
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns, values: Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// The product self · other, in plain Swift (i-k-j order so the inner loop runs along rows).
    public func multiplied(by other: Matrix) throws -> Matrix {
        guard columns == other.rows else { throw LinearAlgebraError.shapeMismatch(op: "multiply", shape, other.shape) }
        var out = Matrix(rows: rows, columns: other.columns)
        let n = other.columns
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.values.withUnsafeMutableBufferPointer { c in
                    for i in 0..<rows {
                        for k in 0..<columns {
                            let aik = a[i * columns + k]
                            if aik == 0 { continue }
                            for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
                        }
                    }
                }
            }
        }
        return out
    }

    public static func * (a: Matrix, b: Matrix) throws -> Matrix { try a.multiplied(by: b) }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.shape == b.shape, "Matrix -: shapes \(a.shape) and \(b.shape) differ")
        return Matrix(rows: a.rows, columns: a.columns, values: zip(a.values, b.values).map { $0 - $1 })
    }

    /// Frobenius norm √Σ aᵢⱼ².
    public var frobeniusNorm: Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    public var maxAbs: Double { values.reduce(0) { Swift.max($0, abs($1)) } }

    /// ‖self − other‖_F / ‖other‖_F.
    public func relativeDistance(to other: Matrix) -> Double {
        (self - other).frobeniusNorm / Swift.max(other.frobeniusNorm, .leastNormalMagnitude)
    }

    /// True when |aᵢⱼ − aⱼᵢ| ≤ tolerance · max|a| for all i, j.
    public func isSymmetric(tolerance: Double = 1e-10) -> Bool {
        guard isSquare else { return false }
        let scale = Swift.max(maxAbs, .leastNormalMagnitude)
        for i in 0..<rows { for j in (i + 1)..<Swift.max(i + 1, columns) where abs(self[i, j] - self[j, i]) > tolerance * scale { return false } }
        return true
    }

    public var tensor: Tensor {
        // Shape and count agree by construction.
        try! Tensor(shape: [rows, columns], storage: values.map { Float($0) })
    }

    public var description: String {
        let shown = (0..<Swift.min(rows, 6)).map { i in
            (0..<Swift.min(columns, 6)).map { String(format: "%9.4f", self[i, $0]) }.joined(separator: " ") + (columns > 6 ? " …" : "")
        }
        return "Matrix \(rows)×\(columns)\n" + shown.joined(separator: "\n") + (rows > 6 ? "\n…" : "")
    }
}

public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    case notAMatrix(shape: [Int])
    case notSquare(op: String, rows: Int, columns: Int)
    case notSymmetric(op: String)
    case notPositiveDefinite(pivot: Int)
    case singular(pivot: Int)
    case illConditioned(conditionNumber: Double)
    case shapeMismatch(op: String, [Int], [Int])
    case empty
    case notFinite
    /// The iteration's arithmetic left Double's range (entries near 1e154 or beyond square to inf).
    case overflowed(op: String)

    public var description: String {
        switch self {
        case let .notAMatrix(shape): return "expected a 2-D matrix, got shape \(shape)"
        case let .notSquare(op, r, c): return "\(op) needs a square matrix, got \(r)×\(c)"
        case let .notSymmetric(op): return "\(op) needs a symmetric matrix (A = Aᵀ); this one is not"
        case let .notPositiveDefinite(p):
            return "matrix is not positive definite (pivot \(p) is not positive): Cholesky needs a symmetric positive-definite matrix"
        case let .singular(p): return "matrix is singular (no usable pivot in column \(p)): it has no LU factorisation with an invertible U"
        case let .illConditioned(c):
            return String(format: "matrix is too ill-conditioned to solve reliably (condition number ≈ %.2e)", c)
        case let .shapeMismatch(op, a, b): return "\(op): shapes \(a) and \(b) do not fit"
        case .empty: return "matrix is empty"
        case .notFinite: return "matrix contains NaN or infinity"
        case let .overflowed(op): return "\(op) overflowed: the entries are too large for Double arithmetic (scale the matrix down)"
        }
    }
}

/// Index of the first entry of largest magnitude (numpy's argmax(abs(v))): the sign convention
/// of eigenvectors and singular vectors makes that entry positive.
func indexOfLargestMagnitude(_ v: [Double]) -> Int {
    var best = 0
    for i in v.indices where abs(v[i]) > abs(v[best]) { best = i }
    return best
}

extension Matrix {
    /// Throws for empty or non-finite input, which no decomposition can use.
    func validated() throws -> Matrix {
        guard rows > 0, columns > 0 else { throw LinearAlgebraError.empty }
        guard values.allSatisfy(\.isFinite) else { throw LinearAlgebraError.notFinite }
        return self
    }
}
