// Reductions along one axis: sum, mean, max, argmax. The reduced axis is removed from the shape
// unless `keepingAxis` is true (numpy's keepdims). Sums accumulate in Double so that summing a
// million Floats does not drift.

extension Tensor {
    /// Sum of all elements.
    public func sum() -> Float {
        var total = 0.0
        storage.withUnsafeBufferPointer { x in for v in x { total += Double(v) } }
        return Float(total)
    }

    public func mean() -> Float { count == 0 ? .nan : sum() / Float(count) }

    /// Splits the shape around `axis` into (outer, extent, inner) so that element
    /// [o, k, i] of the axis view is storage[(o * extent + k) * inner + i].
    func axisView(_ axis: Int, op: String) throws -> (outer: Int, extent: Int, inner: Int, axis: Int) {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw TensorError.axisOutOfRange(op: op, axis: axis, rank: rank) }
        let outer = shape[..<a].reduce(1, *)
        let inner = shape[(a + 1)...].reduce(1, *)
        return (outer, shape[a], inner, a)
    }

    func reducedShape(_ axis: Int, keeping: Bool) -> [Int] {
        var s = shape
        if keeping { s[axis] = 1 } else { s.remove(at: axis) }
        return s
    }

    public func sum(axis: Int, keepingAxis: Bool = false) throws -> Tensor {
        let v = try axisView(axis, op: "sum")
        var out = [Double](repeating: 0, count: v.outer * v.inner)
        storage.withUnsafeBufferPointer { x in
            for o in 0..<v.outer {
                for k in 0..<v.extent {
                    let base = (o * v.extent + k) * v.inner
                    for i in 0..<v.inner { out[o * v.inner + i] += Double(x[base + i]) }
                }
            }
        }
        return Tensor(unchecked: reducedShape(v.axis, keeping: keepingAxis), storage: out.map { Float($0) })
    }

    public func mean(axis: Int, keepingAxis: Bool = false) throws -> Tensor {
        let v = try axisView(axis, op: "mean")
        let s = try sum(axis: axis, keepingAxis: keepingAxis)
        return s / Float(Swift.max(1, v.extent))
    }

    public func max(axis: Int, keepingAxis: Bool = false) throws -> Tensor {
        let (values, _) = try maxAndArgmax(axis: axis, op: "max")
        return Tensor(unchecked: reducedShape(try axisView(axis, op: "max").axis, keeping: keepingAxis),
                      storage: values)
    }

    /// Index of the largest element along `axis` (the first one on ties), as Ints.
    public func argmax(axis: Int) throws -> [Int] {
        try maxAndArgmax(axis: axis, op: "argmax").1
    }

    private func maxAndArgmax(axis: Int, op: String) throws -> ([Float], [Int]) {
        let v = try axisView(axis, op: op)
        guard v.extent > 0 else { throw TensorError.invalidShape(shape, reason: "\(op) over an empty axis") }
        var best = [Float](repeating: -.infinity, count: v.outer * v.inner)
        var where_ = [Int](repeating: 0, count: v.outer * v.inner)
        storage.withUnsafeBufferPointer { x in
            for o in 0..<v.outer {
                for k in 0..<v.extent {
                    let base = (o * v.extent + k) * v.inner
                    for i in 0..<v.inner where k == 0 || x[base + i] > best[o * v.inner + i] {
                        best[o * v.inner + i] = x[base + i]
                        where_[o * v.inner + i] = k
                    }
                }
            }
        }
        return (best, where_)
    }
}
