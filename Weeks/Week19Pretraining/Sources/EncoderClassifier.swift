// A sequence classifier on a (pretrained) week-7 TransformerEncoder: BERT-style fine-tuning.
//
//   ids [B][T], mask [B][T] → encoder → hidden [B, T, H] → mean over the real tokens → [B, H]
//                            → Linear H→C → logits [B, C]
//   L = Σ_b c_{y_b} · (−log softmax(z_b)[y_b]) / Σ_b c_{y_b}        (class-weighted cross-entropy)
//
// The mean is a matmul with a fixed pooling matrix P [B, B·T], P[b, b·T + t] = mask[b][t] / n_b,
// so its backward is the tape's matmul (the same numbers as week 8's meanPoolNormalized before
// the L2 division). Class weights c_k = n / (K · n_k) ("balanced", as week 3's logistic regression
// and scikit-learn) give every component the same total weight however rare it is.
//
// Partial fine-tuning: with `frozenLayers = k` the embeddings and blocks 0..<k are not trained.
// Their output depends on the entry only (padding is masked out of attention), so it is computed
// once per entry (`FrozenPrefix`, a k-block copy of the encoder — week 7's own forward) and every
// step runs blocks k… of the trained encoder on it: backward and Adam touch the top blocks and the
// head only. k = 0 fine-tunes everything; k = layers trains the head alone (a linear probe).
//
// Does not: use the [CLS] vector or BERT's pooler (sentence-transformers' MiniLM is trained for
// mean pooling), or truncate ids (the caller does).

import Foundation
import Shared
import Week04MNIST
import Week07Transformer
import Week08LLMEngineering

public final class EncoderClassifier: Module {
    public let encoder: TransformerEncoder
    public let head: Linear
    public let classCount: Int
    /// Blocks 0..<frozenLayers (and the embeddings) are not trained.
    public let frozenLayers: Int

    public init(encoder: TransformerEncoder, classCount: Int, frozenLayers: Int = 0, seed: UInt64) throws {
        guard classCount >= 2 else { throw TransformerError.invalidInput("a classifier needs at least 2 classes, got \(classCount)") }
        guard (0...encoder.config.layers).contains(frozenLayers) else {
            throw TransformerError.invalidInput("frozen layers must be 0…\(encoder.config.layers), got \(frozenLayers)")
        }
        self.encoder = encoder
        self.classCount = classCount
        self.frozenLayers = frozenLayers
        var rng = SplitMix64(seed: seed)
        head = Linear.normal(encoder.config.hiddenSize, classCount, rng: &rng)
    }

    public var members: [ModuleMember] { [.child("encoder", encoder), .child("classifier", head)] }

    /// The parameters fine-tuning updates: blocks frozenLayers… (and a final LayerNorm) and the head;
    /// with frozenLayers = 0 the embeddings too.
    public var trainableParameters: [Parameter] {
        namedParameters().filter { p in
            if p.name.hasPrefix("classifier.") || frozenLayers == 0 { return true }
            if p.name.hasPrefix("encoder.encoder.final_layer_norm.") { return true }
            let prefix = "encoder.encoder.layer."
            guard p.name.hasPrefix(prefix), let block = Int(p.name.dropFirst(prefix.count).prefix { $0.isNumber }) else { return false }
            return block >= frozenLayers
        }
    }

    /// Logits [B, C] from token ids (frozenLayers = 0) — the whole encoder on the tape.
    public func logits(ids: [[Int]], padID: Int) throws -> Variable {
        let (padded, mask) = Self.pad(ids, with: padID)
        let hidden = try encoder(inputIDs: padded, attentionMask: mask)
        return try head(try Self.meanPool(hidden, mask: mask))
    }

    /// Logits [B, C] from the frozen prefix's hidden states ([T_b, H] per entry): blocks
    /// frozenLayers… of the encoder run on them (with gradients), then pooling and the head.
    public func logits(prefixHidden rows: [Tensor]) throws -> Variable {
        let (hidden, mask) = try self.hidden(prefixHidden: rows)
        return try head(try Self.meanPool(hidden, mask: mask))
    }

    /// Blocks frozenLayers… (and a final LayerNorm) on the prefix's hidden states, zero-padded to
    /// the longest: [B, T, H] and the 1/0 mask of the real positions.
    public func hidden(prefixHidden rows: [Tensor]) throws -> (hidden: Variable, mask: [[Int]]) {
        let h = encoder.config.hiddenSize
        let longest = rows.map { $0.shape[0] }.max() ?? 0
        guard longest > 0 else { throw TransformerError.invalidInput("empty batch: no hidden states") }
        var storage = [Float](repeating: 0, count: rows.count * longest * h)
        for (b, row) in rows.enumerated() {
            let start = b * longest * h
            storage.replaceSubrange(start..<(start + row.count), with: row.storage)
        }
        let mask = rows.map { [Int](repeating: 1, count: $0.shape[0]) + [Int](repeating: 0, count: longest - $0.shape[0]) }
        var x = Variable(try Tensor(shape: [rows.count, longest, h], storage: storage))
        let attention = try AttentionMask.padding(mask)
        for i in frozenLayers..<encoder.layers.count { x = try encoder.layers[i](x, mask: attention, layer: i) }
        if let norm = encoder.finalNorm { x = try norm(x) }
        return (x, mask)
    }

    /// Rows padded with `padID` to the longest, and their 1/0 attention mask.
    public static func pad(_ ids: [[Int]], with padID: Int) -> (ids: [[Int]], mask: [[Int]]) {
        let longest = ids.map(\.count).max() ?? 0
        let padded = ids.map { $0 + [Int](repeating: padID, count: longest - $0.count) }
        let mask = ids.map { [Int](repeating: 1, count: $0.count) + [Int](repeating: 0, count: longest - $0.count) }
        return (padded, mask)
    }

    /// Mean of hidden [B, T, H] over the positions where mask is 1 → [B, H] (on the tape).
    public static func meanPool(_ hidden: Variable, mask: [[Int]]) throws -> Variable {
        let (b, t, h) = (hidden.shape[0], hidden.shape[1], hidden.shape[2])
        var pooling = [Float](repeating: 0, count: b * b * t)
        for i in 0..<b {
            let count = Float(max(1, mask[i].reduce(0, +)))
            for j in 0..<t where mask[i][j] != 0 { pooling[i * b * t + i * t + j] = 1 / count }
        }
        let p = Variable(try Tensor(shape: [b, b * t], storage: pooling))
        return try Variable.matmul(p, try hidden.reshaped([b * t, h]))
    }

    /// Balanced class weights c_k = n / (K · n_k) (1 for a class absent from `labels`).
    public static func balancedWeights(_ labels: [Int], classCount: Int) -> [Float] {
        var counts = [Int](repeating: 0, count: classCount)
        for y in labels { counts[y] += 1 }
        return counts.map { $0 > 0 ? Float(labels.count) / Float(classCount * $0) : 1 }
    }

    /// Σ_b c_{y_b} · (−log softmax(z_b)[y_b]) / Σ_b c_{y_b} for logits [B, C].
    public static func weightedCrossEntropy(_ logits: Variable, labels: [Int], classWeights: [Float]) throws -> Variable {
        // exercise weighted-cross-entropy: The class-weighted cross-entropy Σ c_y · (−log softmax(z)[y]) / Σ c_y on the tape, after checking the shapes.
        // hint: log-softmax of the logits, then pick each row's label column: a fixed [B, C] matrix with one non-zero per row does the picking when multiplied element-wise and summed.
        // hint: Put −c_y / Σ c_y in that matrix, so the sum is already the weighted mean.
        // hint: Throw TransformerError.invalidInput when the labels, their range or the weights do not fit the logits' shape.
        // tests: ClassifierGradientTests/testMeanPoolAndWeightedLossByHand, ClassifierGradientTests/testGradientsOfTheWholeClassifierEqualNumericalOnes
        let (b, c) = (logits.shape[0], logits.shape[1])
        guard labels.count == b, classWeights.count == c, labels.allSatisfy({ (0..<c).contains($0) }) else {
            throw TransformerError.invalidInput("weighted cross-entropy: \(labels.count) labels in 0..<\(c) and \(c) class weights for logits \(logits.shape)")
        }
        let total = labels.reduce(Float(0)) { $0 + classWeights[$1] }
        var selector = [Float](repeating: 0, count: b * c)
        for (i, y) in labels.enumerated() { selector[i * c + y] = -classWeights[y] / total }
        return (try logits.logSoftmax() * Variable(try Tensor(shape: [b, c], storage: selector))).sum()
        // end exercise weighted-cross-entropy
    }
}

/// Hidden states after the first k blocks of a trained encoder, from a k-block copy of it (no
/// gradients): `EncoderClassifier.logits(prefixHidden:)` continues from them.
public final class FrozenPrefix {
    public let encoder: TransformerEncoder
    public let padID: Int

    /// Copies the embeddings and blocks 0..<layers of `source` (their parameters, by name).
    public init(copying source: TransformerEncoder, layers: Int, padID: Int) throws {
        var config = source.config
        config.layers = layers
        encoder = try TransformerEncoder(config: config)
        let tensors = Dictionary(uniqueKeysWithValues: source.namedParameters().map { ($0.name, $0.value.value) })
        try encoder.load(tensors: tensors)
        self.padID = padID
    }

    /// [T_i, H] for every row of ids (computed in token-budget batches, week 8's), in their order.
    /// `progress(done)` after each batch.
    public func hidden(_ ids: [[Int]], tokensPerBatch: Int = 4096, progress: ((Int) -> Void)? = nil) throws -> [Tensor] {
        let h = encoder.config.hiddenSize
        var out = [Tensor](repeating: Tensor.zeros([0]), count: ids.count)
        var done = 0
        for members in SentenceEmbedder.tokenBudgetBatches(lengths: ids.map(\.count), tokensPerBatch: tokensPerBatch) {
            let (padded, mask) = EncoderClassifier.pad(members.map { ids[$0] }, with: padID)
            let x = try Autograd.noGrad { try encoder(inputIDs: padded, attentionMask: mask).value }
            let t = padded[0].count
            for (b, member) in members.enumerated() {
                let n = ids[member].count
                let start = b * t * h
                out[member] = try Tensor(shape: [n, h], storage: Array(x.storage[start..<(start + n * h)]))
            }
            done += members.count
            progress?(done)
        }
        return out
    }
}
