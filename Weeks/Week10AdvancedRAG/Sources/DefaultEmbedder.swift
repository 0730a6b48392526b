// The adapter from week 8's sentence embedder to this week's `TextEmbedder` protocol:
// all-MiniLM-L6-v2 (WordPiece, 6-layer BERT on week 7's encoder, mean pooling, L2 norm).
// Token counts are WordPiece pieces plus [CLS] and [SEP], not capped at the model's 256 (a context
// budget counts every token an LLM would read).

import Foundation
import Shared
import Week08LLMEngineering

public final class MiniLMEmbedder: TextEmbedder {
    public let model: SentenceEmbedder
    public let batchSize: Int
    /// `embedAll`'s cap on padded tokens per batch: 8 texts of 256. Larger batches page-fault: a
    /// batch of 32 × 256 allocates 100 MB of attention weights per layer, fresh memory from the
    /// kernel every time (13× the page faults of 8 × 256, measured with perf stat, ~10% more CPU).
    public var tokensPerBatch = 2048

    public init(_ model: SentenceEmbedder, batchSize: Int = 32) {
        self.model = model
        self.batchSize = batchSize
    }

    /// all-MiniLM-L6-v2 from Datasets/minilm.
    public static func load() throws -> MiniLMEmbedder { MiniLMEmbedder(try SentenceEmbedder.miniLM()) }

    public var identity: String { "all-MiniLM-L6-v2/mean/max\(model.tokenizer.maxLength)" }
    public var dimension: Int { model.dimension }
    public func embed(_ texts: [String]) throws -> [[Float]] { try model.embed(texts, batchSize: batchSize) }
    public func tokenCount(_ text: String) -> Int {
        model.tokenizer.basicTokens(text).reduce(2) { $0 + model.tokenizer.wordPieceIDs($1).count }
    }

    /// A corpus in length-bucketed batches: every text tokenised once (on both cores), then batches
    /// of at most `tokensPerBatch` (and `batchSize` × 256) padded tokens, longest first — for the Python docs under 0.5% padding,
    /// where 32 texts sorted by characters padded 37% — with the progress bar counting tokens, so its
    /// ETA holds although the long texts come first.
    public func embedRows(_ texts: [String], batchSize: Int, label: String, showProgress: Bool) throws -> [Float] {
        let ids = model.encode(texts)
        let tokens = ids.reduce(0) { $0 + $1.count }
        let bar = showProgress ? ProgressBar(label + " (tokens)", total: tokens) : nil
        let rows = try model.embed(ids: ids, tokensPerBatch: min(tokensPerBatch, max(1, batchSize) * model.tokenizer.maxLength)) { done, tokensDone in
            bar?.update(tokensDone, note: "\(done)/\(texts.count) texts")
        }
        bar?.finish(note: "\(texts.count)/\(texts.count) texts")
        return rows.flatMap { $0 }
    }
}

public enum DefaultEmbedder {
    /// The embedder the executable uses: week 8's MiniLM.
    public static func make() throws -> any TextEmbedder { try MiniLMEmbedder.load() }
}
