// GPT-2 (Radford et al. 2019), loaded from a Hugging Face-style folder (config.json +
// model.safetensors) and run forward with a KV cache. Any GPT-2 checkpoint works: gpt2, gpt2-medium,
// distilgpt2, or a small one you trained, as long as it was saved with safetensors.
//
//   h₀ = wte[ids] + wpe[positions]                          learned positions
//   per block (pre-norm):
//     h += c_proj( attention( c_attn( ln_1(h) ) ) )          c_attn makes q, k, v: [T, 3C]
//     h += mlp.c_proj( gelu_new( mlp.c_fc( ln_2(h) ) ) )      inner width n_inner (default 4C)
//   logits = ln_f(h) · lm_headᵀ,  lm_head = wte unless the checkpoint has lm_head.weight (tied)
//
// Checkpoint layout: tensor names with or without the "transformer." prefix (GPT2LMHeadModel vs
// GPT2Model); Conv1D weights are stored [in, out] (x·W, not x·Wᵀ); lm_head.weight is [vocab, C].
// The attention is this week's `CausalAttention` over a `KVCache`, so prefill and decoding share
// one code path: `logits(for:cache:)` appends to the cache and returns logits for the new tokens.
// This is a forward-only implementation on Tensors (see README for why it is not week 7's
// autograd TransformerBlock). Not here: sharded checkpoints, pytorch_model.bin, cross-attention.

import Foundation
import Shared

public enum GPT2Error: Error, CustomStringConvertible, Equatable {
    case missingFolder(String)
    case missingFile(String)
    case badConfig(path: String, reason: String)
    case missingTensor(path: String, name: String)
    case badTensorShape(path: String, name: String, shape: [Int], expected: [Int])
    case tokenOutOfRange(id: Int, vocabulary: Int)
    case tooLong(tokens: Int, positions: Int)
    case emptyInput

    public var description: String {
        switch self {
        case let .missingFolder(path): return "\(path): no such model folder (it should hold config.json and model.safetensors)"
        case let .missingFile(path): return "\(path): file not found (a GPT-2 folder needs config.json and model.safetensors)"
        case let .badConfig(path, reason): return "\(path): malformed GPT-2 config: \(reason)"
        case let .missingTensor(path, name): return "\(path): no tensor '\(name)' (with or without the 'transformer.' prefix)"
        case let .badTensorShape(path, name, shape, expected):
            return "\(path): tensor '\(name)' has shape \(shape), the config needs \(expected)"
        case let .tokenOutOfRange(id, vocabulary): return "token id \(id) is outside the vocabulary 0..<\(vocabulary)"
        case let .tooLong(tokens, positions): return "\(tokens) tokens exceed the model's \(positions) positions (n_positions)"
        case .emptyInput: return "no token ids given"
        }
    }
}

public struct GPT2Config: Sendable, Equatable {
    public var vocabularySize: Int
    public var positions: Int
    public var embedding: Int
    public var layers: Int
    public var heads: Int
    public var inner: Int
    public var layerNormEpsilon: Float
    public var activation: FeedForwardActivation
    public var tiedHead: Bool

    public var headDimension: Int { embedding / heads }

    public init(vocabularySize: Int, positions: Int, embedding: Int, layers: Int, heads: Int, inner: Int? = nil,
                layerNormEpsilon: Float = 1e-5, activation: FeedForwardActivation = .geluTanh, tiedHead: Bool = true) {
        self.vocabularySize = vocabularySize
        self.positions = positions
        self.embedding = embedding
        self.layers = layers
        self.heads = heads
        self.inner = inner ?? 4 * embedding
        self.layerNormEpsilon = layerNormEpsilon
        self.activation = activation
        self.tiedHead = tiedHead
    }

    /// Reads a Hugging Face GPT2Config (config.json).
    public static func load(_ url: URL) throws -> GPT2Config {
        guard FileManager.default.fileExists(atPath: url.path) else { throw GPT2Error.missingFile(url.path) }
        let json = try JSONText.parse(Data(try FileIO.readBytes(url)), path: url.path)
        guard let object = json as? [String: Any] else { throw GPT2Error.badConfig(path: url.path, reason: "not a JSON object") }
        func int(_ keys: [String], default fallback: Int? = nil) throws -> Int {
            for key in keys {
                // Exact: 1e300 or 2.5 do not convert (NSNumber.intValue would trap or truncate).
                if let n = JSONText.exactInt(object[key]), n > 0, n <= 1 << 24 {
                    return n
                }
                if let value = object[key], !(value is NSNull) {
                    throw GPT2Error.badConfig(path: url.path, reason: "\(key) must be a positive whole number (at most 16777216), got \(value)")
                }
            }
            if let fallback { return fallback }
            throw GPT2Error.badConfig(path: url.path, reason: "missing \(keys.joined(separator: " or "))")
        }
        let embedding = try int(["n_embd"]), heads = try int(["n_head"])
        guard embedding % heads == 0 else {
            throw GPT2Error.badConfig(path: url.path, reason: "n_embd \(embedding) is not divisible by n_head \(heads)")
        }
        var activation = FeedForwardActivation.geluTanh
        if let name = object["activation_function"] as? String {
            guard let a = FeedForwardActivation(huggingFace: name) else {
                throw GPT2Error.badConfig(path: url.path, reason: "unsupported activation_function '\(name)' (gelu_new, gelu, relu)")
            }
            activation = a
        }
        var eps: Float = 1e-5
        if let e = object["layer_norm_epsilon"] as? NSNumber {
            eps = e.floatValue
            guard eps > 0, eps < 1 else {
                throw GPT2Error.badConfig(path: url.path, reason: "layer_norm_epsilon must be in (0, 1), got \(e)")
            }
        }
        return GPT2Config(vocabularySize: try int(["vocab_size"]), positions: try int(["n_positions", "n_ctx"]),
                          embedding: embedding, layers: try int(["n_layer"]), heads: heads,
                          inner: try int(["n_inner"], default: 4 * embedding), layerNormEpsilon: eps,
                          activation: activation, tiedHead: (object["tie_word_embeddings"] as? Bool) ?? true)
    }
}

/// One transformer block's weights (Conv1D layout [in, out]).
public struct GPT2Block: Sendable {
    public var ln1Weight, ln1Bias, attentionWeight, attentionBias, attentionProjection, attentionProjectionBias: Tensor
    public var ln2Weight, ln2Bias, fcWeight, fcBias, projectionWeight, projectionBias: Tensor
}

public final class GPT2Model {
    public let config: GPT2Config
    public let tokenEmbedding: Tensor      // wte [V, C]
    public let positionEmbedding: Tensor   // wpe [P, C]
    public let blocks: [GPT2Block]
    public let finalNormWeight: Tensor, finalNormBias: Tensor
    /// lm_head [V, C]; nil when tied to wte.
    public let head: Tensor?

    public init(config: GPT2Config, tokenEmbedding: Tensor, positionEmbedding: Tensor, blocks: [GPT2Block],
                finalNormWeight: Tensor, finalNormBias: Tensor, head: Tensor?) {
        self.config = config
        self.tokenEmbedding = tokenEmbedding
        self.positionEmbedding = positionEmbedding
        self.blocks = blocks
        self.finalNormWeight = finalNormWeight
        self.finalNormBias = finalNormBias
        self.head = head
    }

    /// Loads config.json + model.safetensors from `folder`, checking every tensor's shape.
    public static func load(folder: URL) throws -> GPT2Model {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GPT2Error.missingFolder(folder.path)
        }
        let config = try GPT2Config.load(folder.appendingPathComponent("config.json"))
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsURL.path) else { throw GPT2Error.missingFile(weightsURL.path) }
        let file = try Safetensors.read(weightsURL)
        let prefix = file.entries["transformer.wte.weight"] != nil ? "transformer." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard file.entries[prefix + name] != nil else { throw GPT2Error.missingTensor(path: weightsURL.path, name: name) }
            let t = try file.tensor(prefix + name)
            guard t.shape == shape else {
                throw GPT2Error.badTensorShape(path: weightsURL.path, name: prefix + name, shape: t.shape, expected: shape)
            }
            return t
        }
        let c = config.embedding, v = config.vocabularySize, inner = config.inner
        var blocks: [GPT2Block] = []
        for i in 0..<config.layers {
            let p = "h.\(i)."
            blocks.append(GPT2Block(
                ln1Weight: try tensor(p + "ln_1.weight", [c]), ln1Bias: try tensor(p + "ln_1.bias", [c]),
                attentionWeight: try tensor(p + "attn.c_attn.weight", [c, 3 * c]), attentionBias: try tensor(p + "attn.c_attn.bias", [3 * c]),
                attentionProjection: try tensor(p + "attn.c_proj.weight", [c, c]), attentionProjectionBias: try tensor(p + "attn.c_proj.bias", [c]),
                ln2Weight: try tensor(p + "ln_2.weight", [c]), ln2Bias: try tensor(p + "ln_2.bias", [c]),
                fcWeight: try tensor(p + "mlp.c_fc.weight", [c, inner]), fcBias: try tensor(p + "mlp.c_fc.bias", [inner]),
                projectionWeight: try tensor(p + "mlp.c_proj.weight", [inner, c]), projectionBias: try tensor(p + "mlp.c_proj.bias", [c])))
        }
        var head: Tensor?
        if file.entries["lm_head.weight"] != nil {
            head = try file.tensor("lm_head.weight")
            guard head!.shape == [v, c] else {
                throw GPT2Error.badTensorShape(path: weightsURL.path, name: "lm_head.weight", shape: head!.shape, expected: [v, c])
            }
        } else if !config.tiedHead {
            throw GPT2Error.missingTensor(path: weightsURL.path, name: "lm_head.weight (tie_word_embeddings is false)")
        }
        return GPT2Model(config: config, tokenEmbedding: try tensor("wte.weight", [v, c]),
                         positionEmbedding: try tensor("wpe.weight", [config.positions, c]), blocks: blocks,
                         finalNormWeight: try tensor("ln_f.weight", [c]), finalNormBias: try tensor("ln_f.bias", [c]), head: head)
    }

    public var parameterCount: Int {
        let perBlock = blocks.first.map { b in
            [b.ln1Weight, b.ln1Bias, b.attentionWeight, b.attentionBias, b.attentionProjection, b.attentionProjectionBias,
             b.ln2Weight, b.ln2Bias, b.fcWeight, b.fcBias, b.projectionWeight, b.projectionBias].reduce(0) { $0 + $1.count }
        } ?? 0
        return tokenEmbedding.count + positionEmbedding.count + blocks.count * perBlock + 2 * config.embedding + (head?.count ?? 0)
    }

    /// An empty cache for up to `capacity` positions (default: the model's context length).
    public func makeCache(capacity: Int? = nil) -> KVCache {
        KVCache(layers: config.layers, kvHeads: config.heads, headDimension: config.headDimension,
                capacity: capacity ?? config.positions)
    }

    /// Logits [T, V] (or [1, V] for the last position only) for `ids`, which continue what `cache`
    /// holds; the ids' keys and values are appended to the cache.
    public func logits(for ids: [Int], cache: KVCache, lastOnly: Bool = false) throws -> Tensor {
        guard !ids.isEmpty else { throw GPT2Error.emptyInput }
        let c = config.embedding, past = cache.length
        guard past + ids.count <= config.positions else { throw GPT2Error.tooLong(tokens: past + ids.count, positions: config.positions) }
        for id in ids where id < 0 || id >= config.vocabularySize {
            throw GPT2Error.tokenOutOfRange(id: id, vocabulary: config.vocabularySize)
        }
        // h = wte[ids] + wpe[past…]
        var h = try tokenEmbedding.gatherRows(ids)
        h.storage.withUnsafeMutableBufferPointer { hp in
            positionEmbedding.storage.withUnsafeBufferPointer { pp in
                for t in 0..<ids.count { for i in 0..<c { hp[t * c + i] += pp[(past + t) * c + i] } }
            }
        }
        let eps = config.layerNormEpsilon
        for (layer, b) in blocks.enumerated() {
            let a = Dense.layerNorm(h, gamma: b.ln1Weight, beta: b.ln1Bias, eps: eps)
            let qkv = try Dense.affine(a, b.attentionWeight, b.attentionBias)   // [T, 3C]: q | k | v
            let (q, k, v) = try split3(qkv)
            let attended = try CausalAttention.attend(q: q, k: k, v: v, heads: config.heads, cache: cache, layer: layer)
            Dense.addInPlace(&h, try Dense.affine(attended, b.attentionProjection, b.attentionProjectionBias))
            let m = Dense.layerNorm(h, gamma: b.ln2Weight, beta: b.ln2Bias, eps: eps)
            var hidden = try Dense.affine(m, b.fcWeight, b.fcBias)
            config.activation.apply(&hidden)
            Dense.addInPlace(&h, try Dense.affine(hidden, b.projectionWeight, b.projectionBias))
        }
        if lastOnly { h = try h.rows((ids.count - 1)..<ids.count) }
        let normed = Dense.layerNorm(h, gamma: finalNormWeight, beta: finalNormBias, eps: eps)
        return try Dense.affine(normed, head ?? tokenEmbedding, nil, transposeWeight: true)
    }

    /// Logits [T, V] of a whole sequence from scratch.
    public func logits(for ids: [Int]) throws -> Tensor {
        try logits(for: ids, cache: makeCache(capacity: max(1, ids.count)))
    }

    private func split3(_ qkv: Tensor) throws -> (Tensor, Tensor, Tensor) {
        let t = qkv.rowCount, c = config.embedding
        var parts = [[Float]](repeating: [Float](repeating: 0, count: t * c), count: 3)
        qkv.storage.withUnsafeBufferPointer { p in
            for part in 0..<3 {
                parts[part].withUnsafeMutableBufferPointer { dst in
                    for r in 0..<t { for i in 0..<c { dst[r * c + i] = p[r * 3 * c + part * c + i] } }
                }
            }
        }
        return (try Tensor(shape: [t, c], storage: parts[0]), try Tensor(shape: [t, c], storage: parts[1]),
                try Tensor(shape: [t, c], storage: parts[2]))
    }
}
