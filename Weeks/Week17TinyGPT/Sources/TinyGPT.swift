// The tiny GPT: week 8's GPT2Model (week 7's blocks in GPT-2's configuration) built from a
// TinyGPTConfig, with what a language-model run needs around it — the training loss of a batch
// of windows, the held-out score, and generation.
//
//   loss(batch)     inputs [B][T] → logits [B·T, V] (causal mask, dropout in training mode)
//                   → mean −log softmax(logits)[target] over the B·T positions (nats/token)
//   evaluate        the same loss, no tape, in evaluation mode, summed over the windows
//                   → HeldOutScore (nats/token, and bits/byte through each target token's bytes)
//   generate        week 8's KV-cache decoding (prefill, then one token per forward), greedy or
//                   temperature; past the T positions the model has, the cache is rebuilt from the
//                   last T/2 tokens (prefill again) and decoding goes on. `useCache: false` runs
//                   the same windows by full recompute every step: the gate checks both give the
//                   same tokens.
//
// What this file does not do: no top-k/top-p (week 20), no batched generation, no loss masking.

import Foundation
import Shared
import Week04MNIST
import Week07Transformer
import Week08LLMEngineering

public final class TinyGPT: Module {
    public let config: TinyGPTConfig
    /// Week 8's GPT-2: its module tree gives the checkpoint names, its layout the Hugging Face ones.
    public let gpt: GPT2Model

    /// A fresh model with week 7's initialisation (N(0, 0.02), zero biases), seeded.
    public init(config: TinyGPTConfig, seed: UInt64) throws {
        self.config = config
        gpt = try GPT2Model(config: config.gpt2, seed: seed)
    }

    /// Wraps a loaded GPT-2 (e.g. `GPT2Model.load(folder:)` of an exported model).
    public init(gpt: GPT2Model) throws {
        let c = gpt.config.transformer
        guard gpt.head == nil else { throw TransformerError.invalidConfig("a tiny GPT ties its head to wte; this model has its own lm_head") }
        config = TinyGPTConfig(vocabularySize: c.vocabularySize, context: c.maxPositions, width: c.hiddenSize,
                               layers: c.layers, heads: c.heads, dropout: c.dropout)
        self.gpt = gpt
    }

    public var members: [ModuleMember] { gpt.members }

    /// Mean next-token cross-entropy of the batch (nats/token), on the tape.
    public func loss(_ batch: WindowBatch) throws -> Variable {
        try gpt.logits(inputIDs: batch.inputs).crossEntropy(labels: batch.targets.flatMap { $0 })
    }

    /// The held-out score over `batches` (no tape, dropout off); `bytes(id)` is how many bytes a
    /// token stands for (the tokenizer's), so the score also comes out per byte.
    public func evaluate(_ batches: [WindowBatch], bytes: (Int) -> Int) throws -> HeldOutScore {
        // exercise held-out-score: Score held-out windows: total nats over every target token, the number of tokens, and the bytes they stand for.
        // hint: `loss` gives the mean over a batch's B·T targets; the total is that mean times B·T. Run it without the tape and with dropout off.
        // hint: The bytes are those of the target tokens (the ones predicted), not of the inputs.
        // tests: EvaluationTests/testHeldOutScoreSumsTheNatsOfEveryTargetToken
        var score = HeldOutScore(nats: 0, tokens: 0, bytes: 0)
        try Autograd.noGrad {
            try TrainingMode.evaluating {
                for batch in batches {
                    let targets = batch.targets.flatMap { $0 }
                    let mean = try loss(batch).scalar
                    score.nats += Double(mean) * Double(targets.count)
                    score.tokens += targets.count
                    score.bytes += targets.reduce(0) { $0 + bytes($1) }
                }
            }
        }
        return score
        // end exercise held-out-score
    }

    /// Next-token logits [1, V] after `ids` by full recompute (no cache), evaluation mode.
    public func lastLogits(_ ids: [Int]) throws -> [Float] {
        try TrainingMode.evaluating { try gpt.logits(for: ids, cache: gpt.makeCache(capacity: ids.count), lastOnly: true).storage }
    }

    /// `maxNewTokens` ids after `prompt`: temperature 0 is greedy (argmax), otherwise a seeded draw
    /// from softmax(logits / temperature). With the cache each step is one token's forward; the
    /// window slides by re-prefilling the last T/2 tokens when the T positions are full.
    public func generate(prompt: [Int], maxNewTokens: Int, temperature: Double = 0, seed: UInt64 = 0,
                         useCache: Bool = true) throws -> [Int] {
        guard !prompt.isEmpty else { throw GPT2Error.emptyInput }
        guard maxNewTokens >= 0, temperature >= 0, temperature.isFinite else {
            throw TransformerError.invalidInput("max new tokens and temperature must be finite and not negative")
        }
        let t = config.context
        var rng = SplitMix64(seed: seed)
        var window = Array(prompt.suffix(t))   // what the model conditions on
        var generated: [Int] = []
        var cache = gpt.makeCache()
        func logits(new ids: [Int]) throws -> [Float] {
            guard useCache else { return try lastLogits(window) }
            return try TrainingMode.evaluating { try gpt.logits(for: ids, cache: cache, lastOnly: true).storage }
        }
        var next = try logits(new: window)
        while generated.count < maxNewTokens {
            let id = temperature == 0 ? Sampling.argmax(next) : Sampling.sample(next, temperature: temperature, rng: &rng)
            generated.append(id)
            if generated.count == maxNewTokens { break }
            if window.count == t {
                // the positions are full: keep the last T/2 tokens and prefill them into a new cache
                window = Array(window.suffix(max(1, t / 2) - 1)) + [id]
                cache = gpt.makeCache()
                next = try logits(new: window)
            } else {
                window.append(id)
                next = try logits(new: [id])
            }
        }
        return generated
    }
}

/// A held-out score: total nats over `tokens` predicted tokens that stand for `bytes` bytes.
public struct HeldOutScore: Sendable, Equatable {
    public var nats: Double
    public var tokens: Int
    public var bytes: Int

    public init(nats: Double, tokens: Int, bytes: Int) {
        (self.nats, self.tokens, self.bytes) = (nats, tokens, bytes)
    }

    public var natsPerToken: Double { nats / Double(max(1, tokens)) }
    public var perplexity: Double { Foundation.exp(natsPerToken) }
    public var bytesPerToken: Double { Double(bytes) / Double(max(1, tokens)) }

    /// Bits per byte: the same total loss, in bits, over the bytes the tokens stand for — a number
    /// that compares across tokenizers (a byte model's bits/char is it).
    public var bitsPerByte: Double {
        // exercise bits-per-byte: Convert the total loss in nats over the tokens into bits per byte of the text they stand for.
        // hint: A nat is 1/ln 2 bits.
        // hint: Divide the whole loss by the bytes, not the tokens: a tokenizer with longer tokens has fewer, harder predictions.
        // tests: EvaluationTests/testBitsPerByteOnAHandWorkedExample
        nats / Foundation.log(2.0) / Double(max(1, bytes))
        // end exercise bits-per-byte
    }
}
