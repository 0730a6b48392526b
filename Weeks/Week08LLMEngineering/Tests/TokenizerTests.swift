// WordPiece: token ids equal sentence-transformers' (the fast BERT tokenizer of all-MiniLM-L6-v2)
// on fixed texts with accents, CJK, emoji, tabs/newlines, control characters, Unicode punctuation,
// a word over 100 characters and texts over 128 and 256 tokens; plus hand-worked cases.

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import XCTest

final class TokenizerTests: XCTestCase {
    func testIDsEqualSentenceTransformersOnFixedTexts() throws {
        let folder = try Fixtures.require(.minilm)
        let tokenizer = try WordPieceTokenizer(modelFolder: folder)
        let reference = try MiniLMReference.load()
        XCTAssertEqual(tokenizer.maxLength, reference.maxSequenceLength, "sentence_bert_config.json's max_seq_length")
        XCTAssertGreaterThanOrEqual(reference.items.count, 15)
        XCTAssertTrue(reference.items.contains { $0.inputIDs.count > 128 && $0.inputIDs.count < 256 })
        XCTAssertTrue(reference.items.contains { $0.inputIDs.count == 256 }, "a text truncated at 256")
        for item in reference.items {
            XCTAssertEqual(tokenizer.encode(item.text), item.inputIDs, "text: \(item.text.debugDescription)")
        }
    }

    /// A tiny vocabulary, worked by hand: greedy longest match first, "##" continuations, [UNK].
    func testWordPieceGreedyLongestMatchByHand() throws {
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "##a", "aff", "able", "!", "cafe"]
        let tokenizer = try WordPieceTokenizer(tokens: vocabulary, maxLength: 6)
        // "unaffable" → un ##aff ##able (not un ##a …: the longest continuation wins)
        XCTAssertEqual(tokenizer.wordPieceIDs("unaffable"), [4, 5, 6])
        XCTAssertEqual(tokenizer.wordPieceIDs("unx"), [1], "a word that cannot be covered is one [UNK]")
        XCTAssertEqual(tokenizer.wordPieceIDs(String(repeating: "a", count: 101)), [1], "over 100 characters")
        // "Café!" → cafe, ! (accent stripped, lower-cased, punctuation split off)
        XCTAssertEqual(tokenizer.encode("Café!"), [2, 11, 10, 3])
        // truncation keeps [CLS] and [SEP]: 6 = [CLS] + 4 pieces + [SEP]
        XCTAssertEqual(tokenizer.encode("unaffable unaffable"), [2, 4, 5, 6, 4, 3])
    }

    func testBasicTokenizerRules() throws {
        let tokenizer = try WordPieceTokenizer(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"])
        XCTAssertEqual(tokenizer.basicTokens("Hello,\tWORLD!\n"), ["hello", ",", "world", "!"])
        XCTAssertEqual(tokenizer.basicTokens("naïve Ångström"), ["naive", "angstrom"])
        // で = て + U+3099 (a nonspacing mark) under NFD, so accent stripping turns です into てす, as in BERT
        XCTAssertEqual(tokenizer.basicTokens("東京です"), ["東", "京", "てす"], "ideographs split, kana not")
        XCTAssertEqual(tokenizer.basicTokens("a\u{0}b\u{FFFD}c\u{200B}d"), ["abcd"], "NUL, U+FFFD, format chars dropped")
        XCTAssertEqual(tokenizer.basicTokens("«x» ¿y? a—b"), ["«", "x", "»", "¿", "y", "?", "a", "—", "b"])
        XCTAssertEqual(tokenizer.basicTokens("$5 ^_^ `a`"), ["$", "5", "^", "_", "^", "`", "a", "`"], "ASCII symbols count as punctuation")
    }

    func testMissingOrBadVocabularyIsAClearError() throws {
        let dir = try TemporaryDirectory()
        XCTAssertThrowsError(try WordPieceTokenizer(vocabulary: dir.file("vocab.txt"))) { error in
            XCTAssertTrue("\(error)".contains("file not found"), "\(error)")
        }
        try Data("hello\nworld\n".utf8).write(to: dir.file("vocab.txt"))
        XCTAssertThrowsError(try WordPieceTokenizer(vocabulary: dir.file("vocab.txt"))) { error in
            XCTAssertTrue("\(error)".contains("no [CLS] token"), "\(error)")
        }
    }
}
