// Re-ranking the fused top-N with features that look at the question and the chunk together.
//
// This is NOT a cross-encoder. A cross-encoder feeds "[CLS] question [SEP] passage" through one
// transformer so every question token attends to every passage token, and is trained on relevance
// labels. Here the question and the chunk are still encoded separately (MiniLM is a bi-encoder);
// the "cross" part is a handful of features computed from the pair, combined linearly with fixed
// weights chosen by reasoning, not fitted (fitting them is an exercise):
//
//   sentence  max over the chunk's sentences of cos(e(question), e(sentence)) — finer than the
//             whole-chunk cosine: a chunk with one sentence that answers beats a vaguely related one
//             (the 3 sentences sharing most terms with the question, to bound the embedding cost)
//   dense     cos(e(question), e(chunk))
//   bm25      the chunk's BM25 score / the best BM25 score among the candidates
//   coverage  fraction of the question's distinct terms present in the chunk (with its headings)
//   title     fraction of the question's distinct terms present in its section path and file name
//   fused     the chunk's fused score / the best fused score (keeps the fused order as a prior)
//
//   score = 0.30·sentence + 0.20·dense + 0.10·bm25 + 0.15·coverage + 0.15·title + 0.10·fused
//
// Only the top `depth` (15) are re-ordered; the rest of the fused list follows unchanged.

import Foundation

public struct RerankWeights: Sendable, Equatable {
    public var sentence = 0.30, dense = 0.20, bm25 = 0.10, coverage = 0.15, title = 0.15, fused = 0.10
    public init() {}
}

public struct RerankFeatures: Sendable, Equatable {
    public var sentence, dense, bm25, coverage, title, fused: Double

    public func score(_ w: RerankWeights) -> Double {
        w.sentence * sentence + w.dense * dense + w.bm25 * bm25 + w.coverage * coverage + w.title * title + w.fused * fused
    }
}

/// Sentence embeddings, computed on first use and kept by text (shared by every question and method).
public final class SentenceVectorCache {
    var vectors: [String: [Float]] = [:]
    public init() {}

    /// The chunk's `limit` sentences (≥ 3 words) sharing most terms with the question, in text order
    /// on ties; the whole chunk text when it has no such sentence.
    public func sentences(of chunk: Chunk, terms: Set<String>, limit: Int) -> [String] {
        let all = ReST.sentences(chunk.text).filter { $0.split(separator: " ").count >= 3 }
        guard !all.isEmpty else { return [chunk.text] }
        let ranked = all.enumerated().map { ($0.offset, Set(BM25Tokenizer.tokens($0.element)).intersection(terms).count) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return ranked.prefix(limit).map { all[$0.0] }
    }

    /// Vectors of `texts`, embedding the unseen ones in one batch.
    public func vectors(_ texts: [String], embedder: any TextEmbedder) throws -> [[Float]] {
        let missing = Array(Set(texts.filter { vectors[$0] == nil })).sorted()
        if !missing.isEmpty {
            for (text, v) in zip(missing, try embedder.embed(missing)) { vectors[text] = v }
        }
        return texts.map { vectors[$0]! }
    }
}

public struct CrossFeatureReranker {
    public var depth = 15
    /// Sentences per chunk compared with the question (the costly feature: each is embedded once).
    public var sentencesPerChunk = 3
    public var weights = RerankWeights()
    public let cache = SentenceVectorCache()

    public init() {}

    public func features(query: PreparedQuery, vector: [Float], candidates: [ScoredItem], denseScores: [Double],
                         index: RAGIndex, embedder: any TextEmbedder) throws -> [RerankFeatures] {
        let ids = candidates.map(\.index)
        let terms = Set(BM25Tokenizer.tokens(query.text))
        let sentences = ids.map { cache.sentences(of: index.chunks[$0], terms: terms, limit: sentencesPerChunk) }
        let flat = try cache.vectors(sentences.flatMap { $0 }, embedder: embedder)
        var offset = 0
        var bestSentence: [Int: Double] = [:]
        for (id, group) in zip(ids, sentences) {
            bestSentence[id] = flat[offset..<(offset + group.count)].map { cosine(vector, $0) }.max() ?? 0
            offset += group.count
        }
        let bestBM25 = max(ids.map { query.bm25Scores[$0] }.max() ?? 0, 1e-12)
        let bestFused = max(candidates.map(\.score).max() ?? 0, 1e-12)
        return candidates.map { item in
            let chunk = index.chunks[item.index]
            let sentence = bestSentence[item.index]!
            let chunkTerms = Set(BM25Tokenizer.tokens(chunk.indexedText))
            let titleTerms = Set(BM25Tokenizer.tokens(chunk.heading + " " + chunk.file.replacingOccurrences(of: ".rst.txt", with: "")))
            let n = Double(max(terms.count, 1))
            return RerankFeatures(sentence: sentence, dense: denseScores[item.index],
                                  bm25: query.bm25Scores[item.index] / bestBM25,
                                  coverage: Double(terms.intersection(chunkTerms).count) / n,
                                  title: Double(terms.intersection(titleTerms).count) / n,
                                  fused: item.score / bestFused)
        }
    }

    /// `fused` with its first `depth` items re-ordered by the feature score.
    public func rerank(_ fused: [ScoredItem], query: PreparedQuery, vector: [Float], denseScores: [Double],
                       index: RAGIndex, embedder: any TextEmbedder) throws -> [ScoredItem] {
        let head = Array(fused.prefix(depth))
        let f = try features(query: query, vector: vector, candidates: head, denseScores: denseScores,
                             index: index, embedder: embedder)
        let rescored = zip(head, f).map { ScoredItem(index: $0.index, score: $1.score(weights)) }
            .sorted(by: Ranking.better)
        return rescored + fused.dropFirst(depth)
    }
}
