// Elementwise arithmetic with numpy broadcasting.
//
// Two shapes broadcast when, aligned at their last axes, each pair of extents is equal or one of
// them is 1: [64, 10] + [10] → [64, 10]; [3, 1] * [1, 4] → [3, 4]. The common cases get their own
// loops (same shape; one operand a single value; one operand repeating along leading axes, as a
// bias does); the general case walks a multi-index.

extension Tensor {
    /// The broadcast shape of `a` and `b`, or an error naming both.
    public static func broadcastShape(_ a: [Int], _ b: [Int], op: String = "broadcast") throws -> [Int] {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { throw TensorError.shapeMismatch(op: op, a, b) }
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// Applies `f` elementwise to broadcast operands.
    @inlinable
    public static func broadcasting(_ a: Tensor, _ b: Tensor, op: String,
                                    _ f: (Float, Float) -> Float) throws -> Tensor {
        let shape = try broadcastShape(a.shape, b.shape, op: op)
        let n = shape.reduce(1, *)
        var out = [Float](uninitializedCount: n)  // every branch below writes all n
        a.storage.withUnsafeBufferPointer { x in
            b.storage.withUnsafeBufferPointer { y in
                out.withUnsafeMutableBufferPointer { z in
                    if a.count == n && b.count == n {
                        for i in 0..<n { z[i] = f(x[i], y[i]) }
                    } else if b.count == 1 {
                        let s = y[0]
                        for i in 0..<n { z[i] = f(x[i], s) }
                    } else if a.count == 1 {
                        let s = x[0]
                        for i in 0..<n { z[i] = f(s, y[i]) }
                    } else if a.count == n && isTrailing(b.shape, of: shape) {
                        let m = b.count
                        for i in 0..<n { z[i] = f(x[i], y[i % m]) }
                    } else if b.count == n && isTrailing(a.shape, of: shape) {
                        let m = a.count
                        for i in 0..<n { z[i] = f(x[i % m], y[i]) }
                    } else {
                        let sa = broadcastStrides(a.shape, rank: shape.count)
                        let sb = broadcastStrides(b.shape, rank: shape.count)
                        var index = [Int](repeating: 0, count: shape.count)
                        var ia = 0, ib = 0
                        for i in 0..<n {
                            z[i] = f(x[ia], y[ib])
                            // Advance the multi-index like an odometer.
                            var axis = shape.count - 1
                            while axis >= 0 {
                                index[axis] += 1
                                ia += sa[axis]
                                ib += sb[axis]
                                if index[axis] < shape[axis] { break }
                                ia -= sa[axis] * shape[axis]
                                ib -= sb[axis] * shape[axis]
                                index[axis] = 0
                                axis -= 1
                            }
                        }
                    }
                }
            }
        }
        return Tensor(unchecked: shape, storage: out)
    }

    /// True when `small` (after dropping leading 1s) equals the trailing axes of `full`.
    @usableFromInline
    static func isTrailing(_ small: [Int], of full: [Int]) -> Bool {
        let trimmed = Array(small.drop(while: { $0 == 1 }))
        return trimmed.count <= full.count && Array(full.suffix(trimmed.count)) == trimmed
    }

    /// Element strides of `shape` seen as a tensor of `rank` axes, 0 along broadcast axes.
    @usableFromInline
    static func broadcastStrides(_ shape: [Int], rank: Int) -> [Int] {
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let axis = rank - shape.count + i
            strides[axis] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }

    /// Applies `f` to every element.
    @inlinable
    public func map(_ f: (Float) -> Float) -> Tensor {
        var out = storage
        out.withUnsafeMutableBufferPointer { z in
            for i in 0..<z.count { z[i] = f(z[i]) }
        }
        return Tensor(unchecked: shape, storage: out)
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "+") { $0 + $1 } }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "-") { $0 - $1 } }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "*") { $0 * $1 } }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "/") { $0 / $1 } }

    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } }
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { s * $0 } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// self += alpha · other for tensors of the same shape (the optimizer update: saxpy).
    public mutating func addScaled(_ other: Tensor, alpha: Float) throws {
        guard other.shape == shape else { throw TensorError.shapeMismatch(op: "addScaled", shape, other.shape) }
        let n = count
        other.storage.withUnsafeBufferPointer { x in
            storage.withUnsafeMutableBufferPointer { y in
                for i in 0..<n { y[i] += alpha * x[i] }
            }
        }
    }
}
