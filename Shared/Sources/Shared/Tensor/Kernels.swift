// The vectorised elementwise kernels every week needs: exp, log, tanh, sigmoid, relu, and the
// row-wise softmax / log-softmax (over the last axis, numerically stable: subtract the row max).

import Foundation

extension Tensor {
    public func exp() -> Tensor { map { Foundation.exp($0) } }
    /// Natural log; log(0) = -inf as in numpy.
    public func log() -> Tensor { map { Foundation.log($0) } }
    public func tanh() -> Tensor { map { Foundation.tanh($0) } }
    public func sqrt() -> Tensor { map { $0.squareRoot() } }
    public func relu() -> Tensor { map { $0 > 0 ? $0 : 0 } }
    /// 1 / (1 + e^-x), computed without overflow for large |x|.
    public func sigmoid() -> Tensor { map(Kernels.sigmoid) }

    /// softmax over the last axis: each row is exp(x - max) / Σ exp(x - max).
    public func softmax() -> Tensor {
        var out = self
        let n = rowLengthOfLastAxis
        out.storage.withUnsafeMutableBufferPointer { z in
            Kernels.softmaxRows(z.baseAddress!, rows: count / Swift.max(1, n), columns: n)
        }
        return out
    }

    /// log-softmax over the last axis: x - max - log Σ exp(x - max).
    public func logSoftmax() -> Tensor {
        var out = self
        let n = rowLengthOfLastAxis
        out.storage.withUnsafeMutableBufferPointer { z in
            Kernels.logSoftmaxRows(z.baseAddress!, rows: count / Swift.max(1, n), columns: n)
        }
        return out
    }

    var rowLengthOfLastAxis: Int { shape.last ?? 1 }
}

/// Pointer-level kernels, for code that works on buffers it owns.
public enum Kernels {
    @inlinable
    public static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }

    /// p = softmax(z) for one row of `count` values (p may be z itself), returning the row's max m
    /// and Σ exp(z − m), from which a caller gets log-softmax: log p_j = z_j − m − log Σ.
    @discardableResult
    public static func softmaxRow(_ z: UnsafePointer<Float>, into p: UnsafeMutablePointer<Float>, count: Int) -> (max: Float, sum: Float) {
        var m = z[0]
        for j in 1..<Swift.max(1, count) where z[j] > m { m = z[j] }
        var total: Float = 0
        for j in 0..<count {
            let e = Foundation.exp(z[j] - m)
            p[j] = e
            total += e
        }
        let inverse = 1 / total
        for j in 0..<count { p[j] *= inverse }
        return (m, total)
    }

    /// In-place softmax of each of `rows` rows of `columns` values.
    public static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        guard columns > 0 else { return }
        Parallel.forRanges(rows, costPerItem: 8 * columns) { range in
            for r in range {
                let row = x + r * columns
                softmaxRow(UnsafePointer(row), into: row, count: columns)
            }
        }
    }

    /// In-place log-softmax of each row.
    public static func logSoftmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        guard columns > 0 else { return }
        for r in 0..<rows {
            let row = x + r * columns
            var m = row[0]
            for j in 1..<Swift.max(1, columns) where row[j] > m { m = row[j] }
            var total: Float = 0
            for j in 0..<columns { total += Foundation.exp(row[j] - m) }
            // (x − max) − log Σ: subtracting max first keeps full precision for large logits.
            let logTotal = Foundation.log(total)
            for j in 0..<columns { row[j] = (row[j] - m) - logTotal }
        }
    }
}
