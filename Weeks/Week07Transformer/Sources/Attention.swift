// Scaled dot-product attention as one fused op on the tape, and the head split/merge around it.
//
//   S = Q·Kᵀ/√d + M      P = softmax_rows(S)      O = P·V
//   Q [B, h, Tq, d], K [B, h, Tk, d], V [B, h, Tk, dv], M additive [Bm, Qm, Tk] (AttentionMask)
//
// The loops live in AttentionKernels.swift; this op allocates, hands each core half of the
// (batch, head) pairs (BLAS single-threaded meanwhile), and records the backward on the tape. Only P is kept for the backward pass:
//   ∂V = Pᵀ·∂O      ∂P = ∂O·Vᵀ      ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P))
//   ∂Q = ∂S·K/√d    ∂K = ∂Sᵀ·Q/√d
//
// splitHeads [B, T, h·d] → [B, h, T, d] and mergeHeads (its inverse) copy d-long runs.

import Foundation
import Shared
import Week04MNIST

public enum Attention {
    /// softmax(QKᵀ/√d + mask)·V. q, k, v: [B, heads, T, d]; returns [B, heads, Tq, dv].
    public static func scaledDotProduct(query: Variable, key: Variable, value: Variable,
                                        mask: AttentionMask? = nil) throws -> Variable {
        try scaledDotProductWithWeights(query: query, key: key, value: value, mask: mask).output
    }

    /// The same, also returning the attention weights P [B, heads, Tq, Tk] (for heatmaps).
    public static func scaledDotProductWithWeights(query: Variable, key: Variable, value: Variable,
                                                   mask: AttentionMask? = nil) throws -> (output: Variable, weights: Tensor) {
        let qs = query.shape, ks = key.shape, vs = value.shape
        guard qs.count == 4, ks.count == 4, vs.count == 4, qs[0] == ks[0], ks[0] == vs[0], qs[1] == ks[1],
              ks[1] == vs[1], qs[3] == ks[3], ks[2] == vs[2] else {
            throw TransformerError.invalidInput("attention needs q [B,h,Tq,d], k [B,h,Tk,d], v [B,h,Tk,dv]; got \(qs), \(ks), \(vs)")
        }
        let (batch, heads, tq, d) = (qs[0], qs[1], qs[2], qs[3])
        let (tk, dv) = (ks[2], vs[3])
        try mask?.check(batch: batch, queries: tq, keys: tk)
        let geometry = AttentionGeometry(heads: heads, queries: tq, keys: tk, depth: d, valueDepth: dv,
                                         scale: 1 / Float(d).squareRoot())
        let pairs = batch * heads
        let cost = 2 * tq * tk * (d + dv)  // flops of one pair's two products
        var p = [Float](repeating: 0, count: pairs * tq * tk)
        var out = [Float](repeating: 0, count: pairs * tq * dv)
        let (vq, vk, vv) = (query.value, key.value, value.value)
        withPointers(vq, vk, vv, mask) { q, k, v, maskView in
            p.withUnsafeMutableBufferPointer { pp in
                out.withUnsafeMutableBufferPointer { o in
                    let (weights, output) = (pp.baseAddress!, o.baseAddress!)
                    splitPairs(pairs, cost: cost) { range in
                        AttentionKernels.forward(geometry, pairs: range, q: q, k: k, v: v, mask: maskView,
                                                 weights: weights, output: output)
                    }
                }
            }
        }
        let weights = try Tensor(shape: [batch, heads, tq, tk], storage: p)
        let result = Variable(op: "attention", inputs: [query, key, value],
                              value: try Tensor(shape: [batch, heads, tq, dv], storage: out)) { g in
            var gq = [Float](repeating: 0, count: vq.count)
            var gk = [Float](repeating: 0, count: vk.count)
            var gv = [Float](repeating: 0, count: vv.count)
            withPointers(vq, vk, vv, nil) { q, k, v, _ in
                g.storage.withUnsafeBufferPointer { go in
                    weights.storage.withUnsafeBufferPointer { pw in
                        gq.withUnsafeMutableBufferPointer { dq in
                            gk.withUnsafeMutableBufferPointer { dk in
                                gv.withUnsafeMutableBufferPointer { dV in
                                    let (gradOutput, probabilities) = (go.baseAddress!, pw.baseAddress!)
                                    let (dQ, dK, dVs) = (dq.baseAddress!, dk.baseAddress!, dV.baseAddress!)
                                    splitPairs(pairs, cost: 2 * cost) { range in
                                        var scratch = [Float](repeating: 0, count: tq * tk)
                                        scratch.withUnsafeMutableBufferPointer { ds in
                                            AttentionKernels.backward(geometry, pairs: range, gradOutput: gradOutput,
                                                                      weights: probabilities, q: q, k: k, v: v,
                                                                      dq: dQ, dk: dK, dv: dVs, scratch: ds.baseAddress!)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [try Tensor(shape: qs, storage: gq), try Tensor(shape: ks, storage: gk), try Tensor(shape: vs, storage: gv)]
        }
        return (result, weights)
    }

    /// Hands each core its own (batch, head) pairs, with BLAS on one thread meanwhile (OpenBLAS
    /// would otherwise thread each larger GEMM itself, and two callers doing that at once contend:
    /// measured, 150-word texts embedded 1.4× slower). Small jobs stay on this thread as they are.
    static func splitPairs(_ pairs: Int, cost: Int, _ body: (Range<Int>) -> Void) {
        guard Parallel.parts > 1, pairs > 1, pairs * cost >= 1 << 16 else { return body(0..<pairs) }
        BLAS.singleThreaded { Parallel.forRanges(pairs, costPerItem: cost, body) }
    }

    /// Runs `body` with base pointers of q, k, v and a view of the mask (all empty-safe).
    static func withPointers<R>(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ mask: AttentionMask?,
                                _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, AttentionMaskView?) -> R) -> R {
        q.storage.withUnsafeBufferPointer { qp in
            k.storage.withUnsafeBufferPointer { kp in
                v.storage.withUnsafeBufferPointer { vp in
                    let (qb, kb, vb) = (base(qp), base(kp), base(vp))
                    guard let mask else { return body(qb, kb, vb, nil) }
                    let s = mask.additive.shape
                    return mask.additive.storage.withUnsafeBufferPointer { mp in
                        body(qb, kb, vb, AttentionMaskView(values: base(mp), batches: s[0], queries: s[1]))
                    }
                }
            }
        }
    }

    /// A buffer's base address; a one-element dummy for an empty buffer (never read: the kernels
    /// skip empty extents).
    private static func base(_ buffer: UnsafeBufferPointer<Float>) -> UnsafePointer<Float> {
        buffer.baseAddress ?? UnsafePointer(emptyBuffer)
    }
    nonisolated(unsafe) private static let emptyBuffer = UnsafeMutablePointer<Float>.allocate(capacity: 1)

    /// [B, T, heads·d] → [B, heads, T, d].
    public static func splitHeads(_ x: Variable, heads: Int) throws -> Variable {
        let s = x.shape
        guard s.count == 3, heads > 0, s[2] % heads == 0 else {
            throw TransformerError.invalidInput("splitHeads needs [B, T, H] with H divisible by \(heads) heads, got \(s)")
        }
        let (b, t, d) = (s[0], s[1], s[2] / heads)
        let y = try Tensor(shape: [b, heads, t, d], storage: moveHeads(x.value.storage, b: b, t: t, heads: heads, d: d, split: true))
        return Variable(op: "splitHeads", inputs: [x], value: y) { g in
            [try Tensor(shape: s, storage: moveHeads(g.storage, b: b, t: t, heads: heads, d: d, split: false))]
        }
    }

    /// [B, heads, T, d] → [B, T, heads·d].
    public static func mergeHeads(_ x: Variable) throws -> Variable {
        let s = x.shape
        guard s.count == 4 else { throw TransformerError.invalidInput("mergeHeads needs [B, heads, T, d], got \(s)") }
        let (b, heads, t, d) = (s[0], s[1], s[2], s[3])
        let y = try Tensor(shape: [b, t, heads * d], storage: moveHeads(x.value.storage, b: b, t: t, heads: heads, d: d, split: false))
        return Variable(op: "mergeHeads", inputs: [x], value: y) { g in
            [try Tensor(shape: s, storage: moveHeads(g.storage, b: b, t: t, heads: heads, d: d, split: true))]
        }
    }

    /// The copy behind split (x [B, T, h, d] → [B, h, T, d]) and merge (the reverse).
    static func moveHeads(_ x: [Float], b: Int, t: Int, heads: Int, d: Int, split: Bool) -> [Float] {
        let n = b * t * heads * d
        return x.withUnsafeBufferPointer { src in
            [Float](unsafeUninitializedCapacity: n) { dst, initialized in
                for bi in 0..<b {
                    for h in 0..<heads {
                        for ti in 0..<t {
                            let merged = ((bi * t + ti) * heads + h) * d
                            let separate = ((bi * heads + h) * t + ti) * d
                            let (from, to) = split ? (merged, separate) : (separate, merged)
                            for j in 0..<d { dst[to + j] = src[from + j] }
                        }
                    }
                }
                initialized = n
            }
        }
    }
}
