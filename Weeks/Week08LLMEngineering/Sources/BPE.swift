// Byte-level BPE in the style of karpathy's minbpe (RegexTokenizer): train, encode, decode,
// save and load merges.
//
//   bytes      every text is UTF-8 bytes; ids 0…255 are the bytes themselves, so any text encodes
//              and decode(encode(x)) == x for every string
//   chunks     the text is first split into chunks (a hand-written version of GPT-2's pattern:
//              contractions 's 't 're 've 'm 'll 'd; an optional space + letters; an optional space
//              + digits; an optional space + other symbols; runs of whitespace), and merges never
//              cross a chunk boundary ("dog." never merges into one token with the next word)
//   train      repeat: count adjacent id pairs in all chunks (weighted by how often the chunk
//              occurs), give the most frequent pair the next id 256, 257, …, replace it
//              everywhere. Ties go to the pair seen first in the text, as in minbpe (a Python
//              dict keeps insertion order)
//   encode     per chunk, repeatedly merge the pair that was learnt earliest, until none applies
//
// Merges are saved as text: a header line "bpe v1", then one line "a b" per merge (the merge on
// line i makes id 256 + i). Not here: special tokens, GPT-2's byte→unicode display mapping.

import Foundation
import Shared

public enum BPEError: Error, CustomStringConvertible, Equatable {
    case vocabularyTooSmall(Int)
    case malformedMerges(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .vocabularyTooSmall(n): return "vocabulary size \(n) must be at least 256 (the bytes)"
        case let .malformedMerges(path, line, reason): return "\(path): line \(line): \(reason)"
        }
    }
}

public struct BytePair: Hashable, Sendable {
    public var left: Int
    public var right: Int
    public init(_ left: Int, _ right: Int) { self.left = left; self.right = right }
}

public struct BPETokenizer: Sendable {
    /// merges[i] created id 256 + i.
    public private(set) var merges: [BytePair] = []
    var rank: [BytePair: Int] = [:]
    /// The bytes each id stands for.
    public private(set) var vocabulary: [[UInt8]] = (0..<256).map { [UInt8($0)] }

    public init() {}

    public init(merges: [BytePair]) throws {
        for (i, pair) in merges.enumerated() {
            let next = 256 + i
            guard pair.left >= 0, pair.left < next, pair.right >= 0, pair.right < next else {
                throw BPEError.malformedMerges(path: "merges", line: i + 2, reason: "ids \(pair.left) \(pair.right) must be below \(next)")
            }
            add(pair)
        }
    }

    public var vocabularySize: Int { vocabulary.count }

    mutating func add(_ pair: BytePair) {
        rank[pair] = merges.count
        merges.append(pair)
        vocabulary.append(vocabulary[pair.left] + vocabulary[pair.right])
    }

    // MARK: Training

    /// Learns merges until the vocabulary has `vocabularySize` ids (or no pair occurs twice).
    /// `progress(done, total)` is called after each merge.
    public static func train(_ text: String, vocabularySize: Int,
                             progress: ((Int, Int) -> Void)? = nil) throws -> BPETokenizer {
        guard vocabularySize >= 256 else { throw BPEError.vocabularyTooSmall(vocabularySize) }
        // Unique chunks in order of first appearance, with their counts.
        var index: [String: Int] = [:]
        var words: [[Int]] = []
        var counts: [Int] = []
        for chunk in chunks(text) {
            if let i = index[chunk] {
                counts[i] += 1
            } else {
                index[chunk] = words.count
                words.append(chunk.utf8.map { Int($0) })
                counts.append(1)
            }
        }
        var tokenizer = BPETokenizer()
        let total = vocabularySize - 256
        for step in 0..<total {
            guard let best = mostFrequentPair(words, counts: counts) else { break }  // every chunk is one token
            let newID = 256 + tokenizer.merges.count
            tokenizer.add(best)
            for w in words.indices where words[w].count > 1 {
                words[w] = merge(words[w], best, newID)
            }
            progress?(step + 1, total)
        }
        return tokenizer
    }

    /// The adjacent pair occurring most often over all chunks (chunk w counted counts[w] times);
    /// ties go to the pair met first, reading the chunks in order. nil when no chunk has two ids.
    static func mostFrequentPair(_ words: [[Int]], counts: [Int]) -> BytePair? {
        // exercise bpe-most-frequent-pair: Find the pair BPE training merges next: the most frequent adjacent pair, ties to the pair seen first.
        // hint: A chunk that occurs n times contributes n to each of its adjacent pairs; a dictionary from pair to count does the tally.
        // hint: For the tie-break, remember alongside each count the order in which the pair was first met (a Swift dictionary has no order of its own).
        // tests: BPETests/testMergesOnAHandWorkedExample
        var pairCounts: [BytePair: (count: Int, first: Int)] = [:]
        var seen = 0
        for (w, word) in words.enumerated() where word.count > 1 {
            for j in 0..<(word.count - 1) {
                let pair = BytePair(word[j], word[j + 1])
                if let entry = pairCounts[pair] {
                    pairCounts[pair] = (entry.count + counts[w], entry.first)
                } else {
                    pairCounts[pair] = (counts[w], seen)
                    seen += 1
                }
            }
        }
        return pairCounts.max(by: { a, b in
            a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first
        })?.key
        // end exercise bpe-most-frequent-pair
    }

    /// Replaces every non-overlapping occurrence of `pair` (left to right) with `newID`.
    static func merge(_ ids: [Int], _ pair: BytePair, _ newID: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(ids.count)
        var i = 0
        while i < ids.count {
            if i + 1 < ids.count && ids[i] == pair.left && ids[i + 1] == pair.right {
                out.append(newID)
                i += 2
            } else {
                out.append(ids[i])
                i += 1
            }
        }
        return out
    }

    // MARK: Encoding and decoding

    public func encode(_ text: String) -> [Int] {
        var out: [Int] = []
        for chunk in Self.chunks(text) { out.append(contentsOf: encodeChunk(Array(chunk.utf8).map { Int($0) })) }
        return out
    }

    func encodeChunk(_ bytes: [Int]) -> [Int] {
        // exercise bpe-encode-chunk: Encode one chunk's bytes by applying the learnt merges, earliest-learnt first, until none applies.
        // hint: `rank[pair]` is the merge's position in training order; among the adjacent pairs present, the lowest rank goes first.
        // hint: Merge every occurrence of that pair at once (`merge` does), then look again: a new id can form new pairs.
        // tests: BPETests/testEncodeAppliesTheEarliestLearntMergeFirst
        var ids = bytes
        while ids.count >= 2 {
            var bestRank = Int.max
            var bestPair = BytePair(0, 0)
            for j in 0..<(ids.count - 1) {
                let pair = BytePair(ids[j], ids[j + 1])
                if let r = rank[pair], r < bestRank { bestRank = r; bestPair = pair }
            }
            if bestRank == Int.max { break }
            ids = Self.merge(ids, bestPair, 256 + bestRank)
        }
        return ids
        // end exercise bpe-encode-chunk
    }

    /// The bytes of `ids` as text (invalid UTF-8 sequences become U+FFFD, as errors="replace").
    public func decode(_ ids: [Int]) -> String {
        var bytes: [UInt8] = []
        for id in ids where id >= 0 && id < vocabulary.count { bytes.append(contentsOf: vocabulary[id]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A readable form of a token: its text with \n, \t and other control bytes escaped, and the
    /// bytes of a partial UTF-8 character as \xNN.
    public func display(_ id: Int) -> String {
        guard id >= 0 && id < vocabulary.count else { return "<\(id)>" }
        let bytes = vocabulary[id]
        func escaped(_ byte: UInt8) -> String {
            switch byte {
            case 0x0A: return "\\n"
            case 0x09: return "\\t"
            case 0x0D: return "\\r"
            default: return String(format: "\\x%02x", byte)
            }
        }
        if let text = String(bytes: bytes, encoding: .utf8) {
            return text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? escaped(UInt8($0.value)) : String($0) }.joined()
        }
        return bytes.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : escaped($0) }.joined()
    }

    // MARK: Saving and loading

    public func mergesText() -> String {
        (["bpe v1"] + merges.map { "\($0.left) \($0.right)" }).joined(separator: "\n") + "\n"
    }

    public func save(to url: URL) throws { try AtomicFile.write(Array(mergesText().utf8), to: url) }

    public static func load(_ url: URL) throws -> BPETokenizer {
        let text = try FileIO.readText(url)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == "bpe v1" else {
            throw BPEError.malformedMerges(path: url.path, line: 1, reason: "expected the header 'bpe v1'")
        }
        var merges: [BytePair] = []
        for (n, line) in lines.dropFirst().enumerated() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else {
                throw BPEError.malformedMerges(path: url.path, line: n + 2, reason: "expected two ids, got '\(line)'")
            }
            let next = 256 + merges.count
            guard a >= 0, a < next, b >= 0, b < next else {
                throw BPEError.malformedMerges(path: url.path, line: n + 2, reason: "ids \(a) \(b) must be below \(next)")
            }
            merges.append(BytePair(a, b))
        }
        return try BPETokenizer(merges: merges)
    }

    // MARK: Pre-splitting

    /// GPT-2's split pattern, by hand:
    /// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    public static func chunks(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        var out: [String] = []
        // 0 whitespace, 1 letter (L*), 2 number (N*), 3 anything else
        func kind(_ c: Unicode.Scalar) -> Int {
            if c.properties.isWhitespace { return 0 }
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return 1
            case .decimalNumber, .letterNumber, .otherNumber: return 2
            default: return 3
            }
        }
        var i = 0
        while i < s.count {
            let start = i
            if s[i] == "'", let length = contraction(s, i) {
                i += length
            } else if kind(s[i]) == 0 && !(s[i] == " " && i + 1 < s.count && kind(s[i + 1]) != 0) {
                // a whitespace run; its last character starts the next chunk when a non-space follows
                var end = i
                while end < s.count && kind(s[end]) == 0 { end += 1 }
                if end < s.count && end - i > 1 { end -= 1 }
                i = end
            } else {
                // an optional space, then a run of one kind
                var j = s[i] == " " ? i + 1 : i
                let k = kind(s[j])
                j += 1
                while j < s.count && kind(s[j]) == k { j += 1 }
                i = j
            }
            out.append(String(String.UnicodeScalarView(s[start..<i])))
        }
        return out
    }

    /// Length of a contraction ('s 't 're 've 'm 'll 'd) starting at s[i] == "'", if there is one.
    private static func contraction(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        for suffix in ["s", "t", "re", "ve", "m", "ll", "d"] {
            let u = Array(suffix.unicodeScalars)
            if i + u.count < s.count && Array(s[(i + 1)...(i + u.count)]) == u { return 1 + u.count }
        }
        return nil
    }
}
