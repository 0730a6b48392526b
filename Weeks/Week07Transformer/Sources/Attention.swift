// Scaled dot-product attention as one fused op on the tape, and the head split/merge around it.
//
//   S = Q·Kᵀ/√d + M      P = softmax_rows(S)      O = P·V
//   Q [B, h, Tq, d], K [B, h, Tk, d], V [B, h, Tk, dv], M additive [Bm, Qm, Tk] (AttentionMask)
//
// The loops live in AttentionKernels.swift; this op allocates, hands each core half of the
// (batch, head) pairs (BLAS single-threaded meanwhile), and records the backward on the tape.
// Only P is kept for the backward pass:
//   ∂V = Pᵀ·∂O      ∂P = ∂O·Vᵀ      ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P))
//   ∂Q = ∂S·K/√d    ∂K = ∂Sᵀ·Q/√d
//
// Two entries record the same op: `scaledDotProduct` on split heads [B, h, T, d], and
// `selfAttention(packed:)` on a fused projection [B, T, 3H] (FusedProjection.swift), whose heads
// the kernels read in place and whose output comes out merged [B, T, H] — MultiHeadAttention's
// self-attention path, with no copies around the op.
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
                                         scale: 1 / Float(d).squareRoot(),
                                         query: .separate(heads: heads, rows: tq, width: d),
                                         key: .separate(heads: heads, rows: tk, width: d),
                                         value: .separate(heads: heads, rows: tk, width: dv),
                                         output: .separate(heads: heads, rows: tq, width: dv))
        return attend(geometry, batch: batch, operands: [query, key, value], offsets: (0, 0, 0),
                      outputShape: [batch, heads, tq, dv], mask: mask)
    }

    /// Self-attention read in place from a fused projection: qkv [B, T, 3H] holds Q | K | V per
    /// token (Attention.projectQKV), heads · d = H. Returns O [B, T, H] with the heads already
    /// merged and the weights P [B, heads, T, T]; the backward pass writes ∂qkv in the same layout.
    /// No splitHeads/mergeHeads copies: sgemm reads each head's columns through its row stride.
    public static func selfAttention(packed qkv: Variable, heads: Int,
                                     mask: AttentionMask? = nil) throws -> (output: Variable, weights: Tensor) {
        let s = qkv.shape
        guard s.count == 3, heads > 0, s[2] % (3 * heads) == 0 else {
            throw TransformerError.invalidInput("packed attention needs qkv [B, T, 3H] with H divisible by \(heads) heads, got \(s)")
        }
        let (batch, t, hidden) = (s[0], s[1], s[2] / 3)
        let d = hidden / heads
        try mask?.check(batch: batch, queries: t, keys: t)
        let packed = HeadLayout.tokenMajor(rows: t, width: d, stride: 3 * hidden)
        let geometry = AttentionGeometry(heads: heads, queries: t, keys: t, depth: d, valueDepth: d,
                                         scale: 1 / Float(d).squareRoot(), query: packed, key: packed, value: packed,
                                         output: .tokenMajor(rows: t, width: d, stride: hidden))
        return attend(geometry, batch: batch, operands: [qkv], offsets: (0, hidden, 2 * hidden),
                      outputShape: [batch, t, hidden], mask: mask)
    }

    /// The op both entries record: `operands` are [q, k, v] (offsets 0) or one packed tensor with
    /// Q, K, V starting at the three offsets; each gradient has its operand's shape and layout.
    private static func attend(_ geometry: AttentionGeometry, batch: Int, operands: [Variable], offsets: (Int, Int, Int),
                               outputShape: [Int], mask: AttentionMask?) -> (output: Variable, weights: Tensor) {
        let (tq, tk, d, dv) = (geometry.queries, geometry.keys, geometry.depth, geometry.valueDepth)
        let pairs = batch * geometry.heads
        let cost = 2 * tq * tk * (d + dv)  // flops of one pair's two products
        // The kernels write every element when both extents are non-empty; otherwise P, O and the
        // gradients are 0.
        let written = tq > 0 && tk > 0
        func buffer(_ count: Int) -> [Float] {
            written ? [Float](uninitializedCount: count) : [Float](repeating: 0, count: count)
        }
        var p = buffer(pairs * tq * tk)
        var out = buffer(outputShape.reduce(1, *))
        let values = operands.map(\.value)
        withOperands(values, offsets, mask) { q, k, v, maskView in
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
        let weights = try! Tensor(shape: [batch, geometry.heads, tq, tk], storage: p)  // counts by construction
        let value = try! Tensor(shape: outputShape, storage: out)
        let result = Variable(op: "attention", inputs: operands, value: value) { g in
            var gradients = values.map { buffer($0.count) }
            withOperands(values, offsets, nil) { q, k, v, _ in
                g.storage.withUnsafeBufferPointer { go in
                    weights.storage.withUnsafeBufferPointer { pw in
                        withMutableGradients(&gradients, offsets) { dQ, dK, dVs in
                            let (gradOutput, probabilities) = (go.baseAddress!, pw.baseAddress!)
                            splitPairs(pairs, cost: 2 * cost) { range in
                                var scratch = [Float](uninitializedCount: tq * tk)
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
            return try zip(values, gradients).map { try Tensor(shape: $0.0.shape, storage: $0.1) }
        }
        return (result, weights)
    }

    /// Base pointers of Q, K, V (three tensors, or one packed tensor at three offsets) and a view
    /// of the mask.
    static func withOperands<R>(_ values: [Tensor], _ offsets: (Int, Int, Int), _ mask: AttentionMask?,
                                _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, AttentionMaskView?) -> R) -> R {
        if values.count == 3 { return withPointers(values[0], values[1], values[2], mask, body) }
        return withPointers(values[0], values[0], values[0], mask) { q, k, v, view in
            values[0].count == 0 ? body(q, k, v, view) : body(q + offsets.0, k + offsets.1, v + offsets.2, view)
        }
    }

    /// Mutable base pointers of ∂Q, ∂K, ∂V inside `gradients` (three buffers, or one at three offsets).
    static func withMutableGradients(_ gradients: inout [[Float]], _ offsets: (Int, Int, Int),
                                     _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        func base(_ buffer: UnsafeMutableBufferPointer<Float>) -> UnsafeMutablePointer<Float> { buffer.baseAddress ?? emptyBuffer }
        if gradients.count == 3 {
            var (gq, gk, gv) = (gradients[0], gradients[1], gradients[2])
            gradients = []
            gq.withUnsafeMutableBufferPointer { q in
                gk.withUnsafeMutableBufferPointer { k in
                    gv.withUnsafeMutableBufferPointer { v in body(base(q), base(k), base(v)) }
                }
            }
            gradients = [gq, gk, gv]
            return
        }
        gradients[0].withUnsafeMutableBufferPointer { packed in
            let b = base(packed)
            if packed.isEmpty { body(b, b, b) } else { body(b + offsets.0, b + offsets.1, b + offsets.2) }
        }
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
    nonisolated(unsafe) static let emptyBuffer = UnsafeMutablePointer<Float>.allocate(capacity: 1)

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
