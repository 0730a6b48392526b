// The transformer's parameterised pieces, named as Hugging Face's BERT names them so weights load
// by name: LayerNorm (weight γ, bias β), Embedding (weight), and MultiHeadAttention
// (query/key/value/output Linear layers, W stored [out, in] as torch's nn.Linear).
//
// LayerNorm here is Week 4's fused op (one pass per row computes x̂ and applies γ and β; the
// inference path runs it 13 times per MiniLM forward):
//   x̂ = (x − μ)/√(σ² + ε),  y = γ ⊙ x̂ + β;   ∂x = (1/σ)(ĝ − mean ĝ − x̂·mean(ĝ ⊙ x̂)), ĝ = g ⊙ γ
// Initialisation follows BERT: weights ~ N(0, 0.02²) (Week 4's Linear.normal and
// Initialization.normal), biases 0, γ = 1, β = 0.

import Foundation
import Shared
import Week04MNIST

public final class LayerNorm: Module {
    public let weight: Variable
    public let bias: Variable
    public let epsilon: Float

    public init(_ size: Int, epsilon: Float) {
        weight = Variable(Tensor.ones([size]), requiresGrad: true)
        bias = Variable(Tensor.zeros([size]), requiresGrad: true)
        self.epsilon = epsilon
    }

    public var members: [ModuleMember] { [.parameter("weight", weight), .parameter("bias", bias)] }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        let d = weight.shape[0]
        guard x.shape.last == d else { throw TensorError.shapeMismatch(op: "LayerNorm", x.shape, weight.shape) }
        return try x.layerNorm(gamma: weight, beta: bias, epsilon: epsilon)
    }
}

/// A lookup table [count, size]: row i is the vector of token (or position, or segment) i.
public final class Embedding: Module {
    public let weight: Variable

    public init(_ count: Int, _ size: Int, std: Float = 0.02, rng: inout SplitMix64) {
        weight = Variable(Initialization.normal([count, size], std: std, using: &rng), requiresGrad: true)
    }

    public var members: [ModuleMember] { [.parameter("weight", weight)] }

    /// Rows at `ids` → [ids.count, size]; an id outside the table is an error naming it.
    public func callAsFunction(_ ids: [Int]) throws -> Variable {
        let count = weight.shape[0]
        if let bad = ids.first(where: { $0 < 0 || $0 >= count }) {
            throw TransformerError.invalidInput("id \(bad) is outside the embedding table of \(count) rows")
        }
        return try weight.gatherRows(ids)
    }
}

/// Multi-head attention: project to queries, keys and values, attend in `heads` subspaces of
/// width d = H/heads in parallel, concatenate, project back.
///   x [B, T, H] → Q, K, V = x·Wqᵀ + bq, …  → split [B, heads, T, d] → attention → merge → ·Woᵀ + bo
public final class MultiHeadAttention: Module {
    public let query: Linear
    public let key: Linear
    public let value: Linear
    public let output: Linear
    public let heads: Int
    /// When true, each call keeps its attention weights [B, heads, Tq, Tk] in `lastWeights`.
    public var recordsWeights = false
    public private(set) var lastWeights: Tensor?

    public init(hiddenSize: Int, heads: Int, rng: inout SplitMix64) {
        precondition(heads > 0 && hiddenSize % heads == 0, "hidden size must be divisible by heads")
        query = Linear.normal(hiddenSize, hiddenSize, rng: &rng)
        key = Linear.normal(hiddenSize, hiddenSize, rng: &rng)
        value = Linear.normal(hiddenSize, hiddenSize, rng: &rng)
        output = Linear.normal(hiddenSize, hiddenSize, rng: &rng)
        self.heads = heads
    }

    public var members: [ModuleMember] {
        [.child("query", query), .child("key", key), .child("value", value), .child("output", output)]
    }

    /// Self-attention: queries, keys and values all from x [B, T, H].
    public func callAsFunction(_ x: Variable, mask: AttentionMask? = nil) throws -> Variable {
        try callAsFunction(x, memory: x, mask: mask)
    }

    /// Cross-attention: queries from x [B, Tq, H], keys and values from memory [B, Tk, H].
    /// When memory is x (self-attention) the three projections are one fused op writing [B, T, 3H]
    /// and attention reads its heads in place (no split/merge copies); the numbers are the same.
    public func callAsFunction(_ x: Variable, memory: Variable, mask: AttentionMask?) throws -> Variable {
        if memory === x, x.shape.count == 3 {
            let qkv = try Attention.projectQKV(x, [query, key, value])
            let (o, weights) = try Attention.selfAttention(packed: qkv, heads: heads, mask: mask)
            lastWeights = recordsWeights ? weights : nil
            return try output(o)
        }
        let q = try Attention.splitHeads(try query(x), heads: heads)
        let k = try Attention.splitHeads(try key(memory), heads: heads)
        let v = try Attention.splitHeads(try value(memory), heads: heads)
        let (o, weights) = try Attention.scaledDotProductWithWeights(query: q, key: k, value: v, mask: mask)
        lastWeights = recordsWeights ? weights : nil
        return try output(try Attention.mergeHeads(o))
    }
}
