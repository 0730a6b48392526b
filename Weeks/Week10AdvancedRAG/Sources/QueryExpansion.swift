// HyDE-style query expansion without a language model.
//
// HyDE (Gao et al. 2022) asks an LLM to write a hypothetical answer and embeds that instead of the
// question: answers look more like documents than questions do. With no LLM here, the hypothetical
// answer is assembled from pseudo-relevance feedback: the top `feedbackChunks` BM25 chunks, from
// each the `sentencesPerChunk` sentences sharing the most terms with the question, joined after
// the question itself. Its embedding is averaged with the question's:
//
//   q' = normalise(α · e(question) + (1 − α) · e(question + picked sentences))      α = 0.5
//
// If the BM25 top chunks are off-topic the expansion drifts (the classic PRF failure), which is why
// α keeps half the weight on the question.

import Foundation

public struct QueryExpansion: Sendable {
    public var feedbackChunks = 3
    public var sentencesPerChunk = 2
    public var alpha: Float = 0.5

    public init() {}

    /// The hypothetical answer text for `query` from the lexical ranking.
    public func hypotheticalAnswer(query: String, lexical: [ScoredItem], index: RAGIndex) -> String {
        let queryTerms = Set(BM25Tokenizer.tokens(query))
        var picked: [String] = []
        for item in lexical.prefix(feedbackChunks) {
            let sentences = ReST.sentences(index.chunks[item.index].text)
            let ranked = sentences.enumerated().map { (offset, s) -> (Int, Int) in
                (Set(BM25Tokenizer.tokens(s)).intersection(queryTerms).count, offset)
            }.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            picked += ranked.prefix(sentencesPerChunk).map { sentences[$0.1] }
        }
        return ([query] + picked).joined(separator: " ")
    }

    public func expandedVector(query: String, vector: [Float], lexical: [ScoredItem], index: RAGIndex,
                               embedder: any TextEmbedder) throws -> [Float] {
        guard !lexical.isEmpty else { return vector }
        let hypothetical = try embedder.embed([hypotheticalAnswer(query: query, lexical: lexical, index: index)])[0]
        return normalised(zip(vector, hypothetical).map { alpha * $0 + (1 - alpha) * $1 })
    }
}
