// The gate's toy task: a tiny randomly initialised encoder fine-tuned (everything, then only the
// top block on a frozen prefix) on a separable task — the class is which marker token the
// sequence holds — classifies every unseen sequence correctly.

import Foundation
import Shared
import Week04MNIST
import Week07Transformer
import Week19Pretraining
import XCTest

final class FineTuneToyTests: XCTestCase {
    /// Sequences of 3…7 filler tokens (5…15) with one marker (1, 2 or 3 = the class) somewhere.
    static func toy(_ n: Int, seed: UInt64) -> (ids: [[Int]], labels: [Int]) {
        var rng = SplitMix64(seed: seed)
        var ids: [[Int]] = [], labels: [Int] = []
        for _ in 0..<n {
            let label = rng.nextInt(below: 3)
            var row = (0..<(3 + rng.nextInt(below: 5))).map { _ in 5 + rng.nextInt(below: 11) }
            row.insert(1 + label, at: rng.nextInt(below: row.count + 1))
            ids.append(row)
            labels.append(label)
        }
        return (ids, labels)
    }

    static let config = TransformerConfig(vocabularySize: 16, hiddenSize: 16, layers: 2, heads: 2, maxPositions: 16, dropout: 0)

    func testFineTuningEverythingReachesFullAccuracy() throws {
        let model = try EncoderClassifier(encoder: try TransformerEncoder(config: Self.config, seed: 1), classCount: 3, seed: 2)
        let (train, test) = (Self.toy(96, seed: 3), Self.toy(60, seed: 4))
        let before = try FineTuning.predict(model, inputs: .ids(test.ids, padID: 0))
        XCTAssertLessThan(ClassificationScore(truth: test.labels, predicted: before, classCount: 3).accuracy, 0.7)
        let losses = try FineTuning.train(model, inputs: .ids(train.ids, padID: 0), labels: train.labels,
                                          options: FineTuneOptions(epochs: 15, batchSize: 8, lr: 5e-3, seed: 5))
        XCTAssertEqual(losses.count, 15 * 12)
        let predicted = try FineTuning.predict(model, inputs: .ids(test.ids, padID: 0))
        XCTAssertEqual(ClassificationScore(truth: test.labels, predicted: predicted, classCount: 3).accuracy, 1)
        XCTAssertLessThan(losses.suffix(12).reduce(0, +) / 12, 0.1)
    }

    func testFineTuningTheTopBlockOnAFrozenPrefixReachesFullAccuracy() throws {
        let encoder = try TransformerEncoder(config: Self.config, seed: 6)
        let model = try EncoderClassifier(encoder: encoder, classCount: 3, frozenLayers: 1, seed: 7)
        let prefix = try FrozenPrefix(copying: encoder, layers: 1, padID: 0)
        let (train, test) = (Self.toy(96, seed: 8), Self.toy(60, seed: 9))
        let frozenBefore = encoder.wordEmbeddings.weight.value.storage
        try FineTuning.train(model, inputs: .prefix(try prefix.hidden(train.ids)), labels: train.labels,
                             options: FineTuneOptions(epochs: 40, batchSize: 8, lr: 1e-2, seed: 10))
        let predicted = try FineTuning.predict(model, inputs: .prefix(try prefix.hidden(test.ids)))
        XCTAssertGreaterThanOrEqual(ClassificationScore(truth: test.labels, predicted: predicted, classCount: 3).accuracy, 0.95)
        XCTAssertEqual(encoder.wordEmbeddings.weight.value.storage, frozenBefore)  // the frozen part did not move
    }

    func testIdsWithFrozenLayersAreRefused() throws {
        let model = try EncoderClassifier(encoder: try TransformerEncoder(config: Self.config, seed: 1), classCount: 3, frozenLayers: 1, seed: 2)
        XCTAssertThrowsError(try FineTuning.train(model, inputs: .ids([[1, 5]], padID: 0), labels: [0], options: FineTuneOptions()))
        XCTAssertThrowsError(try EncoderClassifier(encoder: model.encoder, classCount: 3, frozenLayers: 3, seed: 2))
    }
}
