// The incremental trainer against week 8's (the naive recount, the reference): the same merges in
// the same order, on worked examples (ties, overlapping runs) and on seeded generated text with
// many ties among rare pairs.
import Shared
import XCTest
import Week08LLMEngineering
@testable import Week18Tokenizers

final class IncrementalBPETests: XCTestCase {
    func assertSameMerges(_ text: String, _ vocabularySize: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let naive = try BPETokenizer.train(text, vocabularySize: vocabularySize)
        let fast = try IncrementalBPE.train(text, vocabularySize: vocabularySize)
        XCTAssertEqual(fast.merges.count, naive.merges.count, file: file, line: line)
        for (i, (a, b)) in zip(fast.merges, naive.merges).enumerated() where a != b {
            XCTFail("merge \(i): incremental \(a.left) \(a.right), week 8 \(b.left) \(b.right)", file: file, line: line)
            return
        }
    }

    func testWorkedExample() throws {
        // minbpe's example: aa (256) first, then aa a → 257 ("aaa"), then 257 b → 258.
        let bpe = try IncrementalBPE.train("aaabdaaabac", vocabularySize: 259)
        XCTAssertEqual(bpe.merges, [BytePair(97, 97), BytePair(256, 97), BytePair(257, 98)])
    }

    func testTiesAndOverlappingRunsAsWeekEight() throws {
        try assertSameMerges("aaaa aaaaa aa baba abab", 270)
        try assertSameMerges("low lower lowest newer newest wider", 290)
        try assertSameMerges(RoundTripTests.corpus, 400)
    }

    func testStopsWhenEveryChunkIsOneToken() throws {
        let bpe = try IncrementalBPE.train("ab ab", vocabularySize: 1000)
        XCTAssertEqual(bpe.merges.count, try BPETokenizer.train("ab ab", vocabularySize: 1000).merges.count)
        XCTAssertThrowsError(try IncrementalBPE.train("x", vocabularySize: 100))
    }

    func testGeneratedTextAsWeekEight() throws {
        // ~40 KB of seeded pseudo-words: frequent pairs early, thousands of tied rare pairs late.
        var rng = SplitMix64(seed: 18)
        let syllables = ["ka", "ro", "mi", "the", "ing", "str", "ou", "ly", " ", "é", "東", "'s", "42", ".", "\n", "  "]
        var text = ""
        while text.utf8.count < 40_000 {
            let n = 1 + rng.nextInt(below: 4)
            for _ in 0..<n { text += syllables[rng.nextInt(below: syllables.count)] }
            text += rng.nextInt(below: 5) == 0 ? ", " : " "
        }
        try assertSameMerges(text, 1500)
    }
}
