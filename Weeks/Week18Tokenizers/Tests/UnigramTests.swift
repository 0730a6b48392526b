// Unigram's dynamic programs against enumeration of every segmentation of short strings.
import Shared
import XCTest
@testable import Week18Tokenizers

final class UnigramTests: XCTestCase {
    /// A vocabulary over "a", "b", "c": the bytes plus a few pieces with chosen probabilities.
    func tinyModel() -> UnigramModel {
        var pieces = (0..<256).map { [UInt8($0)] }
        var logp = [Double](repeating: log(0.001), count: 256)
        logp[Int(UInt8(ascii: "a"))] = log(0.2)
        logp[Int(UInt8(ascii: "b"))] = log(0.15)
        logp[Int(UInt8(ascii: "c"))] = log(0.1)
        for (piece, p) in [("ab", 0.1), ("bc", 0.08), ("abc", 0.05), ("ca", 0.07), ("aa", 0.03), ("bca", 0.02)] {
            pieces.append(Array(piece.utf8))
            logp.append(log(p))
        }
        return UnigramModel(pieces: pieces, logProbabilities: logp)
    }

    /// Every segmentation of bytes into the model's pieces, with its score.
    func allSegmentations(_ bytes: [UInt8], _ model: UnigramModel) -> [(ids: [Int], score: Double)] {
        if bytes.isEmpty { return [([], 0)] }
        var out: [(ids: [Int], score: Double)] = []
        for (id, piece) in model.pieces.enumerated() where bytes.starts(with: piece) {
            for rest in allSegmentations(Array(bytes.dropFirst(piece.count)), model) {
                out.append(([id] + rest.ids, model.logProbabilities[id] + rest.score))
            }
        }
        return out
    }

    func shortStrings() -> [[UInt8]] {
        var rng = SplitMix64(seed: 18)
        return (0..<60).map { _ in (0..<(1 + rng.nextInt(below: 7))).map { _ in Array("abcd".utf8)[rng.nextInt(below: 4)] } }
    }

    func testViterbiEqualsBruteForce() {
        let model = tinyModel()
        for s in shortStrings() {
            let all = allSegmentations(s, model)
            let best = all.max { $0.score < $1.score }!
            let ours = model.viterbi(s)
            XCTAssertEqual(ours.score, best.score, accuracy: 1e-12, "\(String(decoding: s, as: UTF8.self))")
            XCTAssertEqual(model.decodeBytes(ours.ids), s)
            // the score of the returned ids is the returned score
            XCTAssertEqual(ours.ids.map { model.logProbabilities[$0] }.reduce(0, +), ours.score, accuracy: 1e-12)
        }
    }

    func testForwardEqualsLogSumOverSegmentations() {
        let model = tinyModel()
        for s in shortStrings() {
            let z = allSegmentations(s, model).map { exp($0.score) }.reduce(0, +)
            XCTAssertEqual(model.forward(s).last!, log(z), accuracy: 1e-10)
        }
    }

    func testExpectedCountsEqualBruteForce() {
        let model = tinyModel()
        for s in shortStrings().prefix(20) {
            let all = allSegmentations(s, model)
            let z = all.map { exp($0.score) }.reduce(0, +)
            var brute = [Double](repeating: 0, count: model.vocabularySize)
            for seg in all { for id in seg.ids { brute[id] += 3 * exp(seg.score) / z } }
            var ours = [Double](repeating: 0, count: model.vocabularySize)
            model.addExpectedCounts(s, count: 3, into: &ours)
            for id in 0..<model.vocabularySize { XCTAssertEqual(ours[id], brute[id], accuracy: 1e-9, "piece \(id)") }
        }
    }

    /// Sampling "abc" 20 000 times: each segmentation's share ≈ its exact posterior exp(score)/Z.
    func testSamplingFollowsThePosterior() {
        let model = tinyModel()
        let s = Array("abca".utf8)
        let all = allSegmentations(s, model)
        let z = all.map { exp($0.score) }.reduce(0, +)
        var rng = SplitMix64(seed: 7)
        var counts: [[Int]: Int] = [:]
        let n = 20_000
        for _ in 0..<n { counts[model.sample(s, using: &rng), default: 0] += 1 }
        for seg in all {
            let p = exp(seg.score) / z
            let share = Double(counts[seg.ids] ?? 0) / Double(n)
            // 5 standard errors of a binomial share
            XCTAssertEqual(share, p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-4, "\(seg.ids)")
        }
    }

    /// Trained on a tiny corpus, frequent words become single pieces and any text round-trips.
    func testTrainingLearnsFrequentWordsAndFallsBackToBytes() throws {
        let text = String(repeating: "the cat sat on the mat with the hat. ", count: 40)
        let model = try UnigramModel.train(text, options: UnigramTrainingOptions(vocabularySize: 270))
        XCTAssertLessThanOrEqual(model.vocabularySize, 270)
        XCTAssertEqual(model.encode(" the").count, 1)
        let unseen = "Zürich 日本 🙂"
        XCTAssertEqual(model.decode(model.encode(unseen)), unseen)
        XCTAssertEqual(model.encode("日").count, 3)  // never seen: its three UTF-8 bytes
    }
}
