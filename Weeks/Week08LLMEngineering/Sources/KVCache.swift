// The KV cache, and causal attention that reads it, for multi-head (MHA), grouped-query (GQA)
// and multi-query (MQA) attention.
//
// Decoding one token at a time, the keys and values of earlier positions never change (causal
// attention: position t only sees positions ≤ t). So each layer keeps them, and a new token costs
// one row of projections plus one attention row over the cache instead of recomputing the
// whole prefix: O(T) work per token instead of O(T²).
//
//   cache, per layer: keys and values [kvHeads, capacity, headDim]   (one contiguous [S, d]
//                     block per head, so a head's scores are one sgemm)
//   bytes            = 2 (K and V) · layers · kvHeads · length · headDim · 4 (Float32)
//
// GQA (Ainslie et al. 2023): H query heads share H_kv ≤ H key/value heads, query head h reading
// kv head h / (H / H_kv). H_kv = H is standard MHA; H_kv = 1 is MQA (Shazeer 2019). The cache and
// the K/V projections shrink by H / H_kv, which is what makes decoding cheaper: per token, the
// cache must be read from memory. Here the G = H / H_kv query heads of a group are multiplied
// with their shared keys in one sgemm ([T·G, d] · [S, d]ᵀ).

import Foundation
import Shared
import Week07Transformer

public enum AttentionError: Error, CustomStringConvertible, Equatable {
    case cacheFull(capacity: Int, needed: Int)
    case badShape(String)

    public var description: String {
        switch self {
        case let .cacheFull(capacity, needed):
            return "the KV cache holds \(capacity) positions, \(needed) are needed (the model's context length)"
        case let .badShape(what): return what
        }
    }
}

public final class KVCache {
    public let layers: Int
    public let kvHeads: Int
    public let headDimension: Int
    public let capacity: Int
    /// Positions stored in each layer.
    public private(set) var lengths: [Int]
    var keys: [[Float]]
    var values: [[Float]]

    public init(layers: Int, kvHeads: Int, headDimension: Int, capacity: Int) {
        self.layers = layers
        self.kvHeads = kvHeads
        self.headDimension = headDimension
        self.capacity = capacity
        lengths = [Int](repeating: 0, count: layers)
        let size = kvHeads * capacity * headDimension
        keys = [[Float]](repeating: [Float](repeating: 0, count: size), count: layers)
        values = keys
    }

    /// Positions cached so far (in layer 0, which is filled first).
    public var length: Int { lengths[0] }

    /// Bytes of keys and values for `positions` positions: 2 · layers · kvHeads · positions · headDim · 4.
    public static func bytes(layers: Int, kvHeads: Int, headDimension: Int, positions: Int) -> Int {
        2 * layers * kvHeads * positions * headDimension * MemoryLayout<Float>.size
    }

    public var bytesUsed: Int { Self.bytes(layers: layers, kvHeads: kvHeads, headDimension: headDimension, positions: length) }

    public func reset() { lengths = [Int](repeating: 0, count: layers) }

    /// Appends keys and values [T, kvHeads · headDim] to `layer` (e.g. to fill a cache directly).
    public func append(layer: Int, keys k: Tensor, values v: Tensor) throws {
        guard k.rank == 2, k.shape[1] == kvHeads * headDimension, v.shape == k.shape else {
            throw AttentionError.badShape("cache append: keys \(k.shape), values \(v.shape), expected [T, \(kvHeads * headDimension)]")
        }
        try k.storage.withUnsafeBufferPointer { kp in
            try v.storage.withUnsafeBufferPointer { vp in try append(layer: layer, k: kp.baseAddress!, v: vp.baseAddress!, rows: k.rowCount) }
        }
    }

    /// Appends rows k, v: [T, kvHeads · headDim] to `layer`.
    func append(layer: Int, k: UnsafePointer<Float>, v: UnsafePointer<Float>, rows: Int) throws {
        let start = lengths[layer]
        guard start + rows <= capacity else { throw AttentionError.cacheFull(capacity: capacity, needed: start + rows) }
        let d = headDimension, width = kvHeads * headDimension
        keys[layer].withUnsafeMutableBufferPointer { kc in
            values[layer].withUnsafeMutableBufferPointer { vc in
                for t in 0..<rows {
                    for h in 0..<kvHeads {
                        let dst = (h * capacity + start + t) * d
                        let src = t * width + h * d
                        for i in 0..<d {
                            kc[dst + i] = k[src + i]
                            vc[dst + i] = v[src + i]
                        }
                    }
                }
            }
        }
        lengths[layer] = start + rows
    }
}

public enum CausalAttention {
    /// Appends the new keys/values to the cache's `layer`, then attends.
    ///   q: [T, H · d] for positions past…past+T−1 (past = the layer's cached length before the call)
    ///   k, v: [T, H_kv · d]
    ///   returns [T, H · d]: softmax(q·kᵀ/√d + causal mask)·v per head
    public static func attend(q: Tensor, k: Tensor, v: Tensor, heads: Int, cache: KVCache, layer: Int) throws -> Tensor {
        // exercise kv-cache-attention: Append the new keys and values to the cache, then attend causally over everything cached, with H query heads sharing H_kv kv heads.
        // hint: The new rows sit at positions past…past+T−1 (past = the layer's length before the append); row ti may see cached positions 0…past+ti and nothing after.
        // hint: Query head h reads kv head h / (H / H_kv). Gathering a group's query rows into one [T·G, d] block makes its scores one sgemm against that head's [S, d] cache block.
        // hint: Softmax each score row over its visible prefix only (subtract the row max first) and zero the rest; P·V is a second sgemm, scattered back to [T, H·d].
        // tests: AttentionTests/testGroupedQueryAttentionEqualsNaiveMultiHead, AttentionTests/testCachedAttentionInTwoCallsEqualsNaive
        let d = cache.headDimension, kvHeads = cache.kvHeads
        let t = q.rowCount
        guard heads % kvHeads == 0, q.rank == 2, q.shape[1] == heads * d,
              k.shape == [t, kvHeads * d], v.shape == [t, kvHeads * d] else {
            throw AttentionError.badShape("attention: q \(q.shape), k \(k.shape), v \(v.shape) do not fit \(heads) heads, \(kvHeads) kv heads of size \(d)")
        }
        let past = cache.lengths[layer]
        try k.storage.withUnsafeBufferPointer { kp in
            try v.storage.withUnsafeBufferPointer { vp in
                try cache.append(layer: layer, k: kp.baseAddress!, v: vp.baseAddress!, rows: t)
            }
        }
        let s = past + t
        let group = heads / kvHeads
        let scale = 1 / Float(d).squareRoot()
        var out = [Float](repeating: 0, count: t * heads * d)
        var queries = [Float](repeating: 0, count: t * group * d)  // rows (t, j) of one group
        var scores = [Float](repeating: 0, count: t * group * s)
        var context = [Float](repeating: 0, count: t * group * d)
        q.storage.withUnsafeBufferPointer { qp in
            cache.keys[layer].withUnsafeBufferPointer { kc in
                cache.values[layer].withUnsafeBufferPointer { vc in
                    for g in 0..<kvHeads {
                        // gather the group's query rows: row r = ti · G + j is head g·G + j at time ti
                        for ti in 0..<t {
                            for j in 0..<group {
                                let src = ti * heads * d + (g * group + j) * d
                                let dst = (ti * group + j) * d
                                for i in 0..<d { queries[dst + i] = qp[src + i] }
                            }
                        }
                        let kBase = kc.baseAddress! + g * cache.capacity * d
                        let vBase = vc.baseAddress! + g * cache.capacity * d
                        // scores = Q · Kᵀ / √d: [T·G, S]
                        queries.withUnsafeBufferPointer { qb in
                            scores.withUnsafeMutableBufferPointer { sb in
                                BLAS.sgemm(transposeA: false, transposeB: true, m: t * group, n: s, k: d, alpha: scale,
                                           a: qb.baseAddress!, b: kBase, c: sb.baseAddress!)
                                // causal softmax: row of time ti sees positions 0…past+ti
                                for r in 0..<(t * group) {
                                    let visible = past + r / group + 1
                                    let row = sb.baseAddress! + r * s
                                    var maxScore = -Float.infinity
                                    for c in 0..<visible { maxScore = max(maxScore, row[c]) }
                                    var sum: Float = 0
                                    for c in 0..<visible { let e = expf(row[c] - maxScore); row[c] = e; sum += e }
                                    let inverse = 1 / sum
                                    for c in 0..<visible { row[c] *= inverse }
                                    for c in visible..<s { row[c] = 0 }
                                }
                            }
                        }
                        // context = P · V: [T·G, d]
                        scores.withUnsafeBufferPointer { sb in
                            context.withUnsafeMutableBufferPointer { cb in
                                BLAS.sgemm(transposeA: false, transposeB: false, m: t * group, n: d, k: s,
                                           a: sb.baseAddress!, b: vBase, c: cb.baseAddress!)
                            }
                        }
                        for ti in 0..<t {
                            for j in 0..<group {
                                let dst = ti * heads * d + (g * group + j) * d
                                let src = (ti * group + j) * d
                                for i in 0..<d { out[dst + i] = context[src + i] }
                            }
                        }
                    }
                }
            }
        }
        return try Tensor(shape: [t, heads * d], storage: out)
        // end exercise kv-cache-attention
    }
}

/// The state week 7's blocks carry while decoding: this cache, attended with `CausalAttention`.
extension KVCache: KeyValueState {
    public func cachedLength(layer: Int) -> Int { lengths[layer] }

    public func attend(query: Tensor, key: Tensor, value: Tensor, heads: Int, layer: Int) throws -> Tensor {
        try CausalAttention.attend(q: query, k: key, v: value, heads: heads, cache: self, layer: layer)
    }
}
