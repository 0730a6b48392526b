// Kneser–Ney against a bigram worked by hand and against a naive implementation written here
// from the formulas (string-keyed counts, recursion over orders, nothing shared with the model's
// integer keys); every distribution sums to 1 over the vocabulary, for seen, unseen and short
// contexts; bad orders and ids are refused.

import Foundation
import Shared
import TestSupport
import Week15CharLM
import XCTest

final class NGramTests: XCTestCase {
    // Train ids 0 1 0 1 0 2 (V = 3), order 2, worked by hand:
    //   bigram counts c(01) = 2, c(10) = 2, c(02) = 1  → n1 = 1, n2 = 2, D2 = 1 / (1 + 4) = 0.2
    //   continuation counts of 0, 1, 2: one distinct left neighbour each → n1 = 3, n2 = 0, D1 = 1
    //   P1(w) = max(1 − 1, 0)/3 + 1 · 3/3 · 1/3 = 1/3 for every w
    //   context 0: c(0 •) = 3, N1+(0 •) = 2 → P(2 | 0) = 0.8/3 + 0.2 · 2/3 · 1/3,  P(0 | 0) = 0.2 · 2/9
    //   context 2 never precedes anything → P(w | 2) = P1(w) = 1/3
    func testBigramByHand() throws {
        let model = try KneserNeyModel(order: 2, vocabularySize: 3, train: [0, 1, 0, 1, 0, 2])
        assertClose(model.discounts, [1, 0.2], rtol: 1e-12)
        XCTAssertEqual(model.probability(of: 2, after: [0][...]), 0.8 / 3 + 0.4 / 9, accuracy: 1e-12)
        XCTAssertEqual(model.probability(of: 1, after: [0][...]), 1.8 / 3 + 0.4 / 9, accuracy: 1e-12)
        XCTAssertEqual(model.probability(of: 0, after: [0][...]), 0.4 / 9, accuracy: 1e-12)
        for w in 0..<3 { XCTAssertEqual(model.probability(of: w, after: [2][...]), 1.0 / 3, accuracy: 1e-12) }
        XCTAssertEqual(model.probability(of: 1, after: [][...]), 1.0 / 3, accuracy: 1e-12)
    }

    func testEqualsANaiveImplementationAndSumsToOne() throws {
        var rng = SplitMix64(seed: 3)
        // A text with structure (a repeated phrase with random mutations) over V = 6.
        var ids: [Int] = []
        for _ in 0..<300 { ids += [0, 1, 2, 3].map { rng.nextUnitDouble() < 0.2 ? rng.nextInt(below: 6) : $0 } }
        let vocabularySize = 7  // id 6 never occurs: unseen as context and as character
        for order in [1, 3, 5] {
            let model = try KneserNeyModel(order: order, vocabularySize: vocabularySize, train: ids)
            let naive = NaiveKneserNey(order: order, vocabularySize: vocabularySize, train: ids)
            let contexts: [[Int]] = [[], [3], [0, 1], [1, 2, 3, 0], [6, 6, 6, 6], [2, 6, 1, 2], [5, 4, 5, 4]]
            for context in contexts {
                let p = model.distribution(after: context[...])
                XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12, "order \(order), context \(context)")
                assertClose(p, (0..<vocabularySize).map { naive.probability($0, after: context) }, rtol: 1e-12)
            }
        }
    }

    func testCrossEntropyIsTheMeanNegativeLog() throws {
        let train = [0, 1, 2, 0, 1, 2, 0, 2, 1, 0]
        let model = try KneserNeyModel(order: 3, vocabularySize: 3, train: train)
        let held = [0, 1, 2, 1]
        var sum = 0.0
        for i in held.indices { sum -= log(model.probability(of: held[i], after: held[max(0, i - 2)..<i])) }
        XCTAssertEqual(model.crossEntropy(held), sum / 4, accuracy: 1e-12)
    }

    func testHeldOutCrossEntropyOfTheHandBigram() throws {
        // The bigram of testBigramByHand on held-out ids 0 2: the first character has no context,
        // P(0) = P1(0) = 1/3; then P(2 | 0) = 0.8/3 + 0.4/9. Mean −ln P over the two, and in bits.
        let model = try KneserNeyModel(order: 2, vocabularySize: 3, train: [0, 1, 0, 1, 0, 2])
        let nats = model.crossEntropy([0, 2])
        let expected = -(log(1.0 / 3) + log(0.8 / 3 + 0.4 / 9)) / 2
        XCTAssertEqual(nats, expected, accuracy: 1e-12)
        XCTAssertEqual(ModelScore(name: "2-gram", nats: nats).bits, expected / log(2.0), accuracy: 1e-12)
        XCTAssertEqual(model.crossEntropy([]), 0, "nothing to score")
    }

    func testBadArgumentsAreRefused() {
        XCTAssertThrowsError(try KneserNeyModel(order: 0, vocabularySize: 3, train: [0])) { XCTAssertEqual($0 as? NGramError, .badOrder(0)) }
        XCTAssertThrowsError(try KneserNeyModel(order: 9, vocabularySize: 3, train: [0]))
        XCTAssertThrowsError(try KneserNeyModel(order: 2, vocabularySize: 3, train: [0, 3])) { XCTAssertEqual($0 as? NGramError, .idOutOfRange(3)) }
    }
}

/// Interpolated KN straight from the formulas, with n-grams as strings of ids ("1,2,3").
struct NaiveKneserNey {
    let order: Int
    let vocabularySize: Int
    var counts: [[String: Int]] = []  // counts[k − 1][k-gram]: raw at k = n, continuation below

    init(order: Int, vocabularySize: Int, train ids: [Int]) {
        self.order = order
        self.vocabularySize = vocabularySize
        func gram(_ s: ArraySlice<Int>) -> String { s.map(String.init).joined(separator: ",") }
        counts = Array(repeating: [:], count: order)
        if ids.count >= order {
            for start in 0...(ids.count - order) { counts[order - 1][gram(ids[start..<(start + order)]), default: 0] += 1 }
        }
        // N1+(• g): distinct (k+1)-grams whose last k ids are g.
        for k in stride(from: order - 1, through: 1, by: -1) {
            for longer in counts[k].keys {
                let suffix = longer.split(separator: ",").dropFirst().joined(separator: ",")
                counts[k - 1][suffix, default: 0] += 1
            }
        }
    }

    func discount(_ k: Int) -> Double {
        let n1 = counts[k - 1].values.filter { $0 == 1 }.count
        let n2 = counts[k - 1].values.filter { $0 == 2 }.count
        return n1 + n2 == 0 ? 0.5 : Double(n1) / Double(n1 + 2 * n2)
    }

    func probability(_ w: Int, after history: [Int]) -> Double {
        var p = 1 / Double(vocabularySize)
        for k in 1...order {
            guard k - 1 <= history.count else { break }
            let context = history.suffix(k - 1).map(String.init)
            let matching = counts[k - 1].filter { entry in
                let parts = entry.key.split(separator: ",").map(String.init)
                return Array(parts.dropLast()) == context
            }
            guard !matching.isEmpty else { break }
            let total = Double(matching.values.reduce(0, +))
            let key = (context + [String(w)]).joined(separator: ",")
            let c = Double(counts[k - 1][key] ?? 0)
            let d = discount(k)
            p = max(c - d, 0) / total + d * Double(matching.count) / total * p
        }
        return p
    }
}
