// Week 8's byte-level BPE in the formats of the real libraries:
//
//   tokenizer.json   Hugging Face `tokenizers`: ByteLevel pre-tokenizer (GPT-2's regex, no prefix
//                    space) + BPE model whose vocab is our ids (byte b = id b, merge i = id 256 + i)
//                    written in GPT-2's byte alphabet (ByteLevel.swift), merges in rank order,
//                    special tokens as added_tokens; the decoder is ByteLevel. `Tokenizer.from_file`
//                    then encodes any text to our ids.
//   vocab.json +     GPT-2's files (and anything saved by `tokenizers`' ByteLevelBPETokenizer):
//   merges.txt       token → id, and one merge "a b" per line in rank order. Loading turns them into
//                    week 8's merges plus a table from our ids to the file's ids.
//
// Not here: other models (WordPiece, Unigram) in tokenizer.json, normalizers, post-processors.

import Foundation
import Shared
import Week08LLMEngineering

public enum TokenizerFormatError: Error, CustomStringConvertible, Equatable {
    case duplicateToken(String)
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .duplicateToken(t): return "two ids have the same bytes \(t); tokenizer.json needs one id per string"
        case let .malformed(path, reason): return "\(path): \(reason)"
        }
    }
}

extension SpecialTokenizer {
    /// The tokenizer.json text (keys sorted, so the same tokenizer always gives the same file).
    public func huggingFaceJSON() throws -> String {
        var vocab: [String: Int] = [:]
        for (id, bytes) in base.vocabulary.enumerated() {
            let token = ByteLevel.encode(bytes)
            guard vocab[token] == nil else { throw TokenizerFormatError.duplicateToken(token) }
            vocab[token] = id
        }
        let merges = base.merges.map { ByteLevel.encode(base.vocabulary[$0.left]) + " " + ByteLevel.encode(base.vocabulary[$0.right]) }
        let added: [[String: Any]] = specials.enumerated().map { k, special in
            ["id": base.vocabularySize + k, "content": special, "single_word": false, "lstrip": false,
             "rstrip": false, "normalized": false, "special": true]
        }
        let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true]
        let model: [String: Any] = [
            "type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": NSNull(),
            "end_of_word_suffix": NSNull(), "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
            "vocab": vocab, "merges": merges,
        ]
        let root: [String: Any] = [
            "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "added_tokens": added,
            "normalizer": NSNull(), "pre_tokenizer": byteLevel, "post_processor": NSNull(), "decoder": byteLevel, "model": model,
        ]
        let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// A GPT-2-style BPE read from vocab.json + merges.txt: week 8's tokenizer over our ids, and the
/// file's id of each.
public struct GPT2Files: Sendable {
    public let tokenizer: BPETokenizer
    /// fileID[ourID]
    public let fileID: [Int]

    public init(vocabJSON: Data, mergesText: String, source: String = "vocab.json/merges.txt") throws {
        guard let vocab = try JSONSerialization.jsonObject(with: vocabJSON) as? [String: Int] else {
            throw TokenizerFormatError.malformed(path: source, reason: "vocab.json must be an object of token → id")
        }
        var ours: [String: Int] = [:]
        var fileID: [Int] = []
        for b in 0..<256 {
            let token = ByteLevel.encode([UInt8(b)])
            guard let id = vocab[token] else {
                throw TokenizerFormatError.malformed(path: source, reason: "vocab.json lacks the byte token \(token) (byte \(b))")
            }
            ours[token] = b
            fileID.append(id)
        }
        var merges: [BytePair] = []
        for (n, line) in mergesText.split(separator: "\n").enumerated() where !line.hasPrefix("#version") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let a = ours[String(parts[0])], let b = ours[String(parts[1])] else {
                throw TokenizerFormatError.malformed(path: source, reason: "merges line \(n + 1) '\(line)' is not two known tokens")
            }
            let merged = String(parts[0]) + String(parts[1])
            guard let id = vocab[merged] else {
                throw TokenizerFormatError.malformed(path: source, reason: "merges line \(n + 1): \(merged) is not in vocab.json")
            }
            if ours[merged] == nil { ours[merged] = 256 + merges.count }
            merges.append(BytePair(a, b))
            fileID.append(id)
        }
        tokenizer = try BPETokenizer(merges: merges)
        self.fileID = fileID
    }

    public init(folder: URL) throws {
        let vocabURL = folder.appendingPathComponent("vocab.json")
        let mergesURL = folder.appendingPathComponent("merges.txt")
        try self.init(vocabJSON: Data(try FileIO.readBytes(vocabURL)), mergesText: try FileIO.readText(mergesURL), source: folder.path)
    }

    /// The file's ids for `text`, as HF's ByteLevel BPE (and tiktoken's GPT-2) encode it.
    public func encode(_ text: String) -> [Int] { tokenizer.encode(text).map { fileID[$0] } }
}
