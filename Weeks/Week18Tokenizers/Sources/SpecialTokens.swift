// Special tokens on top of week 8's byte-level BPE: strings such as "<|endoftext|>" that get ids of
// their own after the BPE's vocabulary and are never split or merged. Encoding cuts the text at
// every occurrence (leftmost, longest first), encodes the pieces between with the BPE and puts the
// special ids in between — what Hugging Face `tokenizers` does with `added_tokens` marked special,
// and tiktoken with allowed_special="all".
//
// `encodeOrdinary` treats the same strings as plain text (tiktoken's encode_ordinary): a user's
// text cannot inject a control token that way. Not here: lstrip/rstrip/single-word options.

import Foundation
import Week08LLMEngineering

public struct SpecialTokenizer: Sendable {
    public let base: BPETokenizer
    /// specials[k] has id base.vocabularySize + k.
    public let specials: [String]

    public init(base: BPETokenizer, specials: [String]) {
        self.base = base
        self.specials = specials
    }

    public var vocabularySize: Int { base.vocabularySize + specials.count }

    public func id(of special: String) -> Int? { specials.firstIndex(of: special).map { base.vocabularySize + $0 } }

    /// Special strings become their ids; the text between them is BPE-encoded.
    public func encode(_ text: String) -> [Int] {
        var out: [Int] = []
        var rest = Substring(text)
        while let (range, k) = firstSpecial(in: rest) {
            out += base.encode(String(rest[..<range.lowerBound]))
            out.append(base.vocabularySize + k)
            rest = rest[range.upperBound...]
        }
        return out + base.encode(String(rest))
    }

    /// Everything is plain text, special strings included.
    public func encodeOrdinary(_ text: String) -> [Int] { base.encode(text) }

    public func decodeBytes(_ ids: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids {
            if id >= 0 && id < base.vocabularySize {
                out += base.vocabulary[id]
            } else if id >= base.vocabularySize && id < vocabularySize {
                out += Array(specials[id - base.vocabularySize].utf8)
            }
        }
        return out
    }

    /// Text of the ids (half a character becomes U+FFFD); ids outside the vocabulary are skipped.
    public func decode(_ ids: [Int]) -> String { String(decoding: decodeBytes(ids), as: UTF8.self) }

    /// The leftmost occurrence of any special (the longest when several start there).
    func firstSpecial(in text: Substring) -> (Range<Substring.Index>, Int)? {
        // exercise special-split: Find where the next special token starts in the text, and which one it is.
        // hint: `text.range(of: special)` finds the first occurrence of one special; compare all of them.
        // hint: The leftmost occurrence wins; when two start at the same place, the longer one ("<s>x" over "<s>").
        // tests: SpecialTokenAndMergeTests/testSpecialsSplitTheTextAndMergesFollowTheWorkedExample
        var best: (Range<Substring.Index>, Int)?
        for (k, special) in specials.enumerated() where !special.isEmpty {
            guard let range = text.range(of: special) else { continue }
            if let current = best {
                let earlier = range.lowerBound < current.0.lowerBound
                let longer = range.lowerBound == current.0.lowerBound && special.utf8.count > specials[current.1].utf8.count
                if earlier || longer { best = (range, k) }
            } else {
                best = (range, k)
            }
        }
        return best
        // end exercise special-split
    }
}
