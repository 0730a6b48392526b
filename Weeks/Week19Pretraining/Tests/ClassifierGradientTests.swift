// The gate's gradient check: through the pretrained-encoder classifier (embeddings, BERT blocks,
// mean pooling, head, class-weighted loss), the tape's gradient of every parameter equals central
// differences (week 13's LayerGradCheck) on a tiny config; the frozen-prefix path gives the same
// hidden states as the whole encoder; pooling and the weighted loss against hand-worked numbers.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import Week08LLMEngineering
import Week13Modules
import Week19Pretraining
import XCTest

final class ClassifierGradientTests: XCTestCase {
    static let tiny = TransformerConfig(vocabularySize: 11, hiddenSize: 8, layers: 2, heads: 2, intermediateSize: 12,
                                        maxPositions: 8, dropout: 0)
    static let ids = [[2, 5, 7, 3], [2, 9, 3]]

    func testGradientsOfTheWholeClassifierEqualNumericalOnes() throws {
        let model = try EncoderClassifier(encoder: try TransformerEncoder(config: Self.tiny, seed: 3), classCount: 3, seed: 4)
        let logits = LayerCheck(name: "classifier logits", module: model, input: nil) { _ in try model.logits(ids: Self.ids, padID: 0) }
        let loss = LayerCheck(name: "class-weighted loss", module: model, input: nil) { _ in
            try EncoderClassifier.weightedCrossEntropy(try model.logits(ids: Self.ids, padID: 0), labels: [2, 0], classWeights: [0.5, 1, 3])
        }
        for check in [logits, loss] {
            let result = try LayerGradCheck.run(check)
            XCTAssertTrue(result.ok, "\(check.name): \(result.errors.filter { $0.relativeError > LayerGradCheck.tolerance })")
            XCTAssertGreaterThan(result.elements, 500)
        }
    }

    func testGradientsThroughTheTopBlocksOnAFrozenPrefix() throws {
        let encoder = try TransformerEncoder(config: Self.tiny, seed: 5)
        let model = try EncoderClassifier(encoder: encoder, classCount: 3, frozenLayers: 1, seed: 6)
        let prefix = try FrozenPrefix(copying: encoder, layers: 1, padID: 0).hidden(Self.ids)
        let result = try LayerGradCheck.run(LayerCheck(name: "top block + head", module: model, input: nil) { _ in
            try model.logits(prefixHidden: prefix)
        })
        XCTAssertTrue(result.ok, "\(result.errors.filter { $0.relativeError > LayerGradCheck.tolerance })")
        // the frozen part (embeddings, block 0) is not in what fine-tuning updates
        XCTAssertFalse(model.trainableParameters.contains { $0.name.hasPrefix("encoder.embeddings.") || $0.name.hasPrefix("encoder.encoder.layer.0.") })
        XCTAssertTrue(model.trainableParameters.contains { $0.name.hasPrefix("encoder.encoder.layer.1.") })
    }

    func testFrozenPrefixThenTopBlocksEqualsTheWholeEncoder() throws {
        let encoder = try TransformerEncoder(config: Self.tiny, seed: 8)
        let (padded, mask) = EncoderClassifier.pad(Self.ids, with: 0)
        let whole = try Autograd.noGrad { try encoder(inputIDs: padded, attentionMask: mask).value }
        let expected = SentenceEmbedder.meanPoolNormalized(whole, mask: mask)
        for k in 0...2 {
            let model = try EncoderClassifier(encoder: encoder, classCount: 2, frozenLayers: k, seed: 1)
            let prefix = try FrozenPrefix(copying: encoder, layers: k, padID: 0).hidden(Self.ids)
            XCTAssertEqual(prefix.map { $0.shape }, [[4, 8], [3, 8]])
            let (hidden, m) = try Autograd.noGrad { try model.hidden(prefixHidden: prefix) }
            XCTAssertEqual(m, mask)
            assertClose(SentenceEmbedder.meanPoolNormalized(hidden.value, mask: m).flatMap { $0 }, expected.flatMap { $0 },
                        rtol: 1e-4, atol: 1e-5, "k = \(k)")
        }
    }

    func testMeanPoolAndWeightedLossByHand() throws {
        // hidden [2, 2, 2]: row 0 has both tokens, row 1 only the first
        let hidden = Variable(try Tensor(shape: [2, 2, 2], storage: [1, 2, 3, 4, 5, 6, 70, 80]))
        let pooled = try EncoderClassifier.meanPool(hidden, mask: [[1, 1], [1, 0]])
        assertClose(pooled.value.storage, [2, 3, 5, 6])
        // logits rows (0, ln 3) and (0, 0); labels 1 and 0; weights 2 and 1:
        // −(2·ln(3/4) + 1·ln(1/2)) / 3
        let logits = Variable(try Tensor(shape: [2, 2], storage: [0, Float(Foundation.log(3.0)), 0, 0]))
        let loss = try EncoderClassifier.weightedCrossEntropy(logits, labels: [1, 0], classWeights: [1, 2])
        let expected = -(2 * Foundation.log(0.75) + Foundation.log(0.5)) / 3
        assertClose(Double(try loss.scalar), expected, rtol: 1e-6)
        // balanced weights: n / (K · n_k) for labels [0, 0, 0, 1] → 4/6, 4/2
        assertClose(EncoderClassifier.balancedWeights([0, 0, 0, 1], classCount: 2), [2.0 / 3, 2])
    }
}
