// GPT-2 (Radford et al. 2019) as week 7's transformer: the same TransformerEncoder, configured
// pre-norm + causal + learned positions + tanh GELU with no embedding LayerNorm
// (`TransformerConfig.gpt2`), and a language-model head. Loaded from a Hugging Face-style folder
// (config.json + model.safetensors): gpt2, gpt2-medium, distilgpt2, or one you trained, saved with
// safetensors.
//
//   h₀ = wte[ids] + wpe[positions]                          learned positions
//   per block (pre-norm):
//     h += c_proj( attention( c_attn( ln_1(h) ) ) )          c_attn makes q, k, v
//     h += mlp.c_proj( gelu_new( mlp.c_fc( ln_2(h) ) ) )      inner width n_inner (default 4C)
//   logits = ln_f(h) · lm_headᵀ,  lm_head = wte unless the checkpoint has lm_head.weight (tied)
//
// The file's names and shapes reach the module tree through week 7's `CheckpointLayout.gpt2`
// (Conv1D weights [in, out] transposed, c_attn split into query/key/value), the same table that
// writes the file back (`saveHuggingFace`). Names with or without the "transformer." prefix
// (GPT2LMHeadModel vs GPT2Model). Decoding passes a `KVCache` as the blocks' state: prefill and
// each new token run through the same forward, `logits(for:cache:)` appending to the cache. The
// training forward (`logits(inputIDs:)`, no cache, the causal mask) is the one week 17 trains.
// Not here: sharded checkpoints, pytorch_model.bin, cross-attention.

import Foundation
import Shared
import Week04MNIST
import Week07Transformer

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

/// What a GPT-2 config.json says: week 7's transformer shape and whether the head is tied.
public struct GPT2Config: Sendable, Equatable {
    public var transformer: TransformerConfig
    public var tiedHead: Bool

    public init(transformer: TransformerConfig, tiedHead: Bool = true) {
        self.transformer = transformer
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
        /// A number in (0, 1) (`positive`) or [0, 1); `fallback` when absent.
        func fraction(_ key: String, default fallback: Float, positive: Bool) throws -> Float {
            guard let n = object[key] as? NSNumber else { return fallback }
            let x = n.floatValue
            guard x.isFinite, x < 1, positive ? x > 0 : x >= 0 else {
                throw GPT2Error.badConfig(path: url.path, reason: "\(key) must be in \(positive ? "(0, 1)" : "[0, 1)"), got \(n)")
            }
            return x
        }
        let embedding = try int(["n_embd"]), heads = try int(["n_head"])
        guard embedding % heads == 0 else {
            throw GPT2Error.badConfig(path: url.path, reason: "n_embd \(embedding) is not divisible by n_head \(heads)")
        }
        var activation = TransformerConfig.Activation.geluTanh
        if let name = object["activation_function"] as? String {
            guard let a = TransformerConfig.Activation(huggingFace: name) else {
                throw GPT2Error.badConfig(path: url.path, reason: "unsupported activation_function '\(name)' (gelu_new, gelu, relu)")
            }
            activation = a
        }
        let eps = try fraction("layer_norm_epsilon", default: 1e-5, positive: true)
        let dropout = try fraction("resid_pdrop", default: 0.1, positive: false)
        let config = TransformerConfig.gpt2(vocabularySize: try int(["vocab_size"]), maxPositions: try int(["n_positions", "n_ctx"]),
                                            hiddenSize: embedding, layers: try int(["n_layer"]), heads: heads,
                                            intermediateSize: try int(["n_inner"], default: 4 * embedding),
                                            layerNormEpsilon: eps, activation: activation, dropout: dropout)
        do { try config.validate() } catch { throw GPT2Error.badConfig(path: url.path, reason: "\(error)") }
        return GPT2Config(transformer: config, tiedHead: (object["tie_word_embeddings"] as? Bool) ?? true)
    }

    /// The config.json that transformers' GPT2LMHeadModel reads back as this config.
    public var huggingFaceJSON: JSONValue {
        let c = transformer
        return .object([
            ("architectures", .array([.string("GPT2LMHeadModel")])), ("model_type", .string("gpt2")),
            ("vocab_size", .int(c.vocabularySize)), ("n_positions", .int(c.maxPositions)), ("n_embd", .int(c.hiddenSize)),
            ("n_layer", .int(c.layers)), ("n_head", .int(c.heads)), ("n_inner", .int(c.intermediateSize)),
            ("activation_function", .string(c.activation.huggingFaceName)), ("layer_norm_epsilon", .float(c.layerNormEpsilon)),
            ("resid_pdrop", .float(c.dropout)), ("embd_pdrop", .float(c.dropout)), ("attn_pdrop", .float(c.dropout)),
            ("tie_word_embeddings", .bool(tiedHead)),
        ])
    }
}

public final class GPT2Model: Module {
    public let config: GPT2Config
    /// Week 7's encoder in GPT-2's configuration (names: the module tree's; see CheckpointLayout.gpt2).
    public let transformer: TransformerEncoder
    /// lm_head [V, C]; nil when tied to the word embeddings (wte).
    public let head: Variable?

    /// A GPT-2 with week 7's initialisation (N(0, 0.02) weights, zero biases, LayerNorm γ = 1, β = 0);
    /// `untiedHead` adds its own lm_head.
    public init(config: GPT2Config, untiedHead: Bool = false, seed: UInt64 = 0) throws {
        self.config = config
        transformer = try TransformerEncoder(config: config.transformer, seed: seed)
        var rng = SplitMix64(seed: seed ^ 0x6c6d5f68656164)
        let c = config.transformer
        head = untiedHead || !config.tiedHead
            ? Variable(Initialization.normal([c.vocabularySize, c.hiddenSize], std: 0.02, using: &rng), requiresGrad: true) : nil
    }

    public var members: [ModuleMember] {
        transformer.members + (head.map { [.parameter("lm_head.weight", $0)] } ?? [])
    }

    /// The matrix the logits are taken against: lm_head, or wte when tied.
    var headWeight: Variable { head ?? transformer.wordEmbeddings.weight }

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
        let hasHead = file.entries["lm_head.weight"] != nil
        if !hasHead && !config.tiedHead {
            throw GPT2Error.missingTensor(path: weightsURL.path, name: "lm_head.weight (tie_word_embeddings is false)")
        }
        let model = try GPT2Model(config: config, untiedHead: hasHead)
        var parameters = model.transformer.namedParameters()
        if let head = model.head { parameters.append(Parameter(name: "lm_head.weight", value: head)) }
        let layout = CheckpointLayout(prefixes: CheckpointLayout.gpt2.prefixes,
                                      rules: CheckpointLayout.gpt2.rules + (hasHead ? [.init("lm_head.weight", ["lm_head.weight"])] : []),
                                      layerRules: CheckpointLayout.gpt2.layerRules, identityForTheRest: false)
        do {
            try layout.load(into: parameters, layers: config.transformer.layers, lookup: { try file.tensor($0) },
                            shapeOf: { file.entries[$0]?.shape })
        } catch let CheckpointLayoutError.missingTensor(name) {
            throw GPT2Error.missingTensor(path: weightsURL.path, name: name)
        } catch let CheckpointLayoutError.shapeMismatch(name, expected, found) {
            throw GPT2Error.badTensorShape(path: weightsURL.path, name: name, shape: found, expected: expected)
        }
        return model
    }

    /// An empty cache for up to `capacity` positions (default: the model's context length).
    public func makeCache(capacity: Int? = nil) -> KVCache {
        let c = config.transformer
        return KVCache(layers: c.layers, kvHeads: c.heads, headDimension: c.headDimension, capacity: capacity ?? c.maxPositions)
    }

    /// Logits [T, V] (or [1, V] for the last position only) for `ids`, which continue what `cache`
    /// holds; the ids' keys and values are appended to the cache.
    public func logits(for ids: [Int], cache: KVCache, lastOnly: Bool = false) throws -> Tensor {
        guard !ids.isEmpty else { throw GPT2Error.emptyInput }
        let c = config.transformer
        guard cache.length + ids.count <= c.maxPositions else {
            throw GPT2Error.tooLong(tokens: cache.length + ids.count, positions: c.maxPositions)
        }
        for id in ids where id < 0 || id >= c.vocabularySize {
            throw GPT2Error.tokenOutOfRange(id: id, vocabulary: c.vocabularySize)
        }
        let hidden = try Autograd.noGrad { try transformer(inputIDs: [ids], state: cache) }   // [1, T, C], after ln_f
        var rows = try hidden.value.reshaped([ids.count, c.hiddenSize])
        if lastOnly { rows = try rows.rows((ids.count - 1)..<ids.count) }
        return try Dense.affine(rows, headWeight.value, nil, transposeWeight: true)
    }

    /// Logits [T, V] of a whole sequence from scratch.
    public func logits(for ids: [Int]) throws -> Tensor {
        try logits(for: ids, cache: makeCache(capacity: max(1, ids.count)))
    }

    /// The training forward: token ids [B][T] → logits [B·T, V] on the tape (causal mask, no cache;
    /// dropout inside TrainingMode.training).
    public func logits(inputIDs: [[Int]]) throws -> Variable {
        let hidden = try transformer(inputIDs: inputIDs)
        let s = hidden.shape
        return try Variable.matmul(try hidden.reshaped([s[0] * s[1], s[2]]), headWeight, transposeB: true)
    }

    /// Writes config.json and model.safetensors (GPT2LMHeadModel's names: "transformer." + the
    /// layout's, lm_head.weight when untied) into `folder`, atomically, via the same layout table.
    public func saveHuggingFace(folder: URL) throws {
        var tensors = try CheckpointLayout.gpt2.save(transformer.namedParameters(), layers: config.transformer.layers,
                                                     prefix: "transformer.")
        if let head { tensors["lm_head.weight"] = head.value }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Safetensors.write(tensors, metadata: ["format": "pt"], to: folder.appendingPathComponent("model.safetensors"))
        try AtomicFile.write(config.huggingFaceJSON.text + "\n", to: folder.appendingPathComponent("config.json"))
    }
}
