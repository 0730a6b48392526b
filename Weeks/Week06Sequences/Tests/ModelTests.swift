// The char-level pipeline (vocabulary, stream batching, unigram baseline, sampling, training) and
// the forecaster against persistence on held-out sunspots.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import XCTest

final class ModelTests: XCTestCase {
    func testVocabularyRoundTripsAndRejectsUnknownBytes() throws {
        let text = Array("hello, wörld".utf8)
        let vocabulary = Vocabulary(text: text)
        // Distinct bytes: space , d e h l o r w and the two bytes of ö (0xC3 0xB6) → 11.
        XCTAssertEqual(vocabulary.count, 11)
        XCTAssertEqual(vocabulary.decode(try vocabulary.encode(text)), "hello, wörld")
        XCTAssertThrowsError(try vocabulary.encode(Array("z".utf8)))
    }

    func testStreamBatcherContinuesEachStreamAcrossChunks() throws {
        // ids 0…20, B = 2, T = 3: stream length (21 − 1)/2 = 10, stream 1 starts at id 10.
        var batcher = try StreamBatcher(ids: Array(0...20), batch: 2, steps: 3)
        let first = batcher.next(), second = batcher.next()
        XCTAssertEqual(first.inputs, [[0, 10], [1, 11], [2, 12]])
        XCTAssertEqual(first.targets, [[1, 11], [2, 12], [3, 13]])
        XCTAssertEqual(second.inputs, [[3, 13], [4, 14], [5, 15]])  // picks up where chunk 1 stopped
        XCTAssertFalse(second.wrapped)
        _ = batcher.next()                                          // positions 6…8
        XCTAssertTrue(batcher.next().wrapped)                       // 9…11 would cross the stream end
    }

    func testUnigramCrossEntropyByHand() {
        // train [0, 0, 1] with add-one counts [3, 2] → p = [0.6, 0.4];
        // evaluating [0, 1]: −(ln 0.6 + ln 0.4)/2 = 0.7135581778200728
        let h = CharCorpus.unigramCrossEntropy(train: [0, 0, 1], evaluate: [0, 1], vocabularySize: 2)
        XCTAssertEqual(h, 0.7135581778200728, accuracy: 1e-12)
    }

    func testTemperatureSamplingFollowsTheSoftmax() {
        // logits ln 0.2, ln 0.8 at temperature 1 → P(1) = 0.8; at temperature 0.5 the logits double:
        // P(1) = 0.64 / (0.04 + 0.64) = 0.9412. 20 000 draws: standard error ≈ 0.003.
        var rng = SplitMix64(seed: 9)
        let z: [Float] = [Float(Foundation.log(0.2)), Float(Foundation.log(0.8))]
        let n = 20_000
        let ones = (0..<n).filter { _ in CharLM.draw(z, temperature: 1, rng: &rng) == 1 }.count
        XCTAssertEqual(Double(ones) / Double(n), 0.8, accuracy: 0.012)
        let sharp = (0..<n).filter { _ in CharLM.draw(z, temperature: 0.5, rng: &rng) == 1 }.count
        XCTAssertEqual(Double(sharp) / Double(n), 0.9412, accuracy: 0.008)
        XCTAssertEqual(CharLM.draw([0.1, 2, -1], temperature: 0, rng: &rng), 1)  // argmax
    }

    func testCharModelLearnsASmallFixedText() throws {
        // 40 repetitions of a 34-byte sentence (19 distinct bytes): the unigram baseline is
        // 2.87 nats/char, a model that has learned the sentence approaches 0 (seed 4 measured 0.019;
        // the bound 0.3 leaves room for other BLAS builds while still failing for a model that
        // learns only letter frequencies).
        let sentence = "the quick brown fox jumps over it. "
        let text = Array(String(repeating: sentence, count: 40).utf8)
        let corpus = try CharCorpus(text: text, validationFraction: 0.1)
        var rng = SplitMix64(seed: 4)
        let model = CharLM(vocabularySize: corpus.vocabulary.count, embeddingSize: 16, hiddenSize: 32, rng: &rng)
        let unigram = CharCorpus.unigramCrossEntropy(train: corpus.train, evaluate: corpus.validation,
                                                     vocabularySize: corpus.vocabulary.count)
        _ = try CharTrainer.train(model, ids: corpus.train, batch: 4, steps: 16, trainingSteps: 250, lr: 1e-2)
        let validation = try model.evaluate(ids: corpus.validation, batch: 2, steps: 16, maxChunks: 10)
        XCTAssertGreaterThan(unigram, 2.5)
        XCTAssertLessThan(validation, 0.3, "validation loss \(validation) nats/char (unigram \(unigram))")
        // Greedy sampling continues the sentence.
        let prime = try corpus.vocabulary.encode(Array("the quick ".utf8))
        var sampleRNG = SplitMix64(seed: 1)
        let out = corpus.vocabulary.decode(try model.sample(prime: prime, length: 9, temperature: 0, rng: &sampleRNG))
        XCTAssertEqual(out, "brown fox")
    }

    func testCheckpointRoundTripKeepsTheLoss() throws {
        var rng = SplitMix64(seed: 2)
        let model = CharLM(vocabularySize: 7, embeddingSize: 4, hiddenSize: 5, rng: &rng)
        let copy = CharLM(vocabularySize: 7, embeddingSize: 4, hiddenSize: 5, rng: &rng)
        let ids = (0..<60).map { ($0 * 3) % 7 }
        let before = try model.evaluate(ids: ids, batch: 2, steps: 5, maxChunks: 5)
        XCTAssertNotEqual(try copy.evaluate(ids: ids, batch: 2, steps: 5, maxChunks: 5), before)
        let directory = try TemporaryDirectory()
        try Checkpoint.save(model, to: directory.file("m.safetensors"))
        try Checkpoint.load(into: copy, from: directory.file("m.safetensors"))
        XCTAssertEqual(try copy.evaluate(ids: ids, batch: 2, steps: 5, maxChunks: 5), before)
    }

    func testForecastErrorsByHand() {
        // errors 1, −2, 3: MSE (1 + 4 + 9)/3 = 14/3, MAE 6/3 = 2
        let e = ForecastErrors(actual: [1, 2, 3], predicted: [0, 4, 0])
        XCTAssertEqual(e.mse, 14.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(e.mae, 2, accuracy: 1e-12)
    }

    func testForecasterPredictsFromTheWindowBeforeEachTarget() throws {
        // Window 3 over z = 0.1, 0.2, …, 0.8: target t reads z[t−3], z[t−2], z[t−1]. Each row of the
        // batch prediction must equal the GRU stepped by hand over that target's window alone, then the head.
        var rng = SplitMix64(seed: 8)
        let model = Forecaster(window: 3, hiddenSize: 4, rng: &rng)
        let z: [Float] = (1...8).map { Float($0) / 10 }
        let targets = [3, 7, 5]
        let batch = try model.predict(z, targets: targets).value
        XCTAssertEqual(batch.shape, [3, 1])
        var expected: [Float] = []
        for t in targets {
            var state = model.cell.zeroState(batch: 1)
            for s in (t - 3)..<t { state = try model.cell(Variable(try Tensor(shape: [1, 1], storage: [z[s]])), state) }
            expected.append(try model.head(state.h).value.storage[0])
        }
        assertClose(batch.storage, expected, rtol: 1e-5, atol: 1e-6)
        XCTAssertNotEqual(expected[0], expected[1], "the targets' windows must give different forecasts")
    }

    func testForecasterBeatsPersistenceOnHeldOutSunspots() throws {
        // The default run (window 12, GRU 32, 400 epochs, seed 6) printed held-out MSE 696 vs
        // persistence 1107 (37% lower). Asserted with margin: at least 20% below persistence.
        let folder = try Fixtures.require(.statsmodels)
        let table = try CSV.read(folder.appendingPathComponent("sunspots.csv"))
        let values = try table.numericColumn(try table.columnIndex("SUNACTIVITY"))
        XCTAssertEqual(values.count, 309)  // 1700…2008
        let result = try Forecaster.run(series: values, window: 12, epochs: 400, seed: 6)
        XCTAssertEqual(result.actual.count, 62)
        // Persistence is computed independently here: ŷ_t = y_{t−1} over the last 62 years.
        let persistence = ForecastErrors(actual: Array(values[247...]), predicted: Array(values[246..<308]))
        XCTAssertEqual(result.baseline.mse, persistence.mse, accuracy: 1e-9)
        XCTAssertLessThan(result.model.mse, 0.8 * persistence.mse, "GRU \(result.model.mse) vs persistence \(persistence.mse)")
        XCTAssertLessThan(result.model.mae, persistence.mae)
    }
}
