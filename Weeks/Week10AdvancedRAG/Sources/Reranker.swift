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
//   dense     cos(e(question), e(chunk))
//   bm25      the chunk's BM25 score / the best BM25 score among the candidates
//   coverage  fraction of the question's distinct terms present in the chunk (with its headings)
//   title     fraction of the question's distinct terms present in its section path and file name
//   fused     the chunk's RRF score / the best RRF score (keeps the fused order as a prior)
//
//   score = 0.30·sentence + 0.20·dense + 0.10·bm25 + 0.15·coverage + 0.15·title + 0.10·fused
//
// Only the top `depth` (30) are re-ordered; the rest of the fused list follows unchanged.

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

/// Sentence embeddings of chunks, computed on first use (shared by every question and method).
public final class SentenceVectorCache {
    var vectors: [Int: [[Float]]] = [:]
    public init() {}

    public func sentences(of chunk: Chunk) -> [String] {
        let all = ReST.sentences(chunk.text).filter { $0.split(separator: " ").count >= 3 }
        return all.isEmpty ? [chunk.text] : all
    }

    /// Embeds the sentences of every chunk in `ids` not seen before, in one batch.
    public func vectors(for ids: [Int], index: RAGIndex, embedder: any TextEmbedder) throws -> [Int: [[Float]]] {
        let missing = ids.filter { vectors[$0] == nil }
        if !missing.isEmpty {
            var texts: [String] = []
            var counts: [Int] = []
            for id in missing {
                let s = sentences(of: index.chunks[id])
                texts += s
                counts.append(s.count)
            }
            var rows: [[Float]] = []
            var start = 0
            while start < texts.count {  // bounded batches keep the attention buffers small
                rows += try embedder.embed(Array(texts[start..<min(texts.count, start + 64)]))
                start += 64
            }
            var offset = 0
            for (id, n) in zip(missing, counts) {
                vectors[id] = Array(rows[offset..<(offset + n)])
                offset += n
            }
        }
        var result: [Int: [[Float]]] = [:]
        for id in ids { result[id] = vectors[id] }
        return result
    }
}

public struct CrossFeatureReranker {
    public var depth = 30
    public var weights = RerankWeights()
    public let cache = SentenceVectorCache()

    public init() {}

    public func features(query: PreparedQuery, vector: [Float], candidates: [ScoredItem], denseScores: [Double],
                         index: RAGIndex, embedder: any TextEmbedder) throws -> [RerankFeatures] {
        let ids = candidates.map(\.index)
        let sentenceVectors = try cache.vectors(for: ids, index: index, embedder: embedder)
        let terms = Set(BM25Tokenizer.tokens(query.text))
        let bestBM25 = max(ids.map { query.bm25Scores[$0] }.max() ?? 0, 1e-12)
        let bestFused = max(candidates.map(\.score).max() ?? 0, 1e-12)
        return candidates.map { item in
            let chunk = index.chunks[item.index]
            let sentence = sentenceVectors[item.index]!.map { cosine(vector, $0) }.max() ?? 0
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
