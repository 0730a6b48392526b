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

    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    /// Number of segment (token type) embeddings; 0 = none.
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Float
    public var activation: Activation
    public var normPlacement: NormPlacement
    public var positions: Positions
    public var causal: Bool
    public var dropout: Float
    /// A LayerNorm right after the embedding sum (BERT: yes; GPT-2: no).
    public var normalizesEmbeddings: Bool

    public init(vocabularySize: Int, hiddenSize: Int = 128, layers: Int = 2, heads: Int = 4,
                intermediateSize: Int? = nil, maxPositions: Int = 512, typeVocabularySize: Int = 2,
                layerNormEpsilon: Float = 1e-12, activation: Activation = .gelu, normPlacement: NormPlacement = .post,
                positions: Positions = .learned, causal: Bool = false, dropout: Float = 0.1,
                normalizesEmbeddings: Bool = true) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize ?? 4 * hiddenSize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        self.activation = activation
        self.normPlacement = normPlacement
        self.positions = positions
        self.causal = causal
        self.dropout = dropout
        self.normalizesEmbeddings = normalizesEmbeddings
    }

    /// GPT-2's shape: pre-norm, causal, learned positions, tanh GELU, ε = 1e-5, no token types and
    /// no LayerNorm on the embeddings (the final LayerNorm ln_f comes with pre-norm).
    public static func gpt2(vocabularySize: Int, maxPositions: Int, hiddenSize: Int, layers: Int, heads: Int,
                            intermediateSize: Int? = nil, layerNormEpsilon: Float = 1e-5,
                            activation: Activation = .geluTanh, dropout: Float = 0.1) -> TransformerConfig {
        TransformerConfig(vocabularySize: vocabularySize, hiddenSize: hiddenSize, layers: layers, heads: heads,
                          intermediateSize: intermediateSize, maxPositions: maxPositions, typeVocabularySize: 0,
                          layerNormEpsilon: layerNormEpsilon, activation: activation, normPlacement: .pre, positions: .learned,
                          causal: true, dropout: dropout, normalizesEmbeddings: false)
    }

    /// Decodes a config saved by `PretrainedMLM`. Files saved before the fields got their present
    /// names (vocabSize, numLayers, numHeads, typeVocabSize, layerNormEps) and before
    /// `normalizesEmbeddings` existed (every encoder then normalised its embeddings) still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: NamedKey.self)
        func field<T: Decodable>(_ key: String, _ legacy: String? = nil) throws -> T {
            for name in [key] + (legacy.map { [$0] } ?? []) {
                if let value = try c.decodeIfPresent(T.self, forKey: NamedKey(name)) { return value }
            }
            throw DecodingError.keyNotFound(NamedKey(key), .init(codingPath: c.codingPath, debugDescription: "missing field '\(key)'"))
        }
        self.init(vocabularySize: try field("vocabularySize", "vocabSize"), hiddenSize: try field("hiddenSize"),
                  layers: try field("layers", "numLayers"), heads: try field("heads", "numHeads"),
                  intermediateSize: try field("intermediateSize"), maxPositions: try field("maxPositions"),
                  typeVocabularySize: try field("typeVocabularySize", "typeVocabSize"),
                  layerNormEpsilon: try field("layerNormEpsilon", "layerNormEps"), activation: try field("activation"),
                  normPlacement: try field("normPlacement"), positions: try field("positions"), causal: try field("causal"),
                  dropout: try field("dropout"),
                  normalizesEmbeddings: try c.decodeIfPresent(Bool.self, forKey: NamedKey("normalizesEmbeddings")) ?? true)
    }

    /// A coding key by its name (for the decoder's old spellings).
    struct NamedKey: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Width of one attention head.
    public var headDimension: Int { hiddenSize / max(1, heads) }

    /// Throws when the numbers cannot make a model (e.g. hidden not divisible by heads).
    public func validate() throws {
        func bad(_ s: String) -> TransformerError { .invalidConfig(s) }
        guard vocabularySize > 0 else { throw bad("vocab size must be positive, got \(vocabularySize)") }
        guard hiddenSize > 0, heads > 0 else { throw bad("hidden size and heads must be positive, got \(hiddenSize) and \(heads)") }
        guard hiddenSize % heads == 0 else {
            throw bad("hidden size \(hiddenSize) is not divisible by \(heads) heads")
        }
        guard layers >= 0 else { throw bad("layers must be ≥ 0, got \(layers)") }
        guard intermediateSize > 0 else { throw bad("intermediate size must be positive, got \(intermediateSize)") }
        guard maxPositions > 0 else { throw bad("max positions must be positive, got \(maxPositions)") }
        guard typeVocabularySize >= 0 else { throw bad("type vocab size must be ≥ 0, got \(typeVocabularySize)") }
        guard layerNormEpsilon > 0 else { throw bad("layer norm epsilon must be positive, got \(layerNormEpsilon)") }
        guard dropout >= 0 && dropout < 1 else { throw bad("dropout must be in [0, 1), got \(dropout)") }
        // Sizes from a config file are multiplied before anything is allocated: the weights
        // (embeddings + per layer 4·H² + 2·H·I) must fit in 2^31 parameters, checked for overflow.
        let perLayer = SizeCheck.product(hiddenSize, hiddenSize).flatMap { SizeCheck.product($0, 4) }
            .flatMap { a in SizeCheck.product(hiddenSize, intermediateSize).flatMap { SizeCheck.product($0, 2) }.flatMap { SizeCheck.sum(a, $0) } }
        let embeddings = SizeCheck.sum(vocabularySize, maxPositions).flatMap { SizeCheck.sum($0, typeVocabularySize) }.flatMap { SizeCheck.product($0, hiddenSize) }
        let total = perLayer.flatMap { SizeCheck.product($0, layers) }.flatMap { a in embeddings.flatMap { SizeCheck.sum(a, $0) } }
        guard let total, total <= 1 << 31 else {
            throw bad("\(layers) layers of width \(hiddenSize) (intermediate \(intermediateSize), vocabulary \(vocabularySize)) need more than 2^31 parameters")
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
            vocabularySize: try integer("vocab_size"), hiddenSize: try integer("hidden_size"),
            layers: try integer("num_hidden_layers"), heads: try integer("num_attention_heads"),
            intermediateSize: try integer("intermediate_size"), maxPositions: try integer("max_position_embeddings"),
            typeVocabularySize: fields["type_vocab_size"] == nil ? 2 : try integer("type_vocab_size"),
            layerNormEpsilon: eps, activation: act, normPlacement: .post, positions: .learned, causal: false,
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
