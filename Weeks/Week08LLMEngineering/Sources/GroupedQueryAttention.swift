// A self-attention layer with H query heads and H_kv key/value heads (MHA when H_kv = H, GQA in
// between, MQA when H_kv = 1), optional RoPE on queries and keys, decoding through a KVCache.
// Weights in the x·W layout: wq [C, H·d], wk and wv [C, H_kv·d], wo [H·d, C].
//
// The week uses it for the MQA/GQA table (cache bytes and ms/token by H_kv) and tests that with
// H_kv = H it is exactly standard multi-head attention.

import Foundation
import Shared

public final class GroupedQueryAttention {
    public let embedding: Int
    public let heads: Int
    public let kvHeads: Int
    public let headDimension: Int
    public let rope: RotaryEmbedding?
    public var wq: Tensor, wk: Tensor, wv: Tensor, wo: Tensor

    /// Random N(0, 1/C) weights from `seed`.
    public init(embedding: Int, heads: Int, kvHeads: Int, useRoPE: Bool = true, seed: UInt64 = 0) throws {
        guard heads > 0, kvHeads > 0, heads % kvHeads == 0, embedding % heads == 0 else {
            throw AttentionError.badShape("attention: \(heads) heads and \(kvHeads) kv heads over width \(embedding) (need H_kv | H and H | C)")
        }
        self.embedding = embedding
        self.heads = heads
        self.kvHeads = kvHeads
        headDimension = embedding / heads
        rope = useRoPE ? RotaryEmbedding(headDimension: embedding / heads) : nil
        var rng = SplitMix64(seed: seed)
        let std = 1 / Float(embedding).squareRoot()
        wq = Tensor.randomNormal([embedding, heads * headDimension], std: std, using: &rng)
        wk = Tensor.randomNormal([embedding, kvHeads * headDimension], std: std, using: &rng)
        wv = Tensor.randomNormal([embedding, kvHeads * headDimension], std: std, using: &rng)
        wo = Tensor.randomNormal([heads * headDimension, embedding], std: std, using: &rng)
    }

    public var parameterCount: Int { wq.count + wk.count + wv.count + wo.count }

    public func makeCache(capacity: Int, layers: Int = 1) -> KVCache {
        KVCache(layers: layers, kvHeads: kvHeads, headDimension: headDimension, capacity: capacity)
    }

    /// x: [T, C] continuing what the cache's `layer` holds → [T, C].
    public func callAsFunction(_ x: Tensor, cache: KVCache, layer: Int = 0) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == embedding else {
            throw AttentionError.badShape("attention input \(x.shape), expected [T, \(embedding)]")
        }
        let past = cache.lengths[layer]
        var q = try Dense.affine(x, wq, nil)
        var k = try Dense.affine(x, wk, nil)
        let v = try Dense.affine(x, wv, nil)
        if let rope {
            q = rope.apply(q, startPosition: past)
            k = rope.apply(k, startPosition: past)
        }
        let attended = try CausalAttention.attend(q: q, k: k, v: v, heads: heads, cache: cache, layer: layer)
        return try Dense.affine(attended, wo, nil)
    }
}
