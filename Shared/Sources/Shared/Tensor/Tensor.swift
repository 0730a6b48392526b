// Tensor: an n-dimensional array of Float32, row-major and contiguous, with value semantics.
//
// This is deliberately the simplest tensor that is fast enough: `storage` is a Swift Array (copy
// on write), `shape` lists the extent of each axis, and element (i, j, k) of a [A, B, C] tensor
// lives at storage[(i * B + j) * C + k]. There are no strides and no views: reshape is free,
// transpose and slicing copy. Hot loops run over `withUnsafeBufferPointer` in this module, which
// is compiled with optimisation in every configuration (see Package.swift).
//
// Shape rules follow numpy. Operations whose shapes do not fit throw `TensorError`, so a wrong
// shape from a user's file becomes one clear message instead of a crash.

public struct Tensor: Equatable, Sendable {
    public private(set) var shape: [Int]
    public var storage: [Float]

    /// Wraps `storage` with `shape`; the element counts must agree.
    public init(shape: [Int], storage: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidShape(shape, reason: "negative extent")
        }
        let count = shape.reduce(1, *)
        guard count == storage.count else {
            throw TensorError.invalidShape(shape, reason: "needs \(count) elements, got \(storage.count)")
        }
        self.shape = shape
        self.storage = storage
    }

    /// Internal initializer for results whose size is correct by construction.
    @usableFromInline
    init(unchecked shape: [Int], storage: [Float]) {
        self.shape = shape
        self.storage = storage
    }

    /// A 1-D tensor holding `values`.
    public init(_ values: [Float]) {
        self.init(unchecked: [values.count], storage: values)
    }

    /// A 2-D tensor from rows of equal length.
    public init(rows: [[Float]]) throws {
        let columns = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() where row.count != columns {
            throw TensorError.invalidShape([rows.count, columns], reason: "row \(index) has \(row.count) values")
        }
        self.init(unchecked: [rows.count, columns], storage: rows.flatMap { $0 })
    }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// Extent of the first axis, and the product of the others ("row length").
    public var rowCount: Int { shape.first ?? 1 }
    public var rowLength: Int { rank == 0 ? 1 : shape.dropFirst().reduce(1, *) }

    // MARK: Creation

    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(unchecked: shape, storage: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    public static func ones(_ shape: [Int]) -> Tensor { full(shape, value: 1) }

    public static func full(_ shape: [Int], value: Float) -> Tensor {
        Tensor(unchecked: shape, storage: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    public static func scalar(_ value: Float) -> Tensor { Tensor(unchecked: [], storage: [value]) }

    /// 0, step, 2·step, … below `end` (numpy.arange).
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) -> Tensor {
        precondition(step != 0, "arange: step must not be zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Float($0) * step })
    }

    /// The n×n identity.
    public static func eye(_ n: Int) -> Tensor {
        var t = zeros([n, n])
        for i in 0..<n { t.storage[i * n + i] = 1 }
        return t
    }

    /// Independent normal samples with the given mean and standard deviation.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                                    using rng: inout SplitMix64) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n { values[i] = mean + std * Float(rng.nextGaussian()) }
        return Tensor(unchecked: shape, storage: values)
    }

    /// Independent uniform samples in [low, high).
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                                     using rng: inout SplitMix64) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: n)
        let width = high - low
        for i in 0..<n { values[i] = low + width * Float(rng.nextUnitDouble()) }
        return Tensor(unchecked: shape, storage: values)
    }

    // MARK: Element access

    /// Flat offset of a multi-index; traps on a programmer error (wrong rank or out of range).
    @inlinable
    public func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) has rank \(index.count), tensor \(shape)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(index) out of range for \(shape)")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    public subscript(_ index: Int...) -> Float {
        get { storage[offset(index)] }
        set { storage[offset(index)] = newValue }
    }

    // MARK: Shape changes

    /// The same elements under a new shape; one extent may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        if unknown.count > 1 { throw TensorError.invalidShape(newShape, reason: "more than one -1") }
        if let axis = unknown.first {
            let known = newShape.enumerated().filter { $0.offset != axis }.reduce(1) { $0 * $1.element }
            guard known > 0, count % known == 0 else {
                throw TensorError.cannotReshape(from: shape, to: newShape)
            }
            resolved[axis] = count / known
        }
        guard resolved.reduce(1, *) == count, resolved.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.cannotReshape(from: shape, to: newShape)
        }
        return Tensor(unchecked: resolved, storage: storage)
    }

    /// Rows `range` of the first axis (a copy): x[a..<b] in numpy.
    public func rows(_ range: Range<Int>) throws -> Tensor {
        guard rank >= 1, range.lowerBound >= 0, range.upperBound <= shape[0] else {
            throw TensorError.outOfRange("rows \(range) of a tensor with shape \(shape)")
        }
        let length = rowLength
        var newShape = shape
        newShape[0] = range.count
        let slice = Array(storage[(range.lowerBound * length)..<(range.upperBound * length)])
        return Tensor(unchecked: newShape, storage: slice)
    }

    /// Gathers the rows at `indices` (x[indices] in numpy), e.g. to form a mini-batch.
    public func gatherRows(_ indices: [Int]) throws -> Tensor {
        let length = rowLength
        let rowTotal = rowCount
        var out = [Float](repeating: 0, count: indices.count * length)
        try storage.withUnsafeBufferPointer { src in
            try out.withUnsafeMutableBufferPointer { dst in
                for (r, i) in indices.enumerated() {
                    guard i >= 0 && i < rowTotal else {
                        throw TensorError.outOfRange("row \(i) of a tensor with shape \(shape)")
                    }
                    for k in 0..<length { dst[r * length + k] = src[i * length + k] }
                }
            }
        }
        var newShape = shape
        if newShape.isEmpty { newShape = [1] }
        newShape[0] = indices.count
        return Tensor(unchecked: newShape, storage: out)
    }

    /// Row `i` of the first axis as a tensor of rank - 1.
    public func row(_ i: Int) throws -> Tensor {
        let r = try rows(i..<(i + 1))
        return Tensor(unchecked: Array(shape.dropFirst()), storage: r.storage)
    }

    /// Swaps the last two axes (a matrix transpose, batched over leading axes).
    public func transposed() throws -> Tensor {
        guard rank >= 2 else { throw TensorError.rankMismatch(op: "transposed", expected: "≥ 2", shape: shape) }
        let m = shape[rank - 2], n = shape[rank - 1]
        let batch = count / Swift.max(1, m * n)
        var out = [Float](repeating: 0, count: count)
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for b in 0..<batch {
                    let base = b * m * n
                    // Tiles keep both reads and writes inside the cache.
                    let tile = 32
                    var i0 = 0
                    while i0 < m {
                        var j0 = 0
                        let iEnd = Swift.min(i0 + tile, m)
                        while j0 < n {
                            let jEnd = Swift.min(j0 + tile, n)
                            for i in i0..<iEnd {
                                for j in j0..<jEnd { dst[base + j * m + i] = src[base + i * n + j] }
                            }
                            j0 += tile
                        }
                        i0 += tile
                    }
                }
            }
        }
        var newShape = shape
        newShape.swapAt(rank - 2, rank - 1)
        return Tensor(unchecked: newShape, storage: out)
    }

    /// Concatenates tensors along the first axis (their other extents must agree).
    public static func concatenateRows(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first else { throw TensorError.invalidShape([], reason: "nothing to concatenate") }
        let tail = Array(first.shape.dropFirst())
        var rowsTotal = 0
        var storage: [Float] = []
        storage.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts {
            guard part.rank == first.rank, Array(part.shape.dropFirst()) == tail else {
                throw TensorError.shapeMismatch(op: "concatenateRows", first.shape, part.shape)
            }
            rowsTotal += part.rowCount
            storage.append(contentsOf: part.storage)
        }
        return Tensor(unchecked: [rowsTotal] + tail, storage: storage)
    }

    /// Elements as Double (for code that accumulates in double precision).
    public var doubles: [Double] { storage.map(Double.init) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = storage.prefix(8).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        let more = count > 8 ? ", …" : ""
        return "Tensor(shape: \(shape), [\(shown)\(more)])"
    }
}
