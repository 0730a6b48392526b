// Ops that move or reduce values without arithmetic on them, and their gradients.
//
//   reshape            ∂x = reshape(∂y, x.shape)             (same elements, same order)
//   transpose          ∂x = transpose(∂y)                     (last two axes)
//   permute(axes)      ∂x = permute(∂y, inverse(axes))        (any axis order: attention heads)
//   sum / mean         ∂x = broadcast(∂y) (· 1/n for mean)    (every element contributed once)
//   sum(axis:)         ∂x[…, k, …] = ∂y[…, …] for every k     (copy back along the axis)
//   concat / split     ∂ of a piece is the matching slice of ∂(whole), and back
//   gatherRows         ∂table[i] = Σ over positions p with index[p] = i of ∂y[p]  (embedding lookup:
//                      a scatter-add, since a token can appear many times in a batch)

import Shared

extension Variable {
    public func reshaped(_ shape: [Int]) throws -> Variable {
        let original = self.shape
        return Variable(op: "reshape", inputs: [self], value: try value.reshaped(shape)) { g in
            [try g.reshaped(original)]
        }
    }

    /// Swaps the last two axes (attention's Kᵀ; matmul's flags avoid the copy when they can).
    public func transposed() throws -> Variable {
        Variable(op: "transpose", inputs: [self], value: try value.transposed()) { g in [try g.transposed()] }
    }

    /// Reorders the axes (numpy.transpose(x, axes)): output axis i is input axis axes[i], e.g.
    /// [B, T, H, D].permuted([0, 2, 1, 3]) → [B, H, T, D] to give each attention head its own slice.
    public func permuted(_ axes: [Int]) throws -> Variable {
        let inverse = Tensor.inversePermutation(axes)
        return Variable(op: "permute", inputs: [self], value: try value.permuted(axes)) { g in
            [try g.permuted(inverse)]
        }
    }

    /// Σ of all elements → a scalar (shape []).
    public func sum() -> Variable {
        let shape = self.shape
        return Variable(op: "sum", inputs: [self], value: .scalar(value.sum())) { g in
            [Tensor.full(shape, value: g.storage[0])]
        }
    }

    /// Mean of all elements → a scalar.
    public func mean() -> Variable {
        let shape = self.shape
        let n = Float(Swift.max(1, value.count))
        return Variable(op: "mean", inputs: [self], value: .scalar(value.sum() / n)) { g in
            [Tensor.full(shape, value: g.storage[0] / n)]
        }
    }

    /// Σ along `axis` (negative counts from the end); the axis is dropped unless `keepingAxis`.
    public func sum(axis: Int, keepingAxis: Bool = false) throws -> Variable {
        let shape = self.shape
        let a = axis < 0 ? axis + shape.count : axis
        let value = try self.value.sum(axis: axis, keepingAxis: keepingAxis)
        return Variable(op: "sum(axis)", inputs: [self], value: value) { g in
            [Variable.expand(g, along: a, of: shape, scale: 1)]
        }
    }

    public func mean(axis: Int, keepingAxis: Bool = false) throws -> Variable {
        let shape = self.shape
        let a = axis < 0 ? axis + shape.count : axis
        let value = try self.value.mean(axis: axis, keepingAxis: keepingAxis)
        let scale = 1 / Float(Swift.max(1, shape[a]))
        return Variable(op: "mean(axis)", inputs: [self], value: value) { g in
            [Variable.expand(g, along: a, of: shape, scale: scale)]
        }
    }

    /// Copies g (the reduced tensor, axis dropped or kept as 1) back along `axis` of `shape`.
    static func expand(_ g: Tensor, along axis: Int, of shape: [Int], scale: Float) -> Tensor {
        let outer = shape[..<axis].reduce(1, *)
        let extent = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outer * extent * inner)
        g.storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for o in 0..<outer {
                    for k in 0..<extent {
                        let base = (o * extent + k) * inner
                        for i in 0..<inner { dst[base + i] = scale * src[o * inner + i] }
                    }
                }
            }
        }
        return try! Tensor(shape: shape, storage: out)  // count is correct by construction
    }

    /// Joins tensors along `axis`; their other extents must agree.
    public static func concat(_ parts: [Variable], axis: Int) throws -> Variable {
        guard let first = parts.first else { throw AutogradError.invalidArgument("concat: no tensors") }
        let rank = first.shape.count
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw TensorError.axisOutOfRange(op: "concat", axis: axis, rank: rank) }
        for p in parts {
            var s1 = p.shape, s0 = first.shape
            guard s1.count == rank else { throw TensorError.shapeMismatch(op: "concat", first.shape, p.shape) }
            s1[a] = 0
            s0[a] = 0
            guard s0 == s1 else { throw TensorError.shapeMismatch(op: "concat", first.shape, p.shape) }
        }
        let outer = first.shape[..<a].reduce(1, *)
        let inner = first.shape[(a + 1)...].reduce(1, *)
        let extents = parts.map { $0.shape[a] }
        let total = extents.reduce(0, +)
        var out = [Float](repeating: 0, count: outer * total * inner)
        var offset = 0
        for (p, extent) in zip(parts, extents) {
            let chunk = extent * inner
            p.value.storage.withUnsafeBufferPointer { src in
                for o in 0..<outer {
                    for i in 0..<chunk { out[(o * total + offset) * inner + i] = src[o * chunk + i] }
                }
            }
            offset += extent
        }
        var shape = first.shape
        shape[a] = total
        return Variable(op: "concat", inputs: parts, value: try Tensor(shape: shape, storage: out)) { g in
            var grads: [Tensor?] = []
            var start = 0
            for (p, extent) in zip(parts, extents) {
                grads.append(p.requiresGrad ? try Variable.slice(g, axis: a, range: start..<(start + extent)) : nil)
                start += extent
            }
            return grads
        }
    }

    /// Splits along `axis` into pieces of the given sizes (the inverse of concat).
    public func split(_ sizes: [Int], axis: Int) throws -> [Variable] {
        let rank = shape.count
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw TensorError.axisOutOfRange(op: "split", axis: axis, rank: rank) }
        guard sizes.reduce(0, +) == shape[a], sizes.allSatisfy({ $0 >= 0 }) else {
            throw AutogradError.invalidArgument("split: sizes \(sizes) do not add up to extent \(shape[a]) of axis \(a)")
        }
        var pieces: [Variable] = []
        var start = 0
        let fullShape = shape
        for size in sizes {
            let range = start..<(start + size)
            let piece = try Variable.slice(value, axis: a, range: range)
            pieces.append(Variable(op: "split", inputs: [self], value: piece) { g in
                [Variable.pad(g, axis: a, range: range, to: fullShape)]
            })
            start += size
        }
        return pieces
    }

    /// x[…, range, …] along `axis` (a copy).
    static func slice(_ x: Tensor, axis: Int, range: Range<Int>) throws -> Tensor {
        let outer = x.shape[..<axis].reduce(1, *)
        let extent = x.shape[axis]
        let inner = x.shape[(axis + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outer * range.count * inner)
        x.storage.withUnsafeBufferPointer { src in
            for o in 0..<outer {
                for k in 0..<range.count {
                    let from = (o * extent + range.lowerBound + k) * inner
                    let to = (o * range.count + k) * inner
                    for i in 0..<inner { out[to + i] = src[from + i] }
                }
            }
        }
        var shape = x.shape
        shape[axis] = range.count
        return try Tensor(shape: shape, storage: out)
    }

    /// Zeros of `shape` with `g` written at `range` of `axis` (the gradient of a slice).
    static func pad(_ g: Tensor, axis: Int, range: Range<Int>, to shape: [Int]) -> Tensor {
        let outer = shape[..<axis].reduce(1, *)
        let extent = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outer * extent * inner)
        g.storage.withUnsafeBufferPointer { src in
            for o in 0..<outer {
                for k in 0..<range.count {
                    let to = (o * extent + range.lowerBound + k) * inner
                    let from = (o * range.count + k) * inner
                    for i in 0..<inner { out[to + i] = src[from + i] }
                }
            }
        }
        return try! Tensor(shape: shape, storage: out)  // count is correct by construction
    }

    /// Rows of a [V, D] table at `indices` → [indices.count, D] (an embedding lookup).
    public func gatherRows(_ indices: [Int]) throws -> Variable {
        let tableShape = shape
        let width = value.rowLength
        return Variable(op: "gatherRows", inputs: [self], value: try value.gatherRows(indices)) { g in
            var out = [Float](repeating: 0, count: tableShape.reduce(1, *))
            g.storage.withUnsafeBufferPointer { src in
                for (p, row) in indices.enumerated() {
                    for j in 0..<width { out[row * width + j] += src[p * width + j] }
                }
            }
            return [try Tensor(shape: tableShape, storage: out)]
        }
    }
}
