// A word-level vocabulary for masked-LM pretraining: the simplest tokenizer that works, so this
// week is about the model (subword tokenizers, WordPiece and BPE, are week 8's subject).
//
//   tokens     lowercase runs of letters, digits and '_' ("str.split" → "str", ".", "split"); every
//              other visible character is a token of its own; whitespace separates
//   ids        [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, then the corpus's words by frequency
//              (ties alphabetical), up to the requested size; rarer words become [UNK]
// The literal text "[MASK]" (any case) is the mask token, so a user can write a cloze sentence.

import Foundation

public struct WordVocabulary: Equatable, Sendable {
    public static let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    public static let pad = 0, unknown = 1, cls = 2, sep = 3, mask = 4

    public let words: [String]
    let index: [String: Int]

    public init(words: [String]) throws {
        guard Array(words.prefix(5)) == WordVocabulary.specials else {
            throw TransformerError.invalidInput("a vocabulary must start with \(WordVocabulary.specials.joined(separator: " "))")
        }
        var index: [String: Int] = [:]
        for (i, w) in words.enumerated() {
            guard index[w] == nil else { throw TransformerError.invalidInput("vocabulary lists '\(w)' twice") }
            index[w] = i
        }
        self.words = words
        self.index = index
    }

    /// The `size` most frequent tokens of `texts` (after the five specials).
    public static func build(from texts: [String], size: Int) throws -> WordVocabulary {
        var counts: [String: Int] = [:]
        for text in texts { for t in tokenize(text) { counts[t, default: 0] += 1 } }
        let ranked = counts.filter { !specials.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return try WordVocabulary(words: specials + ranked.prefix(max(0, size - specials.count)).map(\.key))
    }

    public var count: Int { words.count }

    /// Text → tokens (see the header).
    public static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        func flush() {
            if !word.isEmpty { tokens.append(word); word = "" }
        }
        let chars = Array(text.lowercased())
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "[", i + 5 < chars.count, String(chars[i...(i + 5)]) == "[mask]" {
                flush()
                tokens.append("[MASK]")
                i += 6
                continue
            }
            if c.isLetter || c.isNumber || c == "_" {
                word.append(c)
            } else {
                flush()
                if !c.isWhitespace { tokens.append(String(c)) }
            }
            i += 1
        }
        flush()
        return tokens
    }

    public func id(_ token: String) -> Int { index[token] ?? WordVocabulary.unknown }

    public func encode(_ text: String) -> [Int] { WordVocabulary.tokenize(text).map(id) }

    public func word(_ id: Int) -> String { id >= 0 && id < words.count ? words[id] : "[UNK]" }
}
