// The three objectives' batches against hand-worked examples (the header's T5 example, next-token
// targets), T5's span-mask counts, and one short pretraining run per objective that lowers its loss.

import Foundation
import Shared
import Week07Transformer
import Week19Pretraining
import XCTest

final class ObjectivesTests: XCTestCase {
    func testSpanCorruptionOfTheHeaderExample() {
        // words a…h = 10…17, noise c d and g; sentinels from 100
        let (input, target) = Objectives.spanCorruption([10, 11, 12, 13, 14, 15, 16, 17],
                                                        noise: [false, false, true, true, false, false, true, false], sentinelBase: 100)
        XCTAssertEqual(input, [10, 11, 100, 14, 15, 101, 17])
        XCTAssertEqual(target, [100, 12, 13, 101, 16, 102])
    }

    func testRandomSpanMaskHasT5sCounts() {
        var rng = SplitMix64(seed: 1)
        for n in [2, 5, 20, 40, 200] {
            let mask = Objectives.randomSpanMask(length: n, rate: 0.15, meanSpan: 3, rng: &rng)
            XCTAssertEqual(mask.count, n)
            let noise = max(1, min(n - 1, Int((0.15 * Double(n)).rounded())))
            XCTAssertEqual(mask.filter { $0 }.count, noise, "n = \(n)")
            let runs = zip(mask, [false] + mask).filter { $0 && !$1 }.count
            let spans = min(Objectives.sentinels - 1, noise, n - noise, max(1, Int((Double(noise) / 3).rounded())))
            XCTAssertEqual(runs, spans, "n = \(n)")
            XCTAssertFalse(mask[0], "T5 starts with a kept run")
        }
    }

    func testCLMBatchPredictsTheNextWord() {
        var rng = SplitMix64(seed: 2)
        let batch = Objectives.batch(.clm, rows: [[7, 8, 9], [10, 11]], words: 20, rng: &rng)
        XCTAssertEqual(batch.inputIDs, [[7, 8, 9], [10, 11, WordVocabulary.pad]])
        XCTAssertEqual(batch.attentionMask, [[1, 1, 1], [1, 1, 0]])
        XCTAssertEqual(batch.positions, [0, 1, 3])
        XCTAssertEqual(batch.labels, [8, 9, 11])
    }

    func testSpanBatchScoresTheTargetOnly() {
        var rng = SplitMix64(seed: 3)
        let row = Array(10..<30)
        let batch = Objectives.batch(.span, rows: [row], words: 40, rng: &rng)
        let sequence = batch.inputIDs[0]
        let sep = sequence.firstIndex(of: WordVocabulary.sep)!
        XCTAssertEqual(batch.positions, Array((sep)..<(sequence.count - 1)))
        XCTAssertEqual(batch.labels, Array(sequence[(sep + 1)...]))
        XCTAssertEqual(batch.labels.first, 40)  // the target opens with ⟨0⟩
        // input words + target words (sentinels removed) are the row, each word once
        let words = sequence.filter { $0 >= 10 && $0 < 40 }
        XCTAssertEqual(words.sorted(), row)
    }

    func testShortPretrainingLowersEveryObjectivesLoss() throws {
        var rng = SplitMix64(seed: 4)
        let rows = (0..<64).map { _ -> [Int] in
            let start = 5 + rng.nextInt(below: 10)
            return Array(start..<(start + 8))  // counting runs: predictable in every objective
        }
        var settings = PretrainingSettings()
        (settings.hiddenSize, settings.layers, settings.steps, settings.batchSize, settings.lr, settings.maxPositions) = (16, 1, 60, 16, 1e-2, 40)
        for objective in Objective.allCases {
            let (model, losses) = try Pretraining.train(objective, rows: rows, words: 24, settings: settings)
            XCTAssertEqual(losses.count, 60)
            let first = losses.prefix(5).reduce(0, +) / 5, last = losses.suffix(5).reduce(0, +) / 5
            if objective != .mlm { XCTAssertLessThan(last, 0.6 * first, "\(objective)") }  // MLM: a fresh 15 % per batch, noisy
            XCTAssertEqual(model.encoder.config.causal, objective != .mlm)
            let untrained = try MaskedLanguageModel(config: settings.config(words: 24, objective: objective), seed: settings.seed)
            XCTAssertLessThan(try Pretraining.heldOutLoss(model, objective, rows: rows, words: 24),
                              0.8 * (try Pretraining.heldOutLoss(untrained, objective, rows: rows, words: 24)), "\(objective)")
        }
    }
}
