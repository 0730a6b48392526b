// A BERT-layout encoder: embeddings (word + position + token type, then LayerNorm), a stack of
// TransformerBlocks, and the contextual vectors [B, T, hidden] out.
//
// The module tree (`members`) gives exactly the names of Hugging Face's BertModel state_dict, so
// `load(safetensors:)` reads a real checkpoint (e.g. Datasets/minilm/model.safetensors):
//   embeddings.word_embeddings.weight [V, H]   embeddings.position_embeddings.weight [P, H]
//   embeddings.token_type_embeddings.weight [types, H]   embeddings.LayerNorm.{weight,bias}
//   encoder.layer.{i}.…  (see TransformerBlock)
// With pre-norm a final LayerNorm follows the stack (encoder.final_layer_norm, as GPT-2's ln_f);
// with sinusoidal or no positions there is no position table; GPT-2's layout has no embedding
// LayerNorm (`normalizesEmbeddings`). Checkpoint files of other layouts map onto these names
// through a CheckpointLayout (BERT's: the names themselves; GPT-2's: CheckpointLayout.gpt2).
//
// Padding: an attention mask [B, T] (1 token, 0 padding) becomes the additive padding mask, so no
// query attends to a padded key; the outputs at padded positions are computed but meaningless.

import Foundation
import Shared
import Week04MNIST

public final class TransformerEncoder: Module {
    public let config: TransformerConfig
    public let wordEmbeddings: Embedding
    public let positionEmbeddings: Embedding?
    public let tokenTypeEmbeddings: Embedding?
    /// nil when the config does not normalise embeddings (GPT-2).
    public let embeddingNorm: LayerNorm?
    public let layers: [TransformerBlock]
    public let finalNorm: LayerNorm?
    let sinusoidal: Tensor?
    /// Dropout (embeddings and every block) is on inside Week 4's TrainingMode.training only.
    var dropoutRNG: SplitMix64

    public init(config: TransformerConfig, seed: UInt64 = 0) throws {
        try config.validate()
        self.config = config
        var rng = SplitMix64(seed: seed)
        let h = config.hiddenSize
        wordEmbeddings = Embedding(config.vocabularySize, h, rng: &rng)
        positionEmbeddings = config.positions == .learned ? Embedding(config.maxPositions, h, rng: &rng) : nil
        tokenTypeEmbeddings = config.typeVocabularySize > 0 ? Embedding(config.typeVocabularySize, h, rng: &rng) : nil
        embeddingNorm = config.normalizesEmbeddings ? LayerNorm(h, epsilon: config.layerNormEpsilon) : nil
        layers = (0..<config.layers).map { _ in TransformerBlock(config: config, rng: &rng) }
        finalNorm = config.normPlacement == .pre ? LayerNorm(h, epsilon: config.layerNormEpsilon) : nil
        sinusoidal = config.positions == .sinusoidal ? sinusoidalPositions(config.maxPositions, h) : nil
        dropoutRNG = SplitMix64(seed: rng.next())
    }

    public var members: [ModuleMember] {
        var list: [ModuleMember] = [.child("embeddings.word_embeddings", wordEmbeddings)]
        if let positionEmbeddings { list.append(.child("embeddings.position_embeddings", positionEmbeddings)) }
        if let tokenTypeEmbeddings { list.append(.child("embeddings.token_type_embeddings", tokenTypeEmbeddings)) }
        if let embeddingNorm { list.append(.child("embeddings.LayerNorm", embeddingNorm)) }
        for (i, layer) in layers.enumerated() { list.append(.child("encoder.layer.\(i)", layer)) }
        if let finalNorm { list.append(.child("encoder.final_layer_norm", finalNorm)) }
        return list
    }

    /// Token ids [B][T] (equal lengths: pad them), optional segment ids and 1/0 attention mask
    /// → hidden states [B, T, hidden]. With `state` (a KV cache; one sequence, no mask) the ids
    /// continue the positions the state holds, and every block reads and extends it.
    public func callAsFunction(inputIDs: [[Int]], tokenTypeIDs: [[Int]]? = nil,
                               attentionMask: [[Int]]? = nil, state: (any KeyValueState)? = nil) throws -> Variable {
        let batch = inputIDs.count
        let length = inputIDs.first?.count ?? 0
        guard batch > 0, length > 0 else { throw TransformerError.invalidInput("empty batch: no token ids") }
        for (b, row) in inputIDs.enumerated() where row.count != length {
            throw TransformerError.invalidInput("input row \(b) has \(row.count) tokens, row 0 has \(length) (pad to one length)")
        }
        let past = state?.cachedLength(layer: 0) ?? 0
        if state != nil, batch != 1 || attentionMask != nil {
            throw TransformerError.invalidInput("a KV cache holds one sequence: give one row of ids and no attention mask")
        }
        if config.positions != .none, past + length > config.maxPositions {
            throw TransformerError.invalidInput("sequence of \(past + length) tokens is longer than the \(config.maxPositions) positions of the model")
        }
        func checkShape(_ rows: [[Int]]?, _ what: String) throws {
            guard let rows else { return }
            guard rows.count == batch, rows.allSatisfy({ $0.count == length }) else {
                throw TransformerError.invalidInput("\(what) must be \(batch) rows of \(length), like the input ids")
            }
        }
        try checkShape(tokenTypeIDs, "token type ids")
        try checkShape(attentionMask, "attention mask")
        let h = config.hiddenSize
        var x = try wordEmbeddings(inputIDs.flatMap { $0 })                  // [B·T, H]
        let positionIDs = (0..<batch).flatMap { _ in past..<(past + length) }
        if let positionEmbeddings {
            x = try x + (try positionEmbeddings(positionIDs))
        } else if let sinusoidal {
            x = try x + Variable(try sinusoidal.gatherRows(positionIDs))
        }
        if let tokenTypeEmbeddings {
            let types = tokenTypeIDs?.flatMap { $0 } ?? [Int](repeating: 0, count: batch * length)
            x = try x + (try tokenTypeEmbeddings(types))
        } else if let tokenTypeIDs, tokenTypeIDs.contains(where: { $0.contains { $0 != 0 } }) {
            throw TransformerError.invalidInput("this model has no token types, but token type ids other than 0 were given")
        }
        x = try x.reshaped([batch, length, h])
        if let embeddingNorm { x = try embeddingNorm(x) }
        x = try x.dropout(config.dropout, training: TrainingMode.isTraining, rng: &dropoutRNG)
        let mask = try attentionMask.map { try AttentionMask.padding($0) }
        for (i, layer) in layers.enumerated() { x = try layer(x, mask: mask, state: state, layer: i) }
        if let finalNorm { x = try finalNorm(x) }
        return x
    }

    /// Where the dropout generators stand (the embeddings', then each block's; three words each),
    /// so a checkpoint can resume a run with dropout drawing the same masks (week 17).
    public var dropoutSnapshot: [UInt64] {
        ([dropoutRNG] + layers.map(\.rng)).flatMap(\.snapshot)
    }

    /// Puts the dropout generators back where `dropoutSnapshot` found them.
    public func restoreDropout(_ words: [UInt64]) throws {
        let count = 1 + layers.count
        guard words.count == 3 * count else {
            throw TransformerError.invalidInput("dropout state needs \(3 * count) words (1 + \(layers.count) generators), got \(words.count)")
        }
        let generators = (0..<count).compactMap { SplitMix64(snapshot: Array(words[(3 * $0)..<(3 * $0 + 3)])) }
        dropoutRNG = generators[0]
        for (layer, generator) in zip(layers, generators.dropFirst()) { layer.rng = generator }
    }

    /// Switches every attention layer's weight recording on or off (for heatmaps).
    public func recordAttention(_ on: Bool) {
        for layer in layers { layer.attention.recordsWeights = on }
    }

    /// The last call's attention weights per layer, each [B, heads, T, T] (after `recordAttention(true)`).
    public var attentionWeights: [Tensor] { layers.compactMap { $0.attention.lastWeights } }

    // MARK: Loading weights

    /// Copies every parameter from `tensors`, named as `layout` says (BERT's by default: the
    /// module tree's names, optionally prefixed "bert."). Throws naming the first missing tensor or
    /// shape mismatch before changing anything; returns the keys it did not use (e.g. pooler.*,
    /// embeddings.position_ids), sorted.
    @discardableResult
    public func load(tensors: [String: Tensor], layout: CheckpointLayout = .bert) throws -> [String] {
        let used = try load(layout: layout, lookup: { tensors[$0] }, shapeOf: { tensors[$0]?.shape })
        return tensors.keys.filter { !used.contains($0) }.sorted()
    }

    /// `load(tensors:)` from a safetensors file (integer tensors such as position_ids are skipped).
    @discardableResult
    public func load(safetensors url: URL, layout: CheckpointLayout = .bert) throws -> [String] {
        let file = try Safetensors.read(url)
        func isFloat(_ name: String) -> Bool { ["F32", "F16", "BF16", "F64"].contains(file.entries[name]?.dtype ?? "") }
        do {
            let used = try load(layout: layout, lookup: { isFloat($0) ? try file.tensor($0) : nil },
                                shapeOf: { isFloat($0) ? file.entries[$0]?.shape : nil })
            return file.names.filter { !used.contains($0) }
        } catch let error as TransformerError {
            throw DataFileError.malformed(path: url.path, reason: error.description)
        }
    }

    /// Every parameter through `layout`, its errors as TransformerError.
    func load(layout: CheckpointLayout, lookup: (String) throws -> Tensor?, shapeOf: (String) -> [Int]?) throws -> Set<String> {
        do {
            return try layout.load(into: namedParameters(), layers: layers.count, lookup: lookup, shapeOf: shapeOf)
        } catch let CheckpointLayoutError.missingTensor(name) {
            throw TransformerError.missingTensor(name: name)
        } catch let CheckpointLayoutError.shapeMismatch(name, expected, found) {
            throw TransformerError.shapeMismatch(name: name, expected: expected, found: found)
        }
    }
}
