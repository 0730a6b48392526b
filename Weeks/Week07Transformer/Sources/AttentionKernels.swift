// The arithmetic of scaled dot-product attention on raw buffers, one (batch, head) pair at a time
// (llm.c's split: `Attention.scaledDotProductWithWeights` owns shapes, allocation and the tape;
// these loops own the math). A call covers a range of pairs, so the op hands the two halves of
// the pairs to the two cores; every pair writes only its own blocks, so the result is the same
// bit for bit however the pairs are split.
//
// Per pair, with scores S [Tq, Tk], weights P [Tq, Tk], output O [Tq, dv]:
//   forward    S = Q·Kᵀ·s + M      P = softmax_rows(S)      O = P·V             (s = 1/√d)
//   backward   ∂V = Pᵀ·∂O    ∂P = ∂O·Vᵀ    ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P))·s
//              ∂Q = ∂S·K     ∂K = ∂Sᵀ·Q
// Q·Kᵀ is one sgemm with the transpose as a BLAS flag and s as alpha; the mask add and the
// softmax are vectorised loops over each score row (`FastMath.softmaxRow`); backward needs one [Tq, Tk] scratch block per thread.
// Each operand's blocks are addressed through a HeadLayout (sgemm's leading dimensions), so the
// kernels read Q, K, V either split per head or in place inside a fused [B, T, 3H] projection.
//
// What this file does not do: no flash-style tiling (P is kept whole for the backward pass and
// for heatmaps), no dropout on P.

import Shared

/// Where one operand's (batch, head) blocks live in its buffer: block (b, h) starts at
/// b·batchStride + h·headStride and its rows are rowStride apart (sgemm's leading dimension).
struct HeadLayout {
    let batchStride: Int
    let headStride: Int
    let rowStride: Int

    func offset(batch b: Int, head h: Int) -> Int { b * batchStride + h * headStride }

    /// [B, heads, rows, width], each block contiguous (splitHeads' layout).
    static func separate(heads: Int, rows: Int, width: Int) -> HeadLayout {
        HeadLayout(batchStride: heads * rows * width, headStride: rows * width, rowStride: width)
    }

    /// Token-major [B, rows, stride] with head h in columns h·width ..< (h+1)·width (a projection's
    /// output read in place, so no split or merge copy).
    static func tokenMajor(rows: Int, width: Int, stride: Int) -> HeadLayout {
        HeadLayout(batchStride: rows * stride, headStride: width, rowStride: stride)
    }
}

/// The extents of one attention call: pairs = batch·heads blocks of Q [Tq, d], K [Tk, d], V [Tk, dv]
/// and O [Tq, dv], each laid out as its HeadLayout says (∂Q, ∂K, ∂V, ∂O share those layouts).
struct AttentionGeometry {
    let heads: Int
    let queries: Int
    let keys: Int
    let depth: Int
    let valueDepth: Int
    let scale: Float
    let query: HeadLayout
    let key: HeadLayout
    let value: HeadLayout
    let output: HeadLayout
}

/// A read-only view of an additive mask [Bm, Qm, Tk] (Bm, Qm ∈ {1, full}) for the kernels.
struct AttentionMaskView {
    let values: UnsafePointer<Float>
    let batches: Int
    let queries: Int

    /// The mask row that query `r` of batch `b` adds to its scores (Tk values).
    func row(batch b: Int, query r: Int, keys: Int) -> UnsafePointer<Float> {
        values + ((batches == 1 ? 0 : b) * queries + (queries == 1 ? 0 : r)) * keys
    }
}

enum AttentionKernels {
    /// P and O for the pairs in `pairs` (pair index = batch·heads + head; P is [pairs, Tq, Tk]).
    static func forward(_ g: AttentionGeometry, pairs: Range<Int>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                        v: UnsafePointer<Float>, mask: AttentionMaskView?,
                        weights p: UnsafeMutablePointer<Float>, output o: UnsafeMutablePointer<Float>) {
        // exercise attention-forward: For every (batch, head) pair in `pairs`, write P = softmax(Q·Kᵀ/√d + mask) and O = P·V.
        // hint: Pair bh is batch bh / heads, head bh % heads; its Tq×Tk block of P starts at p + bh·Tq·Tk, and HeadLayout gives the other operands' offsets and row strides.
        // hint: Q·Kᵀ is one BLAS.sgemm with transposeB and alpha = g.scale, written straight into P's block (ldc = Tk); P·V is a second one into O.
        // hint: Between the two products each score row becomes a probability row: FastMath.softmaxRow adds the mask row and normalises in place. Guard the empty extents.
        // tests: AttentionTests/testAttentionEqualsNaiveReferenceWithPaddingAndCausalMasks
        let (tq, tk, d, dv) = (g.queries, g.keys, g.depth, g.valueDepth)
        guard tq > 0, tk > 0 else { return }
        for bh in pairs {
            let (b, h) = (bh / g.heads, bh % g.heads)
            let scores = p + bh * tq * tk
            if d > 0 {
                BLAS.sgemm(transposeA: false, transposeB: true, m: tq, n: tk, k: d, alpha: g.scale,
                           a: q + g.query.offset(batch: b, head: h), lda: g.query.rowStride,
                           b: k + g.key.offset(batch: b, head: h), ldb: g.key.rowStride, c: scores, ldc: tk)
            } else {
                scores.update(repeating: 0, count: tq * tk)
            }
            for r in 0..<tq {
                FastMath.softmaxRow(scores + r * tk, mask: mask?.row(batch: b, query: r, keys: tk), count: tk)
            }
            if dv > 0 {
                BLAS.sgemm(transposeA: false, transposeB: false, m: tq, n: dv, k: tk, a: scores, lda: tk,
                           b: v + g.value.offset(batch: b, head: h), ldb: g.value.rowStride,
                           c: o + g.output.offset(batch: b, head: h), ldc: g.output.rowStride)
            }
        }
        // end exercise attention-forward
    }

    /// ∂Q, ∂K, ∂V for the pairs in `pairs`, given ∂O and the forward's P. `scratch`: Tq·Tk floats.
    static func backward(_ g: AttentionGeometry, pairs: Range<Int>, gradOutput go: UnsafePointer<Float>,
                         weights pw: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                         v: UnsafePointer<Float>, dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                         dv dV: UnsafeMutablePointer<Float>, scratch ds: UnsafeMutablePointer<Float>) {
        // exercise attention-backward: For every pair in `pairs`, write ∂Q, ∂K and ∂V from ∂O and the forward's P.
        // hint: O = P·V gives ∂V = Pᵀ·∂O and ∂P = ∂O·Vᵀ; put ∂P in the Tq×Tk scratch block.
        // hint: Through the softmax, ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), times the 1/√d scale; softmaxBackwardRows does that in place.
        // hint: S = s·Q·Kᵀ then gives ∂Q = ∂S·K and ∂K = ∂Sᵀ·Q. Each product is one sgemm with the operand's row stride as its leading dimension.
        // tests: AttentionKernelTests/testBackwardEqualsCentralDifferencesOfANaiveAttention
        let (tq, tk, d, dv) = (g.queries, g.keys, g.depth, g.valueDepth)
        guard tq > 0, tk > 0 else { return }
        for bh in pairs {
            let (b, h) = (bh / g.heads, bh % g.heads)
            let pb = pw + bh * tq * tk
            let (qo, ko) = (g.query.offset(batch: b, head: h), g.key.offset(batch: b, head: h))
            let (vo, oo) = (g.value.offset(batch: b, head: h), g.output.offset(batch: b, head: h))
            let (qs, ks, vs, os) = (g.query.rowStride, g.key.rowStride, g.value.rowStride, g.output.rowStride)
            if dv > 0 {
                // ∂V = Pᵀ·∂O   [Tk, Tq]·[Tq, dv]
                BLAS.sgemm(transposeA: true, transposeB: false, m: tk, n: dv, k: tq, a: pb, lda: tk,
                           b: go + oo, ldb: os, c: dV + vo, ldc: vs)
                // ∂P = ∂O·Vᵀ   [Tq, dv]·[dv, Tk]
                BLAS.sgemm(transposeA: false, transposeB: true, m: tq, n: tk, k: dv, a: go + oo, lda: os,
                           b: v + vo, ldb: vs, c: ds, ldc: tk)
            } else {
                ds.update(repeating: 0, count: tq * tk)
            }
            softmaxBackwardRows(weights: pb, gradient: ds, rows: tq, columns: tk, scale: g.scale)
            if d > 0 {
                // ∂Q = ∂S·K   [Tq, Tk]·[Tk, d];   ∂K = ∂Sᵀ·Q   [Tk, Tq]·[Tq, d]
                BLAS.sgemm(transposeA: false, transposeB: false, m: tq, n: d, k: tk, a: ds, lda: tk,
                           b: k + ko, ldb: ks, c: dq + qo, ldc: qs)
                BLAS.sgemm(transposeA: true, transposeB: false, m: tk, n: d, k: tq, a: ds, lda: tk,
                           b: q + qo, ldb: qs, c: dk + ko, ldc: ks)
            }
        }
        // end exercise attention-backward
    }

    /// In place, row by row: ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P))·scale, where `gradient` holds ∂P.
    static func softmaxBackwardRows(weights p: UnsafePointer<Float>, gradient ds: UnsafeMutablePointer<Float>,
                                    rows: Int, columns: Int, scale: Float) {
        for r in 0..<rows {
            let prow = p + r * columns, drow = ds + r * columns
            var dot: Float = 0
            for j in 0..<columns { dot += drow[j] * prow[j] }
            for j in 0..<columns { drow[j] = prow[j] * (drow[j] - dot) * scale }
        }
    }
}
