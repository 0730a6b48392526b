// Byte-level BPE: a merge sequence worked by hand, encode/decode round trips, save/load.

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import XCTest

final class BPETests: XCTestCase {
    /// "aaabdaaabac" (Wikipedia's BPE example, minbpe's test). Pairs: aa ×4, ab ×2, … → aa = 256.
    /// Then "256 a b d 256 a b a c": (256, a) and (a, b) both occur twice; (256, a) is met first → 257.
    /// Then (257, b) ×2 → 258. The text encodes as [258, d, 258, a, c].
    func testMergesOnAHandWorkedExample() throws {
        let bpe = try BPETokenizer.train("aaabdaaabac", vocabularySize: 259)
        XCTAssertEqual(bpe.merges, [BytePair(97, 97), BytePair(256, 97), BytePair(257, 98)])
        XCTAssertEqual(bpe.encode("aaabdaaabac"), [258, 100, 258, 97, 99])
        XCTAssertEqual(bpe.decode([258]), "aaab")
    }

    /// Merges given, not trained: 256 = (a, b), 257 = (b, c), 258 = (256, c).
    ///   "abc":  ab (rank 0) beats bc (rank 1) → [256, c] → (256, c) rank 2 → [258]
    ///   "bcab": bc rank 1, ca none, ab rank 0 → [b, c, 256] → bc → [257, 256]; (257, 256) is no merge
    ///   "abab": ab at both places at once → [256, 256]
    func testEncodeAppliesTheEarliestLearntMergeFirst() throws {
        let bpe = try BPETokenizer(merges: [BytePair(97, 98), BytePair(98, 99), BytePair(256, 99)])
        XCTAssertEqual(bpe.encode("abc"), [258])
        XCTAssertEqual(bpe.encode("bcab"), [257, 256])
        XCTAssertEqual(bpe.encode("abab"), [256, 256])
        XCTAssertEqual(bpe.encode("ab abc"), [256, 32, 258])  // " abc" is its own chunk: space, then [258]
    }

    func testRoundTripOnAnyText() throws {
        let corpus = "The quick brown fox. The quick brown dog! Don't stop: it's 2024 — café 東京 🐍🐍\n\n  indented\tcode()"
        let bpe = try BPETokenizer.train(corpus, vocabularySize: 300)
        for text in [corpus, "", "unseen words ÿ€𝄞 \u{0}", "🐍 the the the"] {
            XCTAssertEqual(bpe.decode(bpe.encode(text)), text)
        }
        XCTAssertLessThan(bpe.encode(corpus).count, corpus.utf8.count, "merges compress the training text")
    }

    func testChunksFollowGPT2Pattern() {
        XCTAssertEqual(BPETokenizer.chunks("Hello world's 123 end!!  ok\n\nx"),
                       ["Hello", " world", "'s", " 123", " end", "!!", " ", " ok", "\n", "\n", "x"])
    }

    func testSaveAndLoadGiveTheSameEncoding() throws {
        let bpe = try BPETokenizer.train("low lower lowest newer newest wider", vocabularySize: 270)
        let dir = try TemporaryDirectory()
        try bpe.save(to: dir.file("m.bpe"))
        let loaded = try BPETokenizer.load(dir.file("m.bpe"))
        XCTAssertEqual(loaded.merges, bpe.merges)
        XCTAssertEqual(loaded.encode("lowest newest"), bpe.encode("lowest newest"))
        try Data("bpe v1\n97 97\n300 1\n".utf8).write(to: dir.file("bad.bpe"))
        XCTAssertThrowsError(try BPETokenizer.load(dir.file("bad.bpe"))) { error in
            XCTAssertTrue("\(error)".contains("line 3"), "\(error)")
        }
        XCTAssertThrowsError(try BPETokenizer.train("x", vocabularySize: 100))
    }
}
