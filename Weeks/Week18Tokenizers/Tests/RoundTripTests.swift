// encode → decode over many random seeded strings, for the BPE (with special tokens) and the Unigram.
//
// Documented behaviour for invalid UTF-8: the tokenizers take Swift Strings, which are always
// valid; bytes that are not UTF-8 become U+FFFD where they enter (String(decoding:as:), as Python's
// errors="replace"), and that repaired text then round-trips exactly, byte for byte.
import Shared
import XCTest
import Week08LLMEngineering
@testable import Week18Tokenizers

final class RoundTripTests: XCTestCase {
    static let corpus = String(repeating: "def parse(text): return text.split(', ') # naïve — ok\n\tx = 42 if y else 'it''s'\n", count: 30)
        + "Zürich, 東京 and 🙂 are cities? The module's functions don't raise.\r\n"

    /// Random scalars from ASCII, whitespace, Latin-1, Cyrillic, CJK, emoji, combining marks and the specials.
    static func randomString(_ rng: inout SplitMix64) -> String {
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x09...0x0D, 0xA0...0xFF, 0x400...0x45F, 0x4E00...0x4FFF,
                                             0x1F600...0x1F64F, 0x300...0x36F, 0x2000...0x200F]
        var view = String.UnicodeScalarView()
        for _ in 0..<rng.nextInt(below: 40) {
            if rng.nextInt(below: 30) == 0 { view.append(contentsOf: "<|endoftext|>".unicodeScalars); continue }
            let r = ranges[rng.nextInt(below: ranges.count)]
            let value = r.lowerBound + UInt32(rng.nextInt(below: Int(r.upperBound - r.lowerBound) + 1))
            view.append(Unicode.Scalar(value)!)
        }
        return String(view)
    }

    func testBPEWithSpecialsRoundTripsRandomText() throws {
        let tokenizer = SpecialTokenizer(base: try BPETokenizer.train(Self.corpus, vocabularySize: 320), specials: ["<|endoftext|>"])
        var rng = SplitMix64(seed: 1)
        for _ in 0..<500 {
            let s = Self.randomString(&rng)
            XCTAssertEqual(tokenizer.decodeBytes(tokenizer.encode(s)), Array(s.utf8), s.debugDescription)
            XCTAssertEqual(tokenizer.decode(tokenizer.encodeOrdinary(s)), s)
        }
    }

    func testUnigramRoundTripsRandomText() throws {
        let model = try UnigramModel.train(Self.corpus, options: UnigramTrainingOptions(vocabularySize: 320))
        var rng = SplitMix64(seed: 2)
        for _ in 0..<500 {
            let s = Self.randomString(&rng)
            XCTAssertEqual(model.decodeBytes(model.encode(s)), Array(s.utf8), s.debugDescription)
            XCTAssertEqual(model.decode(model.sampleEncoding(s, using: &rng)), s)
        }
    }

    func testInvalidBytesAreReplacedThenRoundTrip() throws {
        let tokenizer = SpecialTokenizer(base: try BPETokenizer.train(Self.corpus, vocabularySize: 300), specials: [])
        let model = try UnigramModel.train(Self.corpus, options: UnigramTrainingOptions(vocabularySize: 300))
        var rng = SplitMix64(seed: 3)
        for _ in 0..<300 {
            let bytes = (0..<rng.nextInt(below: 30)).map { _ in UInt8(rng.nextInt(below: 256)) }
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(tokenizer.decode(tokenizer.encode(text)), text)
            XCTAssertEqual(model.decode(model.encode(text)), text)
        }
        // a lone continuation byte and a truncated 3-byte character: one U+FFFD each
        XCTAssertEqual(String(decoding: [0x61, 0x80, 0xE6, 0x97], as: UTF8.self), "a\u{FFFD}\u{FFFD}")
        // decoding half a character's tokens gives U+FFFD, the whole character comes back
        let ids = tokenizer.encode("日")
        XCTAssertEqual(ids.count, 3)
        XCTAssertEqual(tokenizer.decode(Array(ids.prefix(2))), "\u{FFFD}")
    }
}

final class SpecialTokenAndMergeTests: XCTestCase {
    /// Hand-worked: "aaab aab" chunks "aaab", " aab". Pairs: aa ×3 (2 + 1), ab ×2, " a" ×1 → merge
    /// 256 = (a, a). Then "aaab" = [256, a, b], " aab" = [" ", 256, b]: pairs (256, a) 1, (a, b) 1,
    /// (256, b) 1, (" ", 256) 1 → all tie, the first met wins: 257 = (256, a).
    func testSpecialsSplitTheTextAndMergesFollowTheWorkedExample() throws {
        let bpe = try BPETokenizer.train("aaab aab", vocabularySize: 258)
        let a = Int(UInt8(ascii: "a")), b = Int(UInt8(ascii: "b"))
        XCTAssertEqual(bpe.merges, [BytePair(a, a), BytePair(256, a)])
        let tokenizer = SpecialTokenizer(base: bpe, specials: ["<s>", "<s>x"])
        XCTAssertEqual(tokenizer.encode("aaab<s>xab<s>"), [257, b, 259, a, b, 258])
        XCTAssertEqual(tokenizer.encodeOrdinary("<s>").count, 3)
        XCTAssertEqual(tokenizer.decode([257, b, 259, 258]), "aaab<s>x<s>")
        XCTAssertEqual(bpe.mergeTree(257), "\"aaa\" 257\n├─ \"aa\" 256\n│  ├─ \"a\" 97\n│  └─ \"a\" 97\n└─ \"a\" 97")
    }
}
