// The shape of a transformer: widths, depth, heads, and the three choices that distinguish BERT
// from GPT-2 (activation, where the LayerNorm sits, whether attention is causal).
//
//   BERT   post-norm   x = LN(x + Attn(x));  x = LN(x + FFN(x))      GELU (erf)   learned positions
//   GPT-2  pre-norm    x = x + Attn(LN(x));  x = x + FFN(LN(x))      GELU (tanh)  causal
//
// `bert(configJSON:)` reads a Hugging Face BertConfig (config.json) so a downloaded checkpoint
// (e.g. all-MiniLM-L6-v2 in Datasets/minilm) builds the matching `TransformerEncoder`.

import Foundation
import Shared

public struct TransformerConfig: Equatable, Sendable, Codable {
    public enum Activation: String, Sendable, Codable, CaseIterable {
        /// x·Φ(x) with the exact erf (BERT, torch's default nn.GELU()).
        case gelu
        /// GPT-2's tanh approximation (nn.GELU(approximate="tanh"), HF "gelu_new").
        case geluTanh
        case relu

        /// Hugging Face's names (BERT's hidden_act, GPT-2's activation_function).
        public init?(huggingFace name: String) {
            switch name {
            case "gelu": self = .gelu
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
            case "relu": self = .relu
            default: return nil
            }
        }

        /// The name Hugging Face reads back as this activation.
        public var huggingFaceName: String {
            switch self {
            case .gelu: return "gelu"
            case .geluTanh: return "gelu_new"
            case .relu: return "relu"
            }
        }
    }

    public enum NormPlacement: String, Sendable, Codable, CaseIterable {
        /// LayerNorm after each residual add (the original Transformer, BERT).
        case post
        /// LayerNorm at the start of each sublayer, residual stream untouched (GPT-2, most LLMs).
        case pre
    }

    public enum Positions: String, Sendable, Codable, CaseIterable {
        /// A trained [maxPositions, hidden] table (BERT, GPT-2).
        case learned
        /// The fixed sin/cos table of "Attention Is All You Need".
        case sinusoidal
        /// No position information: the encoder is then permutation-equivariant.
        case none
    }

    public var vocabSize: Int
    public var hiddenSize: Int
    public var numLayers: Int
    public var numHeads: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    /// Number of segment (token type) embeddings; 0 = none.
    public var typeVocabSize: Int
    public var layerNormEps: Float
    public var activation: Activation
    public var normPlacement: NormPlacement
    public var positions: Positions
    public var causal: Bool
    public var dropout: Float
    /// A LayerNorm right after the embedding sum (BERT: yes; GPT-2: no).
    public var normalizesEmbeddings: Bool

    public init(vocabSize: Int, hiddenSize: Int = 128, numLayers: Int = 2, numHeads: Int = 4,
                intermediateSize: Int? = nil, maxPositions: Int = 512, typeVocabSize: Int = 2,
                layerNormEps: Float = 1e-12, activation: Activation = .gelu, normPlacement: NormPlacement = .post,
                positions: Positions = .learned, causal: Bool = false, dropout: Float = 0.1,
                normalizesEmbeddings: Bool = true) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.numHeads = numHeads
        self.intermediateSize = intermediateSize ?? 4 * hiddenSize
        self.maxPositions = maxPositions
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.activation = activation
        self.normPlacement = normPlacement
        self.positions = positions
        self.causal = causal
        self.dropout = dropout
        self.normalizesEmbeddings = normalizesEmbeddings
    }

    /// GPT-2's shape: pre-norm, causal, learned positions, tanh GELU, ε = 1e-5, no token types and
    /// no LayerNorm on the embeddings (the final LayerNorm ln_f comes with pre-norm).
    public static func gpt2(vocabSize: Int, maxPositions: Int, hiddenSize: Int, numLayers: Int, numHeads: Int,
                            intermediateSize: Int? = nil, layerNormEps: Float = 1e-5,
                            activation: Activation = .geluTanh, dropout: Float = 0.1) -> TransformerConfig {
        TransformerConfig(vocabSize: vocabSize, hiddenSize: hiddenSize, numLayers: numLayers, numHeads: numHeads,
                          intermediateSize: intermediateSize, maxPositions: maxPositions, typeVocabSize: 0,
                          layerNormEps: layerNormEps, activation: activation, normPlacement: .pre, positions: .learned,
                          causal: true, dropout: dropout, normalizesEmbeddings: false)
    }

    /// Decodes a config saved by `PretrainedMLM` (files from before `normalizesEmbeddings` existed
    /// had it on: every encoder then normalised its embeddings).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(vocabSize: try c.decode(Int.self, forKey: .vocabSize), hiddenSize: try c.decode(Int.self, forKey: .hiddenSize),
                  numLayers: try c.decode(Int.self, forKey: .numLayers), numHeads: try c.decode(Int.self, forKey: .numHeads),
                  intermediateSize: try c.decode(Int.self, forKey: .intermediateSize),
                  maxPositions: try c.decode(Int.self, forKey: .maxPositions),
                  typeVocabSize: try c.decode(Int.self, forKey: .typeVocabSize),
                  layerNormEps: try c.decode(Float.self, forKey: .layerNormEps),
                  activation: try c.decode(Activation.self, forKey: .activation),
                  normPlacement: try c.decode(NormPlacement.self, forKey: .normPlacement),
                  positions: try c.decode(Positions.self, forKey: .positions), causal: try c.decode(Bool.self, forKey: .causal),
                  dropout: try c.decode(Float.self, forKey: .dropout),
                  normalizesEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .normalizesEmbeddings) ?? true)
    }

    /// Width of one attention head.
    public var headSize: Int { hiddenSize / max(1, numHeads) }

    /// Throws when the numbers cannot make a model (e.g. hidden not divisible by heads).
    public func validate() throws {
        func bad(_ s: String) -> TransformerError { .invalidConfig(s) }
        guard vocabSize > 0 else { throw bad("vocab size must be positive, got \(vocabSize)") }
        guard hiddenSize > 0, numHeads > 0 else { throw bad("hidden size and heads must be positive, got \(hiddenSize) and \(numHeads)") }
        guard hiddenSize % numHeads == 0 else {
            throw bad("hidden size \(hiddenSize) is not divisible by \(numHeads) heads")
        }
        guard numLayers >= 0 else { throw bad("layers must be ≥ 0, got \(numLayers)") }
        guard intermediateSize > 0 else { throw bad("intermediate size must be positive, got \(intermediateSize)") }
        guard maxPositions > 0 else { throw bad("max positions must be positive, got \(maxPositions)") }
        guard typeVocabSize >= 0 else { throw bad("type vocab size must be ≥ 0, got \(typeVocabSize)") }
        guard layerNormEps > 0 else { throw bad("layer norm epsilon must be positive, got \(layerNormEps)") }
        guard dropout >= 0 && dropout < 1 else { throw bad("dropout must be in [0, 1), got \(dropout)") }
        // Sizes from a config file are multiplied before anything is allocated: the weights
        // (embeddings + per layer 4·H² + 2·H·I) must fit in 2^31 parameters, checked for overflow.
        let perLayer = SizeCheck.product(hiddenSize, hiddenSize).flatMap { SizeCheck.product($0, 4) }
            .flatMap { a in SizeCheck.product(hiddenSize, intermediateSize).flatMap { SizeCheck.product($0, 2) }.flatMap { SizeCheck.sum(a, $0) } }
        let embeddings = SizeCheck.sum(vocabSize, maxPositions).flatMap { SizeCheck.sum($0, typeVocabSize) }.flatMap { SizeCheck.product($0, hiddenSize) }
        let total = perLayer.flatMap { SizeCheck.product($0, numLayers) }.flatMap { a in embeddings.flatMap { SizeCheck.sum(a, $0) } }
        guard let total, total <= 1 << 31 else {
            throw bad("\(numLayers) layers of width \(hiddenSize) (intermediate \(intermediateSize), vocabulary \(vocabSize)) need more than 2^31 parameters")
        }
    }

    /// Reads a Hugging Face BertConfig (config.json). BERT is post-norm, non-causal, learned positions.
    public static func bert(configJSON url: URL) throws -> TransformerConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw DataFileError.missing(path: url.path) }
        return try bert(json: data, path: url.path)
    }

    public static func bert(json data: Data, path: String) throws -> TransformerConfig {
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw DataFileError.malformed(path: path, reason: "not a JSON object")
        }
        func number(_ key: String) throws -> NSNumber {
            guard let value = fields[key] else { throw DataFileError.malformed(path: path, reason: "missing field '\(key)'") }
            guard let n = value as? NSNumber else {
                throw DataFileError.malformed(path: path, reason: "field '\(key)' should be a number, got \(value)")
            }
            return n
        }
        func integer(_ key: String) throws -> Int {
            let n = try number(key)
            // Exact: 1e300 or 2.5 do not convert (NSNumber.intValue would trap on 1e300).
            guard let i = JSONText.exactInt(fields[key]), i >= 0 else {
                throw DataFileError.malformed(path: path, reason: "field '\(key)' should be a whole number ≥ 0, got \(n)")
            }
            return i
        }
        let actName = fields["hidden_act"] as? String ?? "gelu"
        guard let act = Activation(huggingFace: actName) else {
            throw DataFileError.malformed(path: path, reason: "hidden_act '\(actName)' is not supported (gelu, gelu_new, relu)")
        }
        if let kind = fields["position_embedding_type"] as? String, kind != "absolute" {
            throw DataFileError.malformed(path: path, reason: "position_embedding_type '\(kind)' is not supported (absolute)")
        }
        let eps = fields["layer_norm_eps"] == nil ? 1e-12 : try number("layer_norm_eps").floatValue
        let config = TransformerConfig(
            vocabSize: try integer("vocab_size"), hiddenSize: try integer("hidden_size"),
            numLayers: try integer("num_hidden_layers"), numHeads: try integer("num_attention_heads"),
            intermediateSize: try integer("intermediate_size"), maxPositions: try integer("max_position_embeddings"),
            typeVocabSize: fields["type_vocab_size"] == nil ? 2 : try integer("type_vocab_size"),
            layerNormEps: eps, activation: act, normPlacement: .post, positions: .learned, causal: false,
            dropout: fields["hidden_dropout_prob"] == nil ? 0.1 : try number("hidden_dropout_prob").floatValue)
        do { try config.validate() } catch let error as TransformerError {
            throw DataFileError.malformed(path: path, reason: error.description)
        }
        return config
    }
}

public enum TransformerError: Error, CustomStringConvertible, Equatable {
    case invalidConfig(String)
    case invalidInput(String)
    case missingTensor(name: String)
    case shapeMismatch(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case let .invalidConfig(s): return "invalid transformer config: \(s)"
        case let .invalidInput(s): return s
        case let .missingTensor(name): return "weights lack tensor '\(name)' (is this a BERT checkpoint of the same architecture?)"
        case let .shapeMismatch(name, expected, found):
            return "tensor '\(name)' has shape \(found), the model expects \(expected) (config and weights disagree)"
        }
    }
}
