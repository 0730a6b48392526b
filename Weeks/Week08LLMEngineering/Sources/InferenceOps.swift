// Forward-only building blocks on plain Tensors, for decoding with a KV cache (no autograd tape:
// a generated token needs no gradient, and decoding one row at a time makes per-op overhead count).
//
//   affine(x, w, b)      x [T, in] · w [in, out] + b   (GPT-2's Conv1D layout: weight is [in, out])
//   affine(…, transposeWeight: true)   x [T, in] · wᵀ + b, w [out, in] (torch nn.Linear layout, e.g. lm_head)
//   addInPlace(a, b)     a += b (a residual add)
// GPT-2 itself runs on week 7's layers (its LayerNorm and activations); these serve the GQA
// decoding benchmark and the logits against the head.

import Foundation
import Shared

public enum Dense {
    /// x [T, in] · w [in, out] + b [out].
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor?, transposeWeight: Bool = false) throws -> Tensor {
        let t = x.rowCount, inputs = x.rowLength
        let outputs = transposeWeight ? w.shape[0] : w.shape[1]
        var out = [Float](repeating: 0, count: t * outputs)
        if let b {
            for r in 0..<t { out.withUnsafeMutableBufferPointer { o in for j in 0..<outputs { o[r * outputs + j] = b.storage[j] } } }
        }
        x.storage.withUnsafeBufferPointer { xp in
            w.storage.withUnsafeBufferPointer { wp in
                out.withUnsafeMutableBufferPointer { op in
                    BLAS.sgemm(transposeA: false, transposeB: transposeWeight, m: t, n: outputs, k: inputs,
                               a: xp.baseAddress!, b: wp.baseAddress!, beta: b == nil ? 0 : 1, c: op.baseAddress!)
                }
            }
        }
        return try Tensor(shape: [t, outputs], storage: out)
    }

    /// a += b, elementwise (same shapes).
    public static func addInPlace(_ a: inout Tensor, _ b: Tensor) {
        a.storage.withUnsafeMutableBufferPointer { p in
            b.storage.withUnsafeBufferPointer { q in for i in p.indices { p[i] += q[i] } }
        }
    }
}
