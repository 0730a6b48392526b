// The shape of a tiny GPT, in nanoGPT's words (n_layer, n_head, n_embd, block_size), and what it
// becomes: week 8's GPT2Config, i.e. week 7's TransformerConfig.gpt2 (pre-norm, causal, learned
// positions, tanh GELU, ln_f) with the head tied to the token embeddings.
//
// Parameters, counted from the shapes (the gate checks the formula against the module tree):
//   embeddings    V·C (wte, also the head: tied) + T·C (wpe)
//   per block     qkv 3C² + 3C, attention proj C² + C, MLP C·4C + 4C and 4C·C + C, two LayerNorms 4C
//                 = 12C² + 13C
//   ln_f          2C
// Kaplan et al. count N without the embeddings (`nonEmbeddingParameters`): the scaling fit uses it.
//
// What this file does not do: no untied head, no bias-free variant, no rotary positions (week 8).

import Foundation
import Week07Transformer
import Week08LLMEngineering

public struct TinyGPTConfig: Equatable, Sendable {
    public var vocabularySize: Int
    /// Context length T (nanoGPT's block_size): the positions the model has.
    public var context: Int
    /// Residual width C (n_embd).
    public var width: Int
    public var layers: Int
    public var heads: Int
    /// Dropout on the embeddings and on every sublayer's output (training only).
    public var dropout: Float

    public init(vocabularySize: Int, context: Int, width: Int, layers: Int, heads: Int, dropout: Float = 0) {
        (self.vocabularySize, self.context, self.width) = (vocabularySize, context, width)
        (self.layers, self.heads, self.dropout) = (layers, heads, dropout)
    }

    /// nanoGPT's "CPU" configuration of its Shakespeare example (config/train_shakespeare_char.py
    /// with --device=cpu): 4 layers, 4 heads, 128 wide, context 64 (batch 12).
    public static func nanoGPTCPU(vocabularySize: Int, dropout: Float = 0) -> TinyGPTConfig {
        TinyGPTConfig(vocabularySize: vocabularySize, context: 64, width: 128, layers: 4, heads: 4, dropout: dropout)
    }

    /// Week 8's GPT-2 config for this shape (inner width 4C, ε 1e-5, tied head).
    public var gpt2: GPT2Config {
        GPT2Config(transformer: .gpt2(vocabularySize: vocabularySize, maxPositions: context, hiddenSize: width,
                                      layers: layers, heads: heads, dropout: dropout),
                   tiedHead: true)
    }

    /// Parameters of one block: 12C² + 13C.
    public var parametersPerBlock: Int { 12 * width * width + 13 * width }

    /// Kaplan's N: the blocks and ln_f, no embeddings.
    public var nonEmbeddingParameters: Int { layers * parametersPerBlock + 2 * width }

    /// Every trained number, embeddings included (the tied head counted once).
    public var parameterCount: Int { nonEmbeddingParameters + (vocabularySize + context) * width }

    /// A one-line description: "4 layers × 4 heads × 128 wide, context 64, vocab 2048: 1.06 M parameters".
    public var summary: String {
        String(format: "%d layers × %d heads × %d wide, context %d, vocab %d: %.2f M parameters (%.2f M without embeddings)",
               layers, heads, width, context, vocabularySize, Double(parameterCount) / 1e6, Double(nonEmbeddingParameters) / 1e6)
    }
}
