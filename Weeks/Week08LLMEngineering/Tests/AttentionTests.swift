// RoPE's relative-position property against a Double reference; grouped-query attention against a
// naive multi-head attention written here (per head: softmax(q·kᵀ/√d + causal mask)·v); the KV
// cache against recomputation; the cache-size formula.

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import XCTest

final class AttentionTests: XCTestCase {
    /// Double reference: pairs (xᵢ, x_{i+d/2}) as complex numbers, multiplied by e^{i·m·θᵢ}.
    func rotateReference(_ x: [Double], position m: Int, base: Double = 10_000) -> [Double] {
        let d = x.count, half = d / 2
        var out = x
        for i in 0..<half {
            let angle = Double(m) * Foundation.pow(base, -2 * Double(i) / Double(d))
            let (re, im) = (x[i], x[i + half])
            out[i] = re * Foundation.cos(angle) - im * Foundation.sin(angle)
            out[i + half] = re * Foundation.sin(angle) + im * Foundation.cos(angle)
        }
        return out
    }

    func testRoPEDotProductDependsOnlyOnTheOffset() {
        var rng = SplitMix64(seed: 3)
        let d = 16
        let rope = RotaryEmbedding(headDimension: d)
        let q = (0..<d).map { _ in Float(rng.nextGaussian()) }
        let k = (0..<d).map { _ in Float(rng.nextGaussian()) }
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        for offset in [0, 1, 5, 37] {
            let expected = dot(rotateReference(q.map(Double.init), position: 100 + offset), rotateReference(k.map(Double.init), position: 100))
            for n in [0, 3, 250] {
                let value = dot(rope.rotated(q, position: n + offset), rope.rotated(k, position: n))
                XCTAssertEqual(value, expected, accuracy: 1e-4, "m − n = \(offset), n = \(n)")
            }
        }
        // rotation keeps lengths; position 0 is the identity
        assertClose(rope.rotated(q, position: 0), q, rtol: 0, atol: 0)
        XCTAssertEqual(dot(rope.rotated(q, position: 9), rope.rotated(q, position: 9)), dot(q, q), accuracy: 1e-4)
        assertClose(rope.rotated(q, position: 7).map(Double.init), rotateReference(q.map(Double.init), position: 7), rtol: 0, atol: 1e-5)
    }

    /// Naive causal attention with H heads reading kv head h / (H / H_kv).
    func naiveAttention(q: [Float], k: [Float], v: [Float], t: Int, heads: Int, kvHeads: Int, d: Int) -> [Double] {
        var out = [Double](repeating: 0, count: t * heads * d)
        for h in 0..<heads {
            let g = h / (heads / kvHeads)
            for i in 0..<t {
                var scores = [Double](repeating: 0, count: i + 1)
                for j in 0...i {
                    var s = 0.0
                    for c in 0..<d { s += Double(q[i * heads * d + h * d + c]) * Double(k[j * kvHeads * d + g * d + c]) }
                    scores[j] = s / Double(d).squareRoot()
                }
                let top = scores.max()!
                let weights = scores.map { Foundation.exp($0 - top) }
                let total = weights.reduce(0, +)
                for j in 0...i {
                    for c in 0..<d { out[i * heads * d + h * d + c] += weights[j] / total * Double(v[j * kvHeads * d + g * d + c]) }
                }
            }
        }
        return out
    }

    func testGroupedQueryAttentionEqualsNaiveMultiHead() throws {
        var rng = SplitMix64(seed: 11)
        let t = 7, heads = 4, d = 8
        for kvHeads in [4, 2, 1] {  // MHA, GQA, MQA
            let q = Tensor.randomNormal([t, heads * d], using: &rng)
            let k = Tensor.randomNormal([t, kvHeads * d], using: &rng)
            let v = Tensor.randomNormal([t, kvHeads * d], using: &rng)
            let cache = KVCache(layers: 1, kvHeads: kvHeads, headDimension: d, capacity: t)
            let out = try CausalAttention.attend(q: q, k: k, v: v, heads: heads, cache: cache, layer: 0)
            let expected = naiveAttention(q: q.storage, k: k.storage, v: v.storage, t: t, heads: heads, kvHeads: kvHeads, d: d)
            assertClose(out.storage.map(Double.init), expected, rtol: 0, atol: 1e-5, "H_kv = \(kvHeads)")
        }
    }

    func testCachedAttentionInTwoCallsEqualsNaive() throws {
        // Positions 0–3 in one call, then 4–6 attending to the first four read back from the cache.
        var rng = SplitMix64(seed: 12)
        let t = 7, heads = 4, kvHeads = 2, d = 8
        let q = Tensor.randomNormal([t, heads * d], using: &rng)
        let k = Tensor.randomNormal([t, kvHeads * d], using: &rng)
        let v = Tensor.randomNormal([t, kvHeads * d], using: &rng)
        let cache = KVCache(layers: 1, kvHeads: kvHeads, headDimension: d, capacity: t)
        var rows: [Float] = []
        for range in [0..<4, 4..<7] {
            let out = try CausalAttention.attend(q: try q.rows(range), k: try k.rows(range), v: try v.rows(range),
                                                 heads: heads, cache: cache, layer: 0)
            rows += out.storage
        }
        XCTAssertEqual(cache.length, 7)
        let expected = naiveAttention(q: q.storage, k: k.storage, v: v.storage, t: t, heads: heads, kvHeads: kvHeads, d: d)
        assertClose(rows.map(Double.init), expected, rtol: 0, atol: 1e-5)
    }

    /// A GQA layer with H_kv = H is standard multi-head attention: a layer with H_kv = 2 whose K/V
    /// weights are duplicated per group (repeat_kv) gives the same output as the MHA layer using them.
    func testGQAWithRepeatedKVHeadsEqualsMHA() throws {
        let gqa = try GroupedQueryAttention(embedding: 32, heads: 4, kvHeads: 2, seed: 5)
        let mha = try GroupedQueryAttention(embedding: 32, heads: 4, kvHeads: 4, seed: 6)
        mha.wq = gqa.wq
        mha.wo = gqa.wo
        func repeatKV(_ w: Tensor) throws -> Tensor {  // [C, 2·d] → [C, 4·d]: kv head g serves query heads 2g, 2g+1
            var out: [Float] = []
            for r in 0..<w.rowCount {
                let row = Array(w.storage[(r * 16)..<(r * 16 + 16)])
                out += row[0..<8] + row[0..<8] + row[8..<16] + row[8..<16]
            }
            return try Tensor(shape: [w.rowCount, 32], storage: out)
        }
        mha.wk = try repeatKV(gqa.wk)
        mha.wv = try repeatKV(gqa.wv)
        var rng = SplitMix64(seed: 2)
        let x = Tensor.randomNormal([6, 32], using: &rng)
        let a = try gqa(x, cache: gqa.makeCache(capacity: 6))
        let b = try mha(x, cache: mha.makeCache(capacity: 6))
        assertClose(a.storage, b.storage, rtol: 0, atol: 1e-5)
    }

    func testIncrementalDecodingEqualsOneShotWithRoPE() throws {
        let layer = try GroupedQueryAttention(embedding: 32, heads: 4, kvHeads: 1, useRoPE: true, seed: 9)
        var rng = SplitMix64(seed: 4)
        let x = Tensor.randomNormal([9, 32], using: &rng)
        let full = try layer(x, cache: layer.makeCache(capacity: 9))
        let cache = layer.makeCache(capacity: 9)
        var rows: [Float] = try layer(try x.rows(0..<4), cache: cache).storage
        for t in 4..<9 { rows += try layer(try x.rows(t..<(t + 1)), cache: cache).storage }
        assertClose(rows, full.storage, rtol: 0, atol: 1e-5)
        XCTAssertEqual(cache.bytesUsed, 2 * 1 * 1 * 9 * 8 * 4)
        XCTAssertThrowsError(try layer(try x.rows(0..<1), cache: cache)) { error in
            XCTAssertTrue("\(error)".contains("KV cache holds 9 positions"), "\(error)")
        }
    }

    func testCacheBytesShrinkWithKVHeads() {
        // GPT-2 small geometry: 12 layers, 12 heads of 64, 1024 positions → 72 MiB for MHA
        XCTAssertEqual(KVCache.bytes(layers: 12, kvHeads: 12, headDimension: 64, positions: 1024), 75_497_472)
        XCTAssertEqual(KVCache.bytes(layers: 12, kvHeads: 1, headDimension: 64, positions: 1024), 75_497_472 / 12)
    }
}
