// "BERT from scratch": masked-language-model pretraining.
//
// Pick 15% of the (non-special) tokens; replace 80% of them by [MASK], 10% by a random word, leave
// 10% unchanged; train the encoder to predict the original word at exactly those positions:
//   L = −(1/|M|) Σ_{i∈M} log p(wᵢ | corrupted sequence)
// The model must use both sides of the context, which is what makes BERT's vectors useful.
//
// The head is BERT's (BertForMaskedLM's `cls.predictions`), computed only at the masked rows:
//   h [P, H] → dense H→H → GELU → LayerNorm → h·Eᵀ + b  (E the word embedding table, tied)
// so its logits cost P·H·V instead of B·T·H·V. Parameter names follow BertForMaskedLM:
// "bert.<encoder names>", cls.predictions.transform.dense.*, cls.predictions.transform.LayerNorm.*,
// cls.predictions.bias.

import Foundation
import Shared
import Week04MNIST

/// One masked-LM batch: corrupted ids, the flat positions (b·T + t) that were chosen, and the
/// original ids there.
public struct MLMBatch: Sendable {
    public var inputIDs: [[Int]]
    public var attentionMask: [[Int]]
    public var positions: [Int]
    public var labels: [Int]
}

public enum Masking {
    /// BERT's 80/10/10 corruption of `windows` at rate `rate` (specials never chosen; at least one
    /// position per batch).
    public static func corrupt(_ windows: [[Int]], vocabularySize: Int, rate: Double = 0.15,
                               rng: inout SplitMix64) -> MLMBatch {
        var ids = windows
        var positions: [Int] = [], labels: [Int] = []
        let length = windows.first?.count ?? 0
        let firstWord = WordVocabulary.specials.count
        for (b, row) in windows.enumerated() {
            for (t, id) in row.enumerated() where id >= firstWord || id == WordVocabulary.unknown {
                guard rng.nextUnitDouble() < rate else { continue }
                positions.append(b * length + t)
                labels.append(id)
                let r = rng.nextUnitDouble()
                if r < 0.8 {
                    ids[b][t] = WordVocabulary.mask
                } else if r < 0.9 {
                    ids[b][t] = firstWord + rng.nextInt(below: max(1, vocabularySize - firstWord))
                }
            }
        }
        if positions.isEmpty, let row = windows.first, row.count > 2 {
            positions = [1]
            labels = [row[1]]
            ids[0][1] = WordVocabulary.mask
        }
        let mask = windows.map { row in row.map { $0 == WordVocabulary.pad ? 0 : 1 } }
        return MLMBatch(inputIDs: ids, attentionMask: mask, positions: positions, labels: labels)
    }
}

public final class MaskedLanguageModel: Module {
    public let encoder: TransformerEncoder
    public let transform: Linear
    public let transformNorm: LayerNorm
    public let outputBias: Variable

    public init(config: TransformerConfig, seed: UInt64) throws {
        encoder = try TransformerEncoder(config: config, seed: seed)
        var rng = SplitMix64(seed: seed ^ 0x6d6c6d)
        transform = Linear.normal(config.hiddenSize, config.hiddenSize, rng: &rng)
        transformNorm = LayerNorm(config.hiddenSize, epsilon: config.layerNormEpsilon)
        outputBias = Variable(Tensor.zeros([config.vocabularySize]), requiresGrad: true)
    }

    public var config: TransformerConfig { encoder.config }

    public var members: [ModuleMember] {
        [.child("bert", encoder), .child("cls.predictions.transform.dense", transform),
         .child("cls.predictions.transform.LayerNorm", transformNorm), .parameter("cls.predictions.bias", outputBias)]
    }

    /// Vocabulary logits [positions.count, V] at flat positions (b·T + t) of the batch.
    public func logits(inputIDs: [[Int]], attentionMask: [[Int]]? = nil, positions: [Int]) throws -> Variable {
        let hidden = try encoder(inputIDs: inputIDs, attentionMask: attentionMask)
        let s = hidden.shape
        let rows = try hidden.reshaped([s[0] * s[1], s[2]]).gatherRows(positions)
        let h = try transformNorm(try transform(rows).activation(config.activation))
        let scores = try Variable.matmul(h, encoder.wordEmbeddings.weight, transposeB: true)
        return try scores + outputBias
    }

    /// Mean cross-entropy at the masked positions.
    public func loss(_ batch: MLMBatch) throws -> Variable {
        try logits(inputIDs: batch.inputIDs, attentionMask: batch.attentionMask, positions: batch.positions)
            .crossEntropy(labels: batch.labels)
    }
}
