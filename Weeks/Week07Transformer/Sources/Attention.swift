// Scaled dot-product attention as one fused op on the tape, and the head split/merge around it.
//
//   S = Q·Kᵀ/√d + M      P = softmax_rows(S)      O = P·V
//   Q [B, h, Tq, d], K [B, h, Tk, d], V [B, h, Tk, dv], M additive [Bm, Qm, Tk] (AttentionMask)
//
// Every (batch, head) pair is two sgemm calls (Q·Kᵀ with the transpose as a BLAS flag and the
// 1/√d as alpha; then P·V); the mask add and softmax are one pass over each score row. Only P
// is kept for the backward pass:
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
        let scale = 1 / Float(d).squareRoot()
        let pairs = batch * heads
        var p = [Float](repeating: 0, count: pairs * tq * tk)
        var out = [Float](repeating: 0, count: pairs * tq * dv)
        let (vq, vk, vv) = (query.value, key.value, value.value)
        vq.storage.withUnsafeBufferPointer { q in
            vk.storage.withUnsafeBufferPointer { k in
                vv.storage.withUnsafeBufferPointer { v in
                    p.withUnsafeMutableBufferPointer { pp in
                        out.withUnsafeMutableBufferPointer { o in
                            for bh in 0..<pairs where tq > 0 && tk > 0 {
                                let scores = pp.baseAddress! + bh * tq * tk
                                if d > 0 {
                                    BLAS.sgemm(transposeA: false, transposeB: true, m: tq, n: tk, k: d, alpha: scale,
                                               a: q.baseAddress! + bh * tq * d, b: k.baseAddress! + bh * tk * d, c: scores)
                                }
                                if let mask { addMask(mask, to: scores, batch: bh / heads, queries: tq, keys: tk) }
                                Kernels.softmaxRows(scores, rows: tq, columns: tk)
                                if dv > 0 {
                                    BLAS.sgemm(transposeA: false, transposeB: false, m: tq, n: dv, k: tk,
                                               a: scores, b: v.baseAddress! + bh * tk * dv, c: o.baseAddress! + bh * tq * dv)
                                }
                            }
                        }
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
            var dp = [Float](repeating: 0, count: tq * tk)
            g.storage.withUnsafeBufferPointer { go in
                weights.storage.withUnsafeBufferPointer { pw in
                    vq.storage.withUnsafeBufferPointer { q in
                        vk.storage.withUnsafeBufferPointer { k in
                            vv.storage.withUnsafeBufferPointer { v in
                                gq.withUnsafeMutableBufferPointer { dq in
                                    gk.withUnsafeMutableBufferPointer { dk in
                                        gv.withUnsafeMutableBufferPointer { dvBuffer in
                                            dp.withUnsafeMutableBufferPointer { ds in
                                                for bh in 0..<pairs where tq > 0 && tk > 0 {
                                                    let pb = pw.baseAddress! + bh * tq * tk
                                                    let gb = go.baseAddress! + bh * tq * dv
                                                    if dv > 0 {
                                                        // ∂V = Pᵀ·∂O   [Tk, Tq]·[Tq, dv]
                                                        BLAS.sgemm(transposeA: true, transposeB: false, m: tk, n: dv, k: tq,
                                                                   a: pb, b: gb, c: dvBuffer.baseAddress! + bh * tk * dv)
                                                        // ∂P = ∂O·Vᵀ   [Tq, dv]·[dv, Tk]
                                                        BLAS.sgemm(transposeA: false, transposeB: true, m: tq, n: tk, k: dv,
                                                                   a: gb, b: v.baseAddress! + bh * tk * dv, c: ds.baseAddress!)
                                                    } else {
                                                        for i in 0..<(tq * tk) { ds[i] = 0 }
                                                    }
                                                    // ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), times the 1/√d of the forward.
                                                    for r in 0..<tq {
                                                        let prow = pb + r * tk, drow = ds.baseAddress! + r * tk
                                                        var dot: Float = 0
                                                        for j in 0..<tk { dot += drow[j] * prow[j] }
                                                        for j in 0..<tk { drow[j] = prow[j] * (drow[j] - dot) * scale }
                                                    }
                                                    if d > 0 {
                                                        // ∂Q = ∂S·K   [Tq, Tk]·[Tk, d];   ∂K = ∂Sᵀ·Q   [Tk, Tq]·[Tq, d]
                                                        BLAS.sgemm(transposeA: false, transposeB: false, m: tq, n: d, k: tk,
                                                                   a: ds.baseAddress!, b: k.baseAddress! + bh * tk * d,
                                                                   c: dq.baseAddress! + bh * tq * d)
                                                        BLAS.sgemm(transposeA: true, transposeB: false, m: tk, n: d, k: tq,
                                                                   a: ds.baseAddress!, b: q.baseAddress! + bh * tq * d,
                                                                   c: dk.baseAddress! + bh * tk * d)
                                                    }
                                                }
                                            }
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

    /// scores[q, k] += mask[b or 0, q or 0, k] for one (batch, head) block of [queries, keys].
    static func addMask(_ mask: AttentionMask, to scores: UnsafeMutablePointer<Float>, batch b: Int, queries: Int, keys: Int) {
        let s = mask.additive.shape
        let plane = (s[0] == 1 ? 0 : b) * s[1] * keys
        mask.additive.storage.withUnsafeBufferPointer { m in
            for r in 0..<queries {
                let mrow = m.baseAddress! + plane + (s[1] == 1 ? 0 : r) * keys
                let row = scores + r * keys
                for j in 0..<keys { row[j] += mrow[j] }
            }
        }
    }

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
