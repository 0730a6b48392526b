// Sentence embeddings with a pretrained sentence-transformers BERT model (all-MiniLM-L6-v2 in
// Datasets/minilm), run on week 7's TransformerEncoder:
//
//   text → WordPiece ids [CLS] … [SEP] (≤ 256) → TransformerEncoder → hidden [B, T, 384]
//        → mean over the real tokens (attention mask 1, padding excluded)
//        → divided by its L2 norm                             = sentence-transformers' embedding
//
// Texts are embedded in batches: each batch is padded with [PAD] to its longest text and the
// padding is masked out of attention and of the mean. Like sentence-transformers, texts are
// sorted by length first (so a batch holds texts of similar length and little padding), and the
// embeddings are returned in the caller's order. Runs without recording gradients. For a whole
// corpus, `embed(ids:tokensPerBatch:)` batches by a token budget instead of a text count.
//
// The model folder: config.json (BertConfig), model.safetensors ("bert." prefix optional),
// vocab.txt, and optionally sentence_bert_config.json (max_seq_length) and 1_Pooling/config.json
// (which must ask for mean pooling when present).

import Foundation
import Shared
import Week04MNIST
import Week07Transformer

public enum EmbedderError: Error, CustomStringConvertible, Equatable {
    case missingFolder(String)
    case unsupportedPooling(path: String)

    public var description: String {
        switch self {
        case let .missingFolder(path):
            return "\(path): no such model folder (it should hold config.json, model.safetensors and vocab.txt)"
        case let .unsupportedPooling(path): return "\(path): only mean pooling (pooling_mode_mean_tokens) is supported"
        }
    }
}

public final class SentenceEmbedder {
    public let tokenizer: WordPieceTokenizer
    public let encoder: TransformerEncoder
    public let folder: URL

    /// Embedding width (384 for all-MiniLM-L6-v2).
    public var dimension: Int { encoder.config.hiddenSize }

    /// Loads a sentence-transformers BERT folder.
    public init(folder: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EmbedderError.missingFolder(folder.path)
        }
        let pooling = folder.appendingPathComponent("1_Pooling/config.json")
        if FileManager.default.fileExists(atPath: pooling.path) {
            let json = try JSONText.parse(Data(try FileIO.readBytes(pooling)), path: pooling.path)
            guard let object = json as? [String: Any], object["pooling_mode_mean_tokens"] as? Bool == true else {
                throw EmbedderError.unsupportedPooling(path: pooling.path)
            }
        }
        self.folder = folder
        tokenizer = try WordPieceTokenizer(modelFolder: folder)
        let config = try TransformerConfig.bert(configJSON: folder.appendingPathComponent("config.json"))
        guard config.vocabularySize == tokenizer.vocabularySize else {
            throw DataFileError.malformed(path: folder.appendingPathComponent("vocab.txt").path,
                                          reason: "\(tokenizer.vocabularySize) tokens, config.json says vocab_size \(config.vocabularySize)")
        }
        guard tokenizer.maxLength <= config.maxPositions else {
            throw DataFileError.malformed(path: folder.appendingPathComponent("sentence_bert_config.json").path,
                                          reason: "max_seq_length \(tokenizer.maxLength) exceeds the model's \(config.maxPositions) positions")
        }
        encoder = try TransformerEncoder(config: config)
        try encoder.load(safetensors: folder.appendingPathComponent("model.safetensors"))
    }

    /// all-MiniLM-L6-v2 from Datasets/minilm (an error naming ./Scripts/setup.sh when missing).
    public static func miniLM() throws -> SentenceEmbedder {
        try SentenceEmbedder(folder: try Dataset.minilm.locate())
    }

    /// Unit-length embeddings [texts.count][dimension], in the order of `texts`.
    /// `progress(done)` is called after each batch with the number of texts embedded so far.
    public func embed(_ texts: [String], batchSize: Int = 32, progress: ((Int) -> Void)? = nil) throws -> [[Float]] {
        let ids = texts.map { tokenizer.encode($0) }
        let order = ids.indices.sorted { ids[$0].count > ids[$1].count }  // longest first, as sentence-transformers
        var result = [[Float]](repeating: [], count: texts.count)
        var start = 0
        while start < order.count {
            let members = Array(order[start..<min(start + max(1, batchSize), order.count)])
            let vectors = try embed(ids: members.map { ids[$0] })
            for (member, vector) in zip(members, vectors) { result[member] = vector }
            start += members.count
            progress?(start)
        }
        return result
    }

    /// One embedding.
    public func embed(_ text: String) throws -> [Float] { try embed([text])[0] }

    /// WordPiece ids of every text ([CLS] … [SEP], truncated at `tokenizer.maxLength`), split over the cores.
    public func encode(_ texts: [String]) -> [[Int]] {
        var ids = [[Int]](repeating: [], count: texts.count)
        let tokenizer = self.tokenizer
        ids.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each part writes its own indices only
            Parallel.forRanges(texts.count, costPerItem: 1 << 12) { range in
                for i in range { out[i] = tokenizer.encode(texts[i]) }
            }
        }
        return ids
    }

    /// Embeddings of tokenized texts, in their order, computed in length-bucketed batches
    /// (`tokenBudgetBatches`): a batch of short texts holds more of them, so every GEMM stays large
    /// and almost nothing is padding. `progress(texts, tokens)` follows each batch with the counts so far.
    ///
    /// The batches run side by side, one per core (`Parallel.items`), each with BLAS on one thread:
    /// for a whole corpus that keeps both cores computing, where splitting every GEMM and every
    /// element-wise loop of one batch over the two cores leaves them waiting for each other between
    /// ops. A batch's vectors do not depend on which core computed it.
    public func embed(ids: [[Int]], tokensPerBatch: Int, progress: ((Int, Int) -> Void)? = nil) throws -> [[Float]] {
        let batches = Self.tokenBudgetBatches(lengths: ids.map(\.count), tokensPerBatch: tokensPerBatch)
        let collected = BatchResults(texts: ids.count, progress: progress)
        try Parallel.items(batches.count) { b in
            let members = batches[b]
            let vectors = try embed(ids: members.map { ids[$0] })
            collected.store(vectors, at: members, tokens: members.reduce(0) { $0 + ids[$1].count })
        }
        return collected.rows
    }

    /// Indices of `lengths` cut into batches, longest first: each batch is as many texts as fit in
    /// `tokensPerBatch` once padded to its first (longest) text — count × longest ≤ budget — and at
    /// least one. Ties keep the input order, so the batches are deterministic.
    ///   lengths [5, 2, 9, 2], budget 10 → [[2], [0, 1], [3]]   (9·1; 5·2 = 10; 2·1)
    public static func tokenBudgetBatches(lengths: [Int], tokensPerBatch: Int) -> [[Int]] {
        let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        var batches: [[Int]] = []
        var start = 0
        while start < order.count {
            let longest = max(1, lengths[order[start]])
            let count = max(1, min(order.count - start, tokensPerBatch / longest))
            batches.append(Array(order[start..<(start + count)]))
            start += count
        }
        return batches
    }

    /// Embeddings of already-tokenized sequences (one padded batch).
    public func embed(ids batch: [[Int]]) throws -> [[Float]] {
        guard let longest = batch.map(\.count).max(), longest > 0 else { return batch.map { _ in [] } }
        let padded = batch.map { $0 + [Int](repeating: tokenizer.padID, count: longest - $0.count) }
        let mask = batch.map { [Int](repeating: 1, count: $0.count) + [Int](repeating: 0, count: longest - $0.count) }
        let hidden = try Autograd.noGrad {
            try encoder(inputIDs: padded, tokenTypeIDs: nil, attentionMask: mask).value
        }
        return Self.meanPoolNormalized(hidden, mask: mask)
    }

    /// Mean of hidden [B, T, H] over the positions where mask is 1, then divided by its L2 norm
    /// (sentence-transformers' Pooling(mean) + Normalize: norms clamped at 1e-12, counts at 1e-9).
    public static func meanPoolNormalized(_ hidden: Tensor, mask: [[Int]]) -> [[Float]] {
        let (b, t, h) = (hidden.shape[0], hidden.shape[1], hidden.shape[2])
        var out: [[Float]] = []
        hidden.storage.withUnsafeBufferPointer { p in
            for i in 0..<b {
                var sum = [Double](repeating: 0, count: h)
                var count = 0.0
                for j in 0..<t where mask[i][j] != 0 {
                    count += 1
                    let row = p.baseAddress! + (i * t + j) * h
                    for k in 0..<h { sum[k] += Double(row[k]) }
                }
                let mean = sum.map { $0 / max(count, 1e-9) }
                let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
                out.append(mean.map { Float($0 / max(norm, 1e-12)) })
            }
        }
        return out
    }

    /// Cosine similarity of two unit vectors is their dot product.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for i in 0..<min(a.count, b.count) {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        return dot / max((na * nb).squareRoot(), 1e-12)
    }
}

/// Vectors from `embed(ids:tokensPerBatch:)`'s workers, put in their texts' places under a lock,
/// with the running counts for the progress callback (called under the lock, one at a time).
private final class BatchResults: @unchecked Sendable {  // every field is used under `lock`
    private let lock = NSLock()
    private var result: [[Float]]
    private var (texts, tokens) = (0, 0)
    private let progress: ((Int, Int) -> Void)?

    init(texts: Int, progress: ((Int, Int) -> Void)?) {
        result = [[Float]](repeating: [], count: texts)
        self.progress = progress
    }

    func store(_ vectors: [[Float]], at members: [Int], tokens count: Int) {
        lock.lock()
        defer { lock.unlock() }
        for (member, vector) in zip(members, vectors) { result[member] = vector }
        texts += members.count
        tokens += count
        progress?(texts, tokens)
    }

    var rows: [[Float]] {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}
