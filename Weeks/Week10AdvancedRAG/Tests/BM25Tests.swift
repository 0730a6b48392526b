// BM25 against a 3-document example worked by hand, and the tokeniser's rules.

import Foundation
import TestSupport
import XCTest
@testable import Week10AdvancedRAG

final class BM25Tests: XCTestCase {
    func testTokeniserSplitsOnPunctuationKeepsUnderscoresDropsStopWords() {
        XCTAssertEqual(BM25Tokenizer.tokens("How do I call json.dumps() in __init__?"), ["call", "json", "dumps", "__init__"])
        XCTAssertEqual(BM25Tokenizer.tokens("Café CSV-Files"), ["café", "csv", "files"])
        XCTAssertEqual(BM25Tokenizer.tokens("Café CSV-Files", stemming: true), ["café", "csv", "file"])
        // Harman's S-stemmer: -ies → -y, -es → -e, -s → "", except -eies/-aies, -aes/-ees/-oes, -us/-ss.
        XCTAssertEqual(["libraries", "queries", "classes", "processes", "status", "class", "dumps", "bus", "args", "os", "py3s"]
                        .map(BM25Tokenizer.stem), ["library", "query", "classe", "processe", "status", "class", "dump", "bus", "arg", "os", "py3s"])
    }

    /// d0 = "apple banana apple" (|d| 3), d1 = "banana cherry" (2), d2 = "cherry cherry cherry date" (4);
    /// N = 3, avgdl = 3, k1 = 1.2, b = 0.75, query "apple cherry".
    ///   idf(apple)  = ln(1 + (3 − 1 + 0.5)/(1 + 0.5)) = ln(8/3)
    ///   idf(cherry) = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln(1.6)
    ///   d0: apple tf 2, K = 1.2·(0.25 + 0.75·3/3) = 1.2 → ln(8/3)·2·2.2/(2 + 1.2) = ln(8/3)·1.375
    ///   d1: cherry tf 1, K = 1.2·(0.25 + 0.75·2/3) = 0.9 → ln(1.6)·2.2/1.9
    ///   d2: cherry tf 3, K = 1.2·(0.25 + 0.75·4/3) = 1.5 → ln(1.6)·6.6/4.5
    func testScoresEqualHandComputedValues() {
        let index = BM25Index(documents: ["apple banana apple", "banana cherry", "cherry cherry cherry date"])
        XCTAssertEqual(index.averageLength, 3)
        assertClose([index.idf("apple"), index.idf("cherry"), index.idf("date"), index.idf("kiwi")],
                    [log(8.0 / 3), log(1.6), log(1 + 2.5 / 1.5), log(1 + 3.5 / 0.5)], rtol: 1e-12)
        let scores = index.scores("apple cherry")
        let expected = [log(8.0 / 3) * 1.375, log(1.6) * 2.2 / 1.9, log(1.6) * 6.6 / 4.5]
        assertClose(scores, expected, rtol: 1e-12)
        // Numerically: 1.34864, 0.54422, 0.68934 → ranking d0, d2, d1.
        XCTAssertEqual(index.search("apple cherry", k: 3).map(\.index), [0, 2, 1])
        // A repeated query term counts once; an unknown term adds nothing.
        assertClose(index.scores("apple apple cherry kiwi"), expected, rtol: 1e-12)
    }

    func testParametersChangeLengthNormalisation() {
        // b = 0: no length normalisation, so the tf-3 document scores ln(1.6)·3·2.2/(3 + 1.2).
        let index = BM25Index(documents: ["apple banana apple", "banana cherry", "cherry cherry cherry date"],
                              parameters: BM25Parameters(k1: 1.2, b: 0))
        assertClose([index.scores("cherry")[2]], [log(1.6) * 6.6 / 4.2], rtol: 1e-12)
    }

    func testTopKMatchesAFullSort() {
        var rng = SplitMix64Local(seed: 7)
        let scores = (0..<1000).map { _ in Double(rng.next() % 50) }
        let top = Ranking.top(scores, k: 17)
        let naive = scores.enumerated().sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
        XCTAssertEqual(top.map(\.index), naive.prefix(17).map(\.offset))
    }
}

/// A tiny local generator so this file does not depend on Shared's for its data.
struct SplitMix64Local {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
