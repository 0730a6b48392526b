// The service's question-answering pipeline, stage by stage (each stage is timed for /metrics):
//
//   embed      question → MiniLM vector q [384]
//   bm25       Okapi BM25 scores of every chunk; top 100                       (week 10)
//   dense      top 100 chunks by cosine from the dense search structure       (DenseSearch.swift)
//   fuse       week 10's hybrid fusion of bm25 top 100 and dense top 100       (Retriever.fusion)
//   rerank     with `rerank` on: the fused top 30 re-ordered by week 10's cross-feature scorer
//              (off by default: it lowered recall@5 on the labelled questions, 0.849 → 0.811,
//              and costs seconds per cold question; the stage is then recorded as ~0 s)
//   pack       the best 20 chunks packed into 512 WordPiece tokens, near-duplicates skipped
//   answer     the extractive answer: the 3 context sentences closest to q, with [n] citations
//   ground     groundedness: answer sentences supported by the context (cosine ≥ 0.75)
//
// It is week 10's `hybrid` pipeline (`hybrid+rerank` with `rerank`) with the dense leg served by
// the capstone's own search structure. One query runs at a time (the re-ranker's sentence cache and the encoder
// are shared state); the HTTP server's workers queue on the lock, which /metrics shows.

import Foundation
import Shared
import Week10AdvancedRAG

public struct Source: Sendable, Equatable {
    public var file: String
    public var section: String
    public var line: Int
    public var score: Double
    public var text: String
}

public struct PipelineAnswer: Sendable {
    public var question: String
    public var answer: String
    public var sources: [Source]
    /// The whole re-ranked list (up to `depth` chunk indices), best first, for evaluation.
    public var ranked: [ScoredItem]
    public var groundedness: Groundedness
    /// (stage, seconds) in pipeline order.
    public var stages: [(name: String, seconds: Double)]
    public var seconds: Double
}

public final class RAGPipeline: @unchecked Sendable {
    public static let stageNames = ["embed", "bm25", "dense", "fuse", "rerank", "pack", "answer", "ground"]

    public let index: LoadedIndex
    public let embedder: any TextEmbedder
    public var depth = 100
    /// Week 10's hybrid fusion of the BM25 and dense lists (its default: the convex combination).
    public var fusion: HybridFusion = .standard
    public var contextChunks = 20
    /// Re-rank the fused list with week 10's cross-feature scorer (see the stage list above).
    public var rerank = false
    public var budget = 512
    public let reranker = CrossFeatureReranker()
    private let lock = NSLock()

    public init(index: LoadedIndex, embedder: any TextEmbedder) {
        self.index = index
        self.embedder = embedder
    }

    /// Week 10's retriever over the same chunks (exact dense scores), for comparing its methods.
    public func weekTenRetriever() -> Retriever {
        let retriever = Retriever(index: index.rag, embedder: embedder)
        retriever.fusion = fusion
        return retriever
    }

    /// The ranking alone (stages embed … rerank).
    public func rank(_ question: String) throws -> (ranked: [ScoredItem], vector: [Float], stages: [(name: String, seconds: Double)]) {
        lock.lock()
        defer { lock.unlock() }
        return try rankLocked(question)
    }

    private func rankLocked(_ question: String) throws -> (ranked: [ScoredItem], vector: [Float], stages: [(name: String, seconds: Double)]) {
        // exercise rank-question: Rank the index's chunks for a question: embed it, score BM25 and dense candidates, fuse them, and optionally re-rank, timing each stage.
        // hint: The stages are embed, bm25, dense, fuse, rerank, in that order; record each one's seconds as it ends (a small lap function keeps this tidy).
        // hint: The lexical leg is the top `depth` BM25 scores; the dense leg comes from the index's own search structure for the question's vector.
        // hint: Fusion wants a dense score for every candidate of either leg: fill an array of cosines for those chunks only, then let `fusion.fuse` merge the lists; re-rank only when `rerank` is on.
        // tests: PipelineTests/testRankingPutsTheGoldFileFirst
        var stages: [(name: String, seconds: Double)] = []
        var t = Timing.now()
        func lap(_ name: String) {
            let now = Timing.now()
            stages.append((name, now - t))
            t = now
        }
        let vector = try embedder.embed([question])[0]
        lap("embed")
        let bm25Scores = index.rag.bm25.scores(question)
        let lexical = Ranking.top(bm25Scores, k: depth, minimum: 1e-12)
        lap("bm25")
        let semantic = try index.search.search(vector, k: depth)
        lap("dense")
        // Fusion and the re-ranker read cosines of the candidates only: exact dot products for those.
        var denseScores = [Double](repeating: 0, count: index.rag.chunks.count)
        for item in lexical + semantic { denseScores[item.index] = cosine(vector, index.rag.dense.row(item.index)) }
        let fused = fusion.fuse(lexical: lexical, semantic: semantic, bm25Scores: bm25Scores, denseScores: denseScores, limit: depth)
        lap("fuse")
        let prepared = PreparedQuery(question, vector: vector, bm25Scores: bm25Scores, denseScores: denseScores)
        let ranked = rerank
            ? try reranker.rerank(fused, query: prepared, vector: vector, denseScores: denseScores, index: index.rag, embedder: embedder)
            : fused
        lap("rerank")
        return (ranked, vector, stages)
        // end exercise rank-question
    }

    /// The full answer: ranking, packed context, extractive answer, groundedness.
    public func answer(_ question: String, k: Int) throws -> PipelineAnswer {
        // exercise answer-question: Turn a question into the full answer: ranking, packed context, extractive answer with citations, groundedness and the top-k sources.
        // hint: Hold the pipeline's lock for the whole answer and reuse the ranking (rankLocked), then time pack, answer and ground as three more stages.
        // hint: Pack the best max(k, contextChunks) chunks into the token budget with week 10's ContextPacker; the answer and its groundedness are week 10's Answering over that context.
        // hint: The sources are the ranking's top k chunks, each with its file, section heading, line, score and text.
        // tests: PipelineTests/testAnswerIsTheExtractiveAnswerOverTheRankedContext
        lock.lock()
        defer { lock.unlock() }
        let start = Timing.now()
        var (ranked, vector, stages) = try rankLocked(question)
        var t = Timing.now()
        func lap(_ name: String) {
            let now = Timing.now()
            stages.append((name, now - t))
            t = now
        }
        let chunks = ranked.prefix(max(k, contextChunks)).map { index.rag.chunks[$0.index] }
        let context = ContextPacker.pack(Array(chunks), budget: budget, tokenCount: embedder.tokenCount)
        lap("pack")
        let sentences = try Answering.extractive(question: vector, context: context, embedder: embedder)
        lap("answer")
        let grounded = try Answering.groundedness(sentences, context: context, embedder: embedder)
        lap("ground")
        let sources = ranked.prefix(k).map { item -> Source in
            let c = index.rag.chunks[item.index]
            return Source(file: c.file, section: c.heading, line: c.line, score: item.score, text: c.text)
        }
        return PipelineAnswer(question: question, answer: Answering.render(sentences), sources: sources, ranked: ranked,
                              groundedness: grounded, stages: stages, seconds: Timing.now() - start)
        // end exercise answer-question
    }
}
