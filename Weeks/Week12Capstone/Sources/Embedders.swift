// The embedders the capstone plugs into week 10's `TextEmbedder` protocol:
//
//   MiniLMTextEmbedder   week 8's SentenceEmbedder (all-MiniLM-L6-v2 on week 7's encoder)
//   MemoizingEmbedder    a thread-safe text → vector memo in front of any embedder
//
// Why the memo: one /query embeds the question, then the re-ranker embeds the candidate chunks'
// sentences, the extractive answer embeds the packed context's sentences and the groundedness
// check embeds the answer's sentences (which are context sentences) and the context again. With
// the memo each distinct sentence goes through the transformer once per process, and the popular
// sections of the docs stay warm across requests. It is bounded: past `capacity` entries it is
// emptied (simple, and the working set of a few questions is far below it).

import Foundation
import Shared
import Week08LLMEngineering
import Week10AdvancedRAG

public final class MiniLMTextEmbedder: TextEmbedder, @unchecked Sendable {
    public let model: SentenceEmbedder
    private let lock = NSLock()

    public init(model: SentenceEmbedder) { self.model = model }

    /// all-MiniLM-L6-v2 from Datasets/minilm (one line naming ./Scripts/setup.sh when missing).
    public static func load() throws -> MiniLMTextEmbedder { MiniLMTextEmbedder(model: try SentenceEmbedder.miniLM()) }

    /// The same string as week 10's MiniLMEmbedder (same model, same vectors): an ingest can reuse
    /// the vectors of week 10's cached index.
    public var identity: String { "all-MiniLM-L6-v2/mean/max\(model.tokenizer.maxLength)" }
    public var dimension: Int { model.dimension }

    /// The encoder's forward pass is not re-entrant, so concurrent callers take turns.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        lock.lock()
        defer { lock.unlock() }
        return try model.embed(texts)
    }

    public func tokenCount(_ text: String) -> Int { model.tokenizer.encode(text).count }
}

public final class MemoizingEmbedder: TextEmbedder, @unchecked Sendable {
    public let base: any TextEmbedder
    public let capacity: Int
    private let lock = NSLock()
    private var memo: [String: [Float]] = [:]
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(_ base: any TextEmbedder, capacity: Int = 200_000) {
        self.base = base
        self.capacity = capacity
    }

    public var identity: String { base.identity }
    public var dimension: Int { base.dimension }
    public func tokenCount(_ text: String) -> Int { base.tokenCount(text) }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        // exercise memoized-embed: Embed texts through the memo: look up known texts, embed each distinct missing text once in one batch, and remember the new vectors.
        // hint: Take the lock only to read and to write the memo, not while the base embedder runs (other threads may embed at the same time).
        // hint: A text repeated within one call is still embedded once: collect the distinct missing texts, in order, and make one base.embed call for them.
        // hint: Count hits and misses, and when the memo would pass its capacity clear it before storing the fresh vectors.
        // tests: IndexTests/testMemoizingEmbedderReturnsTheBaseVectors
        lock.lock()
        var result = texts.map { memo[$0] }
        lock.unlock()
        // Distinct missing texts, embedded in one batch.
        var missing: [String] = []
        var seen: Set<String> = []
        for (i, t) in texts.enumerated() where result[i] == nil && seen.insert(t).inserted { missing.append(t) }
        var fresh: [String: [Float]] = [:]
        if !missing.isEmpty {
            for (t, v) in zip(missing, try base.embed(missing)) { fresh[t] = v }
        }
        lock.lock()
        hits += texts.count - missing.count
        misses += missing.count
        if memo.count + fresh.count > capacity { memo.removeAll(keepingCapacity: true) }
        for (t, v) in fresh { memo[t] = v }
        lock.unlock()
        for i in result.indices where result[i] == nil { result[i] = fresh[texts[i]] }
        return result.map { $0! }
        // end exercise memoized-embed
    }
}
