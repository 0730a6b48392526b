// WordPiece: BERT's tokenizer, reading a BERT `vocab.txt` (one token per line, id = line number).
//
// Two stages, exactly as the Hugging Face fast BERT tokenizer that sentence-transformers runs
// (BertNormalizer + BertPreTokenizer + WordPiece model, which agree with the original Python
// BasicTokenizer except on U+2028/U+2029, which count as whitespace here as they do there):
//
//   1. basic tokenization (text → words)
//      clean      drop NUL, U+FFFD and control/format/unassigned/private-use characters (Cc, Cf,
//                 Cn, Co, Cs), except \t \n \r, which — like every White_Space character — become " "
//      CJK        put spaces around every CJK ideograph, so each is a word of its own
//      accents    NFD-decompose, then drop nonspacing marks (Mn): "Café" → "Cafe"
//      lowercase  per character (full Unicode mapping)
//      split      on whitespace, and every punctuation character is a word of its own: ASCII
//                 !"#$%&'()*+,-./ :;<=>?@ [\]^_` {|}~ and every Unicode P* category
//   2. WordPiece (word → pieces): greedy longest match first. Take the longest prefix of the word
//      that is in the vocabulary, then the longest "##"-prefixed continuation, and so on. If some
//      position has no match, the whole word is [UNK]; a word over 100 characters is [UNK].
//
//   encode(text) = [CLS] pieces… [SEP], the pieces truncated so the total is ≤ maxLength
//   (256 for all-MiniLM-L6-v2: sentence-transformers reads sentence_bert_config.json's
//   max_seq_length; tokenizer.json's 128 is not what it uses).
//
// Not here: sentence pairs (token type 1), `never_split` lists, offsets into the original text.

import Foundation
import Shared

public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    case missingToken(String, path: String)
    case badMaxLength(Int)

    public var description: String {
        switch self {
        case let .missingToken(token, path): return "\(path): the vocabulary has no \(token) token (is it a BERT vocab.txt?)"
        case let .badMaxLength(n): return "maximum sequence length \(n) is too small (needs ≥ 2 for [CLS] and [SEP])"
        }
    }
}

public struct WordPieceTokenizer: Sendable {
    /// Token strings by id, and ids by token string.
    public let tokens: [String]
    public let ids: [String: Int]
    /// Total length of an encoded text including [CLS] and [SEP].
    public let maxLength: Int
    public let maxCharactersPerWord = 100
    public let clsID: Int, sepID: Int, unkID: Int, padID: Int

    /// A tokenizer over `tokens` (id = index).
    public init(tokens: [String], maxLength: Int = 256, source: String = "vocabulary") throws {
        guard maxLength >= 2 else { throw TokenizerError.badMaxLength(maxLength) }
        var ids: [String: Int] = [:]
        for (i, token) in tokens.enumerated() { ids[token] = i }  // a repeated line: the last wins, as in BERT
        func id(_ token: String) throws -> Int {
            guard let i = ids[token] else { throw TokenizerError.missingToken(token, path: source) }
            return i
        }
        self.tokens = tokens
        self.ids = ids
        self.maxLength = maxLength
        clsID = try id("[CLS]")
        sepID = try id("[SEP]")
        unkID = try id("[UNK]")
        padID = try id("[PAD]")
    }

    /// Reads a BERT vocab.txt (lines split on "\n" only, as BERT's load_vocab does).
    public init(vocabulary url: URL, maxLength: Int = 256) throws {
        let bytes = try FileIO.readBytes(url)
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines, maxLength: maxLength, source: url.path)
    }

    /// The tokenizer of a sentence-transformers model folder: vocab.txt, and max_seq_length from
    /// sentence_bert_config.json (256 for all-MiniLM-L6-v2) when that file exists.
    public init(modelFolder folder: URL) throws {
        var maxLength = 512
        let configURL = folder.appendingPathComponent("sentence_bert_config.json")
        if FileManager.default.fileExists(atPath: configURL.path) {
            let json = try JSONText.parse(Data(try FileIO.readBytes(configURL)), path: configURL.path)
            guard let object = json as? [String: Any], let n = JSONText.exactInt(object["max_seq_length"]), n >= 2, n <= 1 << 20 else {
                throw DataFileError.malformed(path: configURL.path, reason: "no integer max_seq_length in 2…1048576")
            }
            maxLength = n
        }
        try self.init(vocabulary: folder.appendingPathComponent("vocab.txt"), maxLength: maxLength)
    }

    public var vocabularySize: Int { tokens.count }

    /// [CLS] + word pieces + [SEP], truncated to maxLength.
    public func encode(_ text: String) -> [Int] {
        var pieces: [Int] = []
        for word in basicTokens(text) {
            pieces.append(contentsOf: wordPieceIDs(word))
            if pieces.count >= maxLength - 2 { break }
        }
        return [clsID] + pieces.prefix(maxLength - 2) + [sepID]
    }

    /// The token strings of ids (unknown ids print as "<id>").
    public func tokenStrings(_ ids: [Int]) -> [String] {
        ids.map { $0 >= 0 && $0 < tokens.count ? tokens[$0] : "<\($0)>" }
    }

    // MARK: Stage 1: basic tokenization

    /// Words after cleaning, CJK splitting, accent stripping, lower-casing and punctuation splitting.
    public func basicTokens(_ text: String) -> [String] {
        // clean + CJK
        var cleaned = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if c.value == 0 || c.value == 0xFFFD || Self.isControl(c) { continue }
            if Self.isWhitespace(c) {
                cleaned.append(" ")
            } else if Self.isCJK(c) {
                cleaned.append(" "); cleaned.append(c); cleaned.append(" ")
            } else {
                cleaned.append(c)
            }
        }
        // accents (NFD, drop Mn) + lowercase
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        var normalised = String.UnicodeScalarView()
        for c in decomposed.unicodeScalars where c.properties.generalCategory != .nonspacingMark {
            if c.properties.changesWhenLowercased {
                normalised.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            } else {
                normalised.append(c)
            }
        }
        // split on whitespace and punctuation
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
        }
        for c in normalised {
            if Self.isWhitespace(c) {
                flush()
            } else if Self.isPunctuation(c) {
                flush()
                words.append(String(c))
            } else {
                current.append(c)
            }
        }
        flush()
        return words
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }

    /// Control characters are dropped; \t \n \r are whitespace instead.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT singles out (not Hiragana, Katakana or Hangul).
    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }

    // MARK: Stage 2: WordPiece

    /// Greedy longest-match-first pieces of one word; [unkID] when it cannot be covered.
    public func wordPieceIDs(_ word: String) -> [Int] {
        let chars = Array(word.unicodeScalars)
        if chars.count > maxCharactersPerWord { return [unkID] }
        var out: [Int] = []
        var start = 0
        while start < chars.count {
            var end = chars.count
            var found: Int?
            while end > start {
                var piece = start > 0 ? "##" : ""
                piece.unicodeScalars.append(contentsOf: chars[start..<end])
                if let id = ids[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unkID] }
            out.append(id)
            start = end
        }
        return out
    }
}
