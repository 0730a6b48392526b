// Several Linear layers over the same input as one op: self-attention's query, key and value
// projections write side by side into one [B, T, Σ out] output, which the packed attention op
// (Attention.selfAttention(packed:)) then reads in place.
//
//   y = [x·W₀ᵀ + b₀ | x·W₁ᵀ + b₁ | …]          x [B, T, in] (or [N, in]), Wᵢ [outᵢ, in]
//   ∂x = Σᵢ ∂yᵢ·Wᵢ      ∂Wᵢ = ∂yᵢᵀ·x      ∂bᵢ = Σ_rows ∂yᵢ        (∂yᵢ: the columns of layer i)
//
// Each product is one sgemm on a column block of y or ∂y (its leading dimension is Σ out), so
// nothing is concatenated or split: the weights stay the layers' own Variables (the module tree
// and checkpoints keep query/key/value), the bias is pre-filled and the GEMMs add to it
// (beta = 1), and ∂x accumulates the layers' three products in one buffer.
//
// What this file does not do: no activation, no layers with different input widths.

import Foundation
import Shared
import Week04MNIST

extension Attention {
    /// [x·Wqᵀ + bq | x·Wkᵀ + bk | x·Wvᵀ + bv] for layers [query, key, value] (any number of layers).
    public static func projectQKV(_ x: Variable, _ layers: [Linear]) throws -> Variable {
        let inputShape = x.shape
        guard let inFeatures = inputShape.last, x.value.rank >= 2, !layers.isEmpty,
              layers.allSatisfy({ $0.weight.shape.count == 2 && $0.weight.shape[1] == inFeatures }) else {
            throw TransformerError.invalidInput("fused projection needs x [.., in] and weights [out, in]; got \(inputShape), \(layers.map(\.weight.shape))")
        }
        let widths = layers.map { $0.weight.shape[0] }
        let columns = widths.reduce(0, +)
        let starts = widths.indices.map { i in widths[..<i].reduce(0, +) }
        let rows = inFeatures == 0 ? 0 : x.value.count / inFeatures
        let weights = layers.map(\.weight.value)
        var out = [Float](uninitializedCount: rows * columns)
        let bias = layers.flatMap(\.bias.value.storage)
        let vx = x.value
        out.withUnsafeMutableBufferPointer { y in
            guard let yp = y.baseAddress else { return }
            bias.withUnsafeBufferPointer { bb in
                let bp = bb.baseAddress!
                Parallel.forRanges(rows, costPerItem: columns) { range in
                    for r in range { (yp + r * columns).update(from: bp, count: columns) }
                }
            }
            guard inFeatures > 0 else { return }
            vx.storage.withUnsafeBufferPointer { xb in
                for (i, w) in weights.enumerated() where widths[i] > 0 {
                    w.storage.withUnsafeBufferPointer { wb in
                        BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: widths[i], k: inFeatures,
                                   a: xb.baseAddress!, lda: inFeatures, b: wb.baseAddress!, ldb: inFeatures,
                                   beta: 1, c: yp + starts[i], ldc: columns)
                    }
                }
            }
        }
        let value = try Tensor(shape: Array(inputShape.dropLast()) + [columns], storage: out)
        let inputs = [x] + layers.flatMap { [$0.weight, $0.bias] }
        return Variable(op: "projectQKV", inputs: inputs, value: value) { g in
            var result: [Tensor?] = [nil]
            guard rows > 0, inFeatures > 0 else {
                return [Tensor.zeros(inputShape)] + layers.flatMap { [Tensor.zeros($0.weight.shape), Tensor.zeros($0.bias.shape)] }
            }
            try g.storage.withUnsafeBufferPointer { gb in
                let gp = gb.baseAddress!
                try vx.storage.withUnsafeBufferPointer { xb in
                    let xp = xb.baseAddress!
                    if x.requiresGrad {  // ∂x = Σᵢ ∂yᵢ·Wᵢ   [rows, outᵢ]·[outᵢ, in]
                        var dx = [Float](uninitializedCount: rows * inFeatures)
                        dx.withUnsafeMutableBufferPointer { d in
                            var beta: Float = 0  // the first product writes, the others add
                            for (i, w) in weights.enumerated() where widths[i] > 0 {
                                w.storage.withUnsafeBufferPointer { wb in
                                    BLAS.sgemm(transposeA: false, transposeB: false, m: rows, n: inFeatures, k: widths[i],
                                               a: gp + starts[i], lda: columns, b: wb.baseAddress!, ldb: inFeatures,
                                               beta: beta, c: d.baseAddress!, ldc: inFeatures)
                                }
                                beta = 1
                            }
                            if beta == 0 { d.update(repeating: 0) }
                        }
                        result[0] = try Tensor(shape: inputShape, storage: dx)
                    }
                    let biasSums = columnSums(gp, rows: rows, columns: columns)
                    for (i, layer) in layers.enumerated() {
                        var dw: Tensor? = nil
                        if layer.weight.requiresGrad {  // ∂Wᵢ = ∂yᵢᵀ·x   [outᵢ, rows]·[rows, in]
                            var d = [Float](uninitializedCount: widths[i] * inFeatures)
                            d.withUnsafeMutableBufferPointer { db in
                                guard let dp = db.baseAddress else { return }
                                BLAS.sgemm(transposeA: true, transposeB: false, m: widths[i], n: inFeatures, k: rows,
                                           a: gp + starts[i], lda: columns, b: xp, ldb: inFeatures, c: dp, ldc: inFeatures)
                            }
                            dw = try Tensor(shape: layer.weight.shape, storage: d)
                        }
                        result.append(dw)
                        result.append(try Tensor(shape: [widths[i]], storage: Array(biasSums[starts[i]..<(starts[i] + widths[i])])))
                    }
                }
            }
            return result
        }
    }

    /// Σ over rows of g [rows, columns], per column, accumulated in Double in row order (as
    /// Week 4's bias gradient); the columns are split over the cores.
    static func columnSums(_ g: UnsafePointer<Float>, rows: Int, columns: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: columns)
        sums.withUnsafeMutableBufferPointer { s in
            guard let sp = s.baseAddress else { return }
            Parallel.forRanges(columns, costPerItem: rows) { range in
                for r in 0..<rows {
                    let row = g + r * columns
                    for j in range { sp[j] += Double(row[j]) }
                }
            }
        }
        return sums.map { Float($0) }
    }
}
