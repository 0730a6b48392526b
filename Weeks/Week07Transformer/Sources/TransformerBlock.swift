// One transformer layer: self-attention and a position-wise feed-forward network (FFN), each
// wrapped in a residual connection and a LayerNorm. Where the LayerNorm sits is the one choice:
//
//   post-norm (BERT, the 2017 paper)     pre-norm (GPT-2 and most models since)
//     x = LN₁(x + Attn(x))                 x = x + Attn(LN₁(x))
//     x = LN₂(x + FFN(x))                  x = x + FFN(LN₂(x))
//
// Post-norm keeps every layer's output normalised but puts a LayerNorm on the gradient path of
// the residual stream, which makes deep stacks need a learning-rate warm-up; pre-norm leaves a
// clean identity path from the loss to the embeddings (and needs one final LayerNorm).
// FFN(x) = act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂ with W₁: [intermediate, H]. Dropout (training only) on each
// sublayer's output before the residual add, inside Week 4's TrainingMode.training scope only.
// `causal` adds the causal mask (a decoder block); a KV cache (KeyValueState) passed to the same
// forward makes it a decoding step.
//
// Parameter names are BERT's (so a Hugging Face checkpoint loads by name), in both placements;
// they are the names of the block's children (the attention's four projections are listed as
// children of the block under BERT's paths), so no name is built by string surgery:
//   attention.self.{query,key,value}.{weight,bias}   attention.output.dense.{weight,bias}
//   attention.output.LayerNorm.{weight,bias}          (LN₁)
//   intermediate.dense.{weight,bias}  output.dense.{weight,bias}  output.LayerNorm.{weight,bias} (LN₂)

import Foundation
import Shared
import Week04MNIST

public final class TransformerBlock: Module {
    public let attention: MultiHeadAttention
    public let attentionNorm: LayerNorm
    public let intermediate: Linear
    public let output: Linear
    public let outputNorm: LayerNorm
    public let activation: TransformerConfig.Activation
    public let normPlacement: TransformerConfig.NormPlacement
    public let causal: Bool
    public let dropout: Float
    var rng: SplitMix64

    public init(config: TransformerConfig, rng: inout SplitMix64) {
        let h = config.hiddenSize
        attention = MultiHeadAttention(hiddenSize: h, heads: config.heads, rng: &rng)
        attentionNorm = LayerNorm(h, epsilon: config.layerNormEpsilon)
        intermediate = Linear.normal(h, config.intermediateSize, rng: &rng)
        output = Linear.normal(config.intermediateSize, h, rng: &rng)
        outputNorm = LayerNorm(h, epsilon: config.layerNormEpsilon)
        activation = config.activation
        normPlacement = config.normPlacement
        causal = config.causal
        dropout = config.dropout
        self.rng = SplitMix64(seed: rng.next())
    }

    public var members: [ModuleMember] {
        [.child("attention.self.query", attention.query), .child("attention.self.key", attention.key),
         .child("attention.self.value", attention.value), .child("attention.output.dense", attention.output),
         .child("attention.output.LayerNorm", attentionNorm), .child("intermediate.dense", intermediate),
         .child("output.dense", output), .child("output.LayerNorm", outputNorm)]
    }

    /// x [B, T, H] → [B, T, H]. `mask` (e.g. padding) is combined with the causal mask when causal.
    /// With `state` (a KV cache, batch 1, no mask) attention also sees the positions the state holds
    /// for `layer` and adds these to it: the decoding step of the very same block.
    public func callAsFunction(_ x: Variable, mask: AttentionMask? = nil, state: (any KeyValueState)? = nil,
                               layer: Int = 0) throws -> Variable {
        let attend: (Variable) throws -> Variable
        if let state {
            guard mask == nil else { throw TransformerError.invalidInput("a block over a KV cache takes no extra mask") }
            attend = { try self.attention($0, state: state, layer: layer) }
        } else {
            var fullMask = mask
            if causal {
                let c = AttentionMask.causal(x.shape[1])
                fullMask = try mask.map { try $0.combined(with: c) } ?? c
            }
            attend = { try self.attention($0, mask: fullMask) }
        }
        switch normPlacement {
        case .post:
            let a = try drop(try attend(x))
            let h = try attentionNorm(try x + a)
            let f = try drop(try feedForward(h))
            return try outputNorm(try h + f)
        case .pre:
            let h = try x + (try drop(try attend(try attentionNorm(x))))
            return try h + (try drop(try feedForward(try outputNorm(h))))
        }
    }

    /// act(x·W₁ᵀ + b₁)·W₂ᵀ + b₂.
    public func feedForward(_ x: Variable) throws -> Variable {
        try output(try intermediate(x).activation(activation))
    }

    func drop(_ x: Variable) throws -> Variable {
        try x.dropout(dropout, training: TrainingMode.isTraining, rng: &rng)
    }
}

/// The fixed position table of "Attention Is All You Need" [positions, size]:
///   PE[p, 2i] = sin(p / 10000^(2i/size)),  PE[p, 2i+1] = cos(p / 10000^(2i/size)).
/// Each pair of columns is a rotation at its own frequency, so PE[p + k] is a linear function of
/// PE[p] for every offset k: relative positions are easy for attention to read.
public func sinusoidalPositions(_ positions: Int, _ size: Int) -> Tensor {
    // exercise sinusoidal-positions: Fill the [positions, size] table of fixed sine/cosine position encodings.
    // hint: Columns come in pairs: 2i and 2i + 1 share one frequency, sine in the even column and cosine in the odd one.
    // hint: The angle is p divided by 10000 raised to 2i/size; compute it in Double.
    // tests: AttentionTests/testSinusoidalTableAtHandCheckedEntries
    var t = Tensor.zeros([positions, size])
    for p in 0..<positions {
        for c in 0..<size {
            let i = c / 2
            let angle = Double(p) / Foundation.pow(10000, Double(2 * i) / Double(size))
            t.storage[p * size + c] = Float(c % 2 == 0 ? Foundation.sin(angle) : Foundation.cos(angle))
        }
    }
    return t
    // end exercise sinusoidal-positions
}
