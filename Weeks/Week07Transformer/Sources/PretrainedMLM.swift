// A pretrained masked-LM with its vocabulary, as one safetensors file: the tensors under
// BertForMaskedLM's names, and in the metadata the config (JSON) and the vocabulary (one word per
// line). What `pretrain` saves and `fill` / `attention` load.
//
//   fill       "[CLS] text [SEP]" → the k most probable words at every [MASK]
//   attention  the attention weights of every layer and head for one text (heatmaps)

import Foundation
import Shared
import Week04MNIST

public struct FillPrediction: Sendable {
    public var position: Int
    public var candidates: [(word: String, probability: Float)]
}

public final class PretrainedMLM {
    public let model: MaskedLanguageModel
    public let vocabulary: WordVocabulary

    public init(model: MaskedLanguageModel, vocabulary: WordVocabulary) throws {
        guard model.config.vocabularySize == vocabulary.count else {
            throw TransformerError.invalidInput("model has \(model.config.vocabularySize) word embeddings, vocabulary \(vocabulary.count) words")
        }
        self.model = model
        self.vocabulary = vocabulary
    }

    public func save(to url: URL) throws {
        let config = String(decoding: try JSONEncoder().encode(model.config), as: UTF8.self)
        try Checkpoint.save(model, to: url, metadata: ["format": "Week07Transformer masked LM", "config": config,
                                                       "vocabulary": vocabulary.words.joined(separator: "\n")])
    }

    public static func load(_ url: URL) throws -> PretrainedMLM {
        guard FileManager.default.fileExists(atPath: url.path) else { throw DataFileError.missing(path: url.path) }
        let metadata = try Safetensors.read(url).metadata
        guard let configText = metadata["config"], let words = metadata["vocabulary"] else {
            throw DataFileError.malformed(path: url.path, reason: "no config/vocabulary metadata (not saved by Week07Transformer pretrain)")
        }
        let config: TransformerConfig
        do { config = try JSONDecoder().decode(TransformerConfig.self, from: Data(configText.utf8)) } catch {
            throw DataFileError.malformed(path: url.path, reason: "config metadata is not a transformer config")
        }
        let vocabulary = try WordVocabulary(words: words.components(separatedBy: "\n"))
        let model = try MaskedLanguageModel(config: config, seed: 0)
        try Checkpoint.load(into: model, from: url)
        return try PretrainedMLM(model: model, vocabulary: vocabulary)
    }

    /// [CLS] + tokens + [SEP] (truncated to the model's positions).
    public func encode(_ text: String) throws -> (ids: [Int], tokens: [String]) {
        let tokens = WordVocabulary.tokenize(text)
        guard !tokens.isEmpty else { throw TransformerError.invalidInput("the text has no tokens") }
        let kept = Array(tokens.prefix(model.config.maxPositions - 2))
        let ids = [WordVocabulary.cls] + kept.map(vocabulary.id) + [WordVocabulary.sep]
        return (ids, ["[CLS]"] + kept.map { vocabulary.id($0) == WordVocabulary.unknown ? "[UNK]" : $0 } + ["[SEP]"])
    }

    /// The `top` most probable words at each [MASK] of `text`.
    public func fill(_ text: String, top: Int = 5) throws -> (tokens: [String], predictions: [FillPrediction]) {
        let (ids, tokens) = try encode(text)
        let positions = ids.indices.filter { ids[$0] == WordVocabulary.mask }
        guard !positions.isEmpty else { throw TransformerError.invalidInput("the text has no [MASK] to fill") }
        let logits = try Autograd.noGrad { try model.logits(inputIDs: [ids], positions: positions) }
        let probabilities = logits.value.softmax()
        let v = vocabulary.count
        var predictions: [FillPrediction] = []
        for (row, position) in positions.enumerated() {
            let p = Array(probabilities.storage[(row * v)..<((row + 1) * v)])
            let ranked = p.indices.filter { $0 >= WordVocabulary.specials.count }.sorted { p[$0] > p[$1] }.prefix(top)
            predictions.append(FillPrediction(position: position, candidates: ranked.map { (vocabulary.word($0), p[$0]) }))
        }
        return (tokens, predictions)
    }

    /// Attention weights for `text`: one [heads, T, T] tensor per layer.
    public func attention(_ text: String) throws -> (tokens: [String], layers: [Tensor]) {
        let (ids, tokens) = try encode(text)
        model.encoder.recordAttention(true)
        defer { model.encoder.recordAttention(false) }
        _ = try Autograd.noGrad { try model.encoder(inputIDs: [ids]) }
        let layers = try model.encoder.attentionWeights.map { w in try w.reshaped(Array(w.shape.dropFirst())) }
        return (tokens, layers)
    }
}

public enum AttentionHeatmap {
    /// One head's (or the head average's) [T, T] weights as an SVG heatmap: rows are queries, columns keys.
    public static func svg(_ weights: Tensor, tokens: [String], title: String) -> String {
        let t = tokens.count
        let values = (0..<t).map { q in (0..<t).map { k in Double(weights.storage[q * t + k]) } }
        return SVGPlot.heatmap(title: title, values: values, rowLabels: tokens, columnLabels: tokens)
    }

    /// The mean over heads of a [heads, T, T] tensor → [T, T].
    public static func headAverage(_ layer: Tensor) throws -> Tensor {
        try layer.mean(axis: 0)
    }
}
