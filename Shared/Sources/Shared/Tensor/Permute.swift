// General axis permutation (numpy.transpose(x, axes)), e.g. splitting attention heads:
//   [B, T, H, D].permuted([0, 2, 1, 3]) → [B, H, T, D]
// Output axis i is input axis axes[i]. The copy walks the output in order and reads the input
// through permuted strides (an odometer over the output's multi-index).

extension Tensor {
    public func permuted(_ axes: [Int]) throws -> Tensor {
        guard axes.count == rank, axes.sorted() == Array(0..<rank) else {
            throw TensorError.invalidShape(shape, reason: "permutation \(axes) is not a permutation of 0..<\(rank)")
        }
        var inputStrides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1] }
        let newShape = axes.map { shape[$0] }
        let strides = axes.map { inputStrides[$0] }
        var out = [Float](repeating: 0, count: count)
        guard count > 0 else { return Tensor(unchecked: newShape, storage: out) }
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var index = [Int](repeating: 0, count: rank)
                var source = 0
                for i in 0..<dst.count {
                    dst[i] = src[source]
                    var axis = rank - 1
                    while axis >= 0 {
                        index[axis] += 1
                        source += strides[axis]
                        if index[axis] < newShape[axis] { break }
                        source -= strides[axis] * newShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return Tensor(unchecked: newShape, storage: out)
    }

    /// The permutation that undoes `axes` (for the gradient of a permute).
    public static func inversePermutation(_ axes: [Int]) -> [Int] {
        var inverse = [Int](repeating: 0, count: axes.count)
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return inverse
    }
}
