// An extractive answer and how grounded an answer is in its context.
//
// Extractive answer: the packed context's sentences (≥ 5 words) scored by cosine with the question
// embedding; the best `sentences` (3), each followed by the citation of the chunk it came from.
// It invents nothing, so it is a floor for what a generator should do with the same context.
//
// Groundedness of any answer (ours, or an LLM's passed with --answer), with threshold τ = 0.75:
//   supported fraction  = answer sentences whose best cosine with some context sentence is ≥ τ
//                         / answer sentences
//   citation coverage   = answer sentences that cite [n] of a packed chunk holding a sentence
//                         with cosine ≥ τ to them / answer sentences
// Cosine of MiniLM embeddings measures paraphrase, not entailment: a sentence that negates its
// source ("X is not thread-safe") still scores high. That is the limit of this check.

import Foundation

public struct AnswerSentence: Sendable, Equatable {
    public var text: String
    public var citations: [Int]
    public var score: Double
}

public struct Groundedness: Sendable, Equatable {
    public var supported: Double
    public var citationCoverage: Double
    /// Best context cosine per answer sentence.
    public var bestSimilarity: [Double]
    public var threshold: Double
}

public enum Answering {
    public static let threshold = 0.75

    /// Context sentences with the citation of their chunk.
    public static func contextSentences(_ context: PackedContext) -> [(text: String, citation: Int)] {
        context.chunks.flatMap { packed in
            ReST.sentences(packed.chunk.text).filter { $0.split(separator: " ").count >= 5 }.map { ($0, packed.citation) }
        }
    }

    public static func extractive(question: [Float], context: PackedContext, sentences count: Int = 3,
                                  embedder: any TextEmbedder) throws -> [AnswerSentence] {
        let candidates = contextSentences(context)
        guard !candidates.isEmpty else { return [] }
        let vectors = try embedder.embed(candidates.map(\.text))
        let scored = zip(candidates, vectors).map { AnswerSentence(text: $0.text, citations: [$0.citation], score: cosine(question, $1)) }
        var seen: Set<String> = []
        return scored.sorted { $0.score > $1.score }.filter { seen.insert($0.text).inserted }.prefix(count).map { $0 }
    }

    /// "sentence [2] sentence [1] …"
    public static func render(_ answer: [AnswerSentence]) -> String {
        answer.map { "\($0.text) " + $0.citations.map { "[\($0)]" }.joined() }.joined(separator: " ")
    }

    /// Splits an answer text into sentences with the [n] citations each carries (markers removed).
    public static func parse(_ answer: String) -> [AnswerSentence] {
        ReST.sentences(answer).map { sentence in
            var citations: [Int] = []
            var text = ""
            var i = sentence.startIndex
            while i < sentence.endIndex {
                if sentence[i] == "[", let close = sentence[i...].firstIndex(of: "]"),
                   let n = Int(sentence[sentence.index(after: i)..<close]) {
                    citations.append(n)
                    i = sentence.index(after: close)
                    continue
                }
                text.append(sentence[i])
                i = sentence.index(after: i)
            }
            let cleaned = text.split(separator: " ").joined(separator: " ")
            return AnswerSentence(text: cleaned, citations: citations, score: 0)
        }.filter { !$0.text.isEmpty }
    }

    public static func groundedness(_ answer: [AnswerSentence], context: PackedContext, threshold: Double = threshold,
                                    embedder: any TextEmbedder) throws -> Groundedness {
        let source = contextSentences(context)
        guard !answer.isEmpty else { return Groundedness(supported: 0, citationCoverage: 0, bestSimilarity: [], threshold: threshold) }
        let answerVectors = try embedder.embed(answer.map(\.text))
        let sourceVectors = source.isEmpty ? [] : try embedder.embed(source.map(\.text))
        var supported = 0, cited = 0
        var best: [Double] = []
        for (sentence, v) in zip(answer, answerVectors) {
            let sims = sourceVectors.map { cosine(v, $0) }
            let top = sims.max() ?? 0
            best.append(top)
            if top >= threshold { supported += 1 }
            let citedOK = sentence.citations.contains { c in
                zip(source, sims).contains { $0.0.citation == c && $0.1 >= threshold }
            }
            if citedOK { cited += 1 }
        }
        let n = Double(answer.count)
        return Groundedness(supported: Double(supported) / n, citationCoverage: Double(cited) / n,
                            bestSimilarity: best, threshold: threshold)
    }
}
