// Autoregressive generation: feed the prompt once (prefill), then one token at a time, choosing
// each next token from the last position's logits.
//
//   greedy        temperature 0: argmax (the first maximum, as torch.argmax)
//   temperature   sample from softmax(logits / T) with a seeded SplitMix64: same seed, same text
//
// With the KV cache each step runs the model on one new token; without it (`useCache: false`)
// every step recomputes the whole sequence. Both give the same tokens (tested), the cache is
// just faster: `bench` measures by how much.

import Foundation
import Shared

public enum Sampling {
    /// Index of the first maximum.
    public static func argmax(_ logits: [Float]) -> Int {
        var best = 0
        for i in logits.indices where logits[i] > logits[best] { best = i }
        return best
    }

    /// A sample from softmax(logits / temperature) (computed in Double).
    public static func sample(_ logits: [Float], temperature: Double, rng: inout SplitMix64) -> Int {
        let scaled = logits.map { Double($0) / temperature }
        let top = scaled.max() ?? 0
        let weights = scaled.map { Foundation.exp($0 - top) }
        let total = weights.reduce(0, +)
        var u = rng.nextUnitDouble() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }
}

public struct GenerationTiming: Sendable {
    public var prefillSeconds: Double
    public var decodeSeconds: Double
    /// Forward passes after the prefill (the first new token comes from the prefill's logits).
    public var decodeSteps: Int
    public var millisecondsPerToken: Double { decodeSteps > 0 ? 1000 * decodeSeconds / Double(decodeSteps) : 0 }
}

extension GPT2Model {
    /// The ids generated after `prompt` (not including it).
    public func generate(prompt: [Int], maxNewTokens: Int, temperature: Double = 0, seed: UInt64 = 0,
                         useCache: Bool = true, onToken: ((Int) -> Void)? = nil) throws -> (ids: [Int], timing: GenerationTiming) {
        guard !prompt.isEmpty else { throw GPT2Error.emptyInput }
        guard maxNewTokens >= 0, temperature >= 0 else {
            throw AttentionError.badShape("max new tokens and temperature must not be negative")
        }
        guard prompt.count + maxNewTokens <= config.transformer.maxPositions else {
            throw GPT2Error.tooLong(tokens: prompt.count + maxNewTokens, positions: config.transformer.maxPositions)
        }
        var rng = SplitMix64(seed: seed)
        var sequence = prompt
        var generated: [Int] = []
        let cache = makeCache(capacity: prompt.count + maxNewTokens)
        func choose(_ logits: Tensor) -> Int {
            temperature == 0 ? Sampling.argmax(logits.storage) : Sampling.sample(logits.storage, temperature: temperature, rng: &rng)
        }
        let start = Timing.now()
        var logits = try self.logits(for: prompt, cache: cache, lastOnly: true)
        let prefill = Timing.now() - start
        for step in 0..<maxNewTokens {
            let next = choose(logits)
            generated.append(next)
            sequence.append(next)
            onToken?(next)
            if step == maxNewTokens - 1 { break }
            if useCache {
                logits = try self.logits(for: [next], cache: cache, lastOnly: true)
            } else {
                logits = try self.logits(for: sequence, cache: makeCache(capacity: sequence.count), lastOnly: true)
            }
        }
        let timing = GenerationTiming(prefillSeconds: prefill, decodeSeconds: Timing.now() - start - prefill, decodeSteps: max(0, generated.count - 1))
        return (generated, timing)
    }
}
