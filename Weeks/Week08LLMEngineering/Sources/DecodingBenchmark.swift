// Measurements shared by the demo and `bench`: the MQA/GQA table (KV-cache bytes and decoding
// ms/token by number of KV heads) and KV-cache decoding vs recomputing the whole sequence.
//
// The GQA table decodes through a stack of attention layers whose caches are already filled to
// `context` positions with random keys and values (filling them by prefill would cost far more
// than the decoding being measured), one step of each configuration in turn, median per configuration. Per token and layer: the q/k/v/o projections, then one
// attention row over the cache: reading 2 · kvHeads · context · d floats. With many heads and a
// long context that read dominates, and it shrinks with the number of KV heads.

import Foundation
import Shared
import Week07Transformer

public struct KVHeadsRow: Sendable {
    public var kvHeads: Int
    public var cacheBytes: Int
    public var attentionParameters: Int
    public var millisecondsPerToken: Double
}

public enum DecodingBenchmark {
    public static func groupedQueryTable(embedding: Int = 512, heads: Int = 8, layers: Int = 8, context: Int = 2048,
                                         tokens: Int = 16, kvHeadOptions: [Int] = [8, 4, 2, 1], seed: UInt64 = 0) throws -> [KVHeadsRow] {
        let d = embedding / heads
        var rng = SplitMix64(seed: seed &+ 100)
        var stacks: [[GroupedQueryAttention]] = []
        var caches: [KVCache] = []
        for kvHeads in kvHeadOptions {
            stacks.append(try (0..<layers).map {
                try GroupedQueryAttention(embedding: embedding, heads: heads, kvHeads: kvHeads, useRoPE: true, seed: seed &+ UInt64($0))
            })
            let cache = KVCache(layers: layers, kvHeads: kvHeads, headDimension: d, capacity: context + tokens)
            for layer in 0..<layers {
                let keys = Tensor.randomUniform([context, kvHeads * d], low: -1, high: 1, using: &rng)
                let values = Tensor.randomUniform([context, kvHeads * d], low: -1, high: 1, using: &rng)
                try cache.append(layer: layer, keys: keys, values: values)
            }
            caches.append(cache)
        }
        // Decode one token in each configuration in turn, so load from other processes on a shared
        // machine hits all of them alike; report each configuration's median step.
        let start = Tensor.randomNormal([1, embedding], using: &rng)
        var states = [Tensor](repeating: start, count: kvHeadOptions.count)
        var steps = [[Double]](repeating: [], count: kvHeadOptions.count)
        for _ in 0..<tokens {
            for c in kvHeadOptions.indices {
                let begin = Timing.now()
                for (layer, attention) in stacks[c].enumerated() {
                    Dense.addInPlace(&states[c], try attention(states[c], cache: caches[c], layer: layer))
                }
                steps[c].append(Timing.now() - begin)
            }
        }
        return kvHeadOptions.indices.map { c in
            let sorted = steps[c].sorted()
            return KVHeadsRow(kvHeads: kvHeadOptions[c],
                              cacheBytes: KVCache.bytes(layers: layers, kvHeads: kvHeadOptions[c], headDimension: d, positions: context),
                              attentionParameters: layers * stacks[c][0].parameterCount,
                              millisecondsPerToken: 1000 * sorted[sorted.count / 2])
        }
    }

    /// A GPT-2 with random weights (week 7's initialisation: N(0, 0.02), LayerNorm γ = 1, β = 0): for timings only.
    public static func randomGPT2(_ config: GPT2Config, seed: UInt64 = 0) throws -> GPT2Model {
        try GPT2Model(config: config, seed: seed)
    }

    public struct CacheComparison: Sendable {
        public var cached: GenerationTiming
        public var recomputed: GenerationTiming
        public var sameTokens: Bool
        public var speedup: Double { recomputed.millisecondsPerToken / max(cached.millisecondsPerToken, 1e-9) }
    }

    /// Greedy generation of `newTokens` after `prompt`, with and without the KV cache.
    public static func cacheVersusRecompute(_ model: GPT2Model, prompt: [Int], newTokens: Int) throws -> CacheComparison {
        let cached = try model.generate(prompt: prompt, maxNewTokens: newTokens, useCache: true)
        let recomputed = try model.generate(prompt: prompt, maxNewTokens: newTokens, useCache: false)
        return CacheComparison(cached: cached.timing, recomputed: recomputed.timing, sameTokens: cached.ids == recomputed.ids)
    }
}
