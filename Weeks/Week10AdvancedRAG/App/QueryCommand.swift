// `query "QUESTION"`: ranked passages, the packed context and an extractive answer with citations.

import Foundation
import Shared
import Week10AdvancedRAG

struct QueryResult {
    var question: String
    var method: RetrievalMethod
    var summary: String
    var ranked: [ScoredItem]
    var context: PackedContext
    var answer: [AnswerSentence]
    var answerIsUsers: Bool
    var groundedness: Groundedness
}

enum QueryCommand {
    static func method(_ invocation: Invocation) throws -> RetrievalMethod {
        RetrievalMethod(rawValue: invocation.string("method"))!
    }

    static func answer(_ question: String, retriever: Retriever, method: RetrievalMethod, k: Int, budget: Int,
                       userAnswer: String? = nil) throws -> QueryResult {
        let prepared = try retriever.prepare([question])[0]
        let ranked = try retriever.retrieve(prepared, method: method)
        let chunks = ranked.prefix(max(k, 20)).map { retriever.index.chunks[$0.index] }
        let embedder = retriever.embedder
        let context = ContextPacker.pack(Array(chunks), budget: budget, tokenCount: embedder.tokenCount)
        let answer = try userAnswer.map { Answering.parse($0) }
            ?? Answering.extractive(question: prepared.vector, context: context, embedder: embedder)
        let grounded = try Answering.groundedness(answer, context: context, embedder: embedder)
        return QueryResult(question: question, method: method, summary: retriever.describe(method), ranked: Array(ranked.prefix(k)), context: context,
                           answer: answer, answerIsUsers: userAnswer != nil, groundedness: grounded)
    }

    static func printText(_ r: QueryResult, index: RAGIndex, passageCharacters: Int = 280) {
        print("question: \(r.question)")
        print("retriever: \(r.method.rawValue) — \(r.summary)")
        for (i, item) in r.ranked.enumerated() {
            let c = index.chunks[item.index]
            print(String(format: "%2d. %@  (score %.4f)", i + 1, c.citation, item.score))
            let text = c.text.count > passageCharacters ? String(c.text.prefix(passageCharacters)) + "…" : c.text
            print("    " + text)
        }
        print("context: \(r.context.chunks.count) chunks, \(r.context.usedTokens)/\(r.context.budget) WordPiece tokens"
              + (r.context.skippedDuplicates > 0 ? ", \(r.context.skippedDuplicates) near-duplicate(s) skipped" : "")
              + ", in source order:")
        for p in r.context.chunks { print("  [\(p.citation)] \(p.chunk.citation)  (rank \(p.rank), \(p.tokens) tokens)") }
        print(r.answerIsUsers ? "answer (given):" : "answer (extractive, top sentences of the context):")
        for s in r.answer { print("  " + s.text + " " + s.citations.map { "[\($0)]" }.joined()) }
        let g = r.groundedness
        print(String(format: "groundedness: %.0f%% of answer sentences supported by the context (cosine ≥ %.2f), citation coverage %.0f%%",
                     g.supported * 100, g.threshold, g.citationCoverage * 100))
    }

    static func json(_ r: QueryResult, index: RAGIndex) -> String {
        func chunkJSON(_ c: Chunk) -> [(String, JSONValue)] {
            [("file", .string(c.file)), ("line", .int(c.line)), ("section", .string(c.heading))]
        }
        let results: [JSONValue] = r.ranked.enumerated().map { i, item in
            let c = index.chunks[item.index]
            return .object([("rank", .int(i + 1))] + chunkJSON(c) + [("score", .number(item.score)), ("text", .string(c.text))])
        }
        let citations: [JSONValue] = r.context.chunks.map {
            .object([("n", .int($0.citation))] + chunkJSON($0.chunk) + [("tokens", .int($0.tokens))])
        }
        return JSONText.line([
            ("question", .string(r.question)), ("retriever", .string(r.method.rawValue)), ("results", .array(results)),
            ("context_tokens", .int(r.context.usedTokens)), ("budget", .int(r.context.budget)), ("citations", .array(citations)),
            ("answer", .string(Answering.render(r.answer))),
            ("supported", .number(r.groundedness.supported)), ("citation_coverage", .number(r.groundedness.citationCoverage)),
            ("threshold", .number(r.groundedness.threshold)),
        ])
    }

    static func run(_ invocation: Invocation) throws {
        let question = invocation.positionals[0]
        guard !question.trimmingCharacters(in: .whitespaces).isEmpty else { throw UsageError("the question is empty") }
        let k = try Session.k(invocation)
        let budget = invocation.int("budget")
        let method = try method(invocation)
        let asJSON = invocation.flag("json")
        let retriever = try Session.open(corpus: try Session.corpus(invocation), chunker: try Session.chunker(invocation),
                                         fusion: try Session.fusion(invocation), quiet: asJSON)
        let result = try answer(question, retriever: retriever, method: method, k: k, budget: budget,
                                userAnswer: invocation.optionalString("answer"))
        if asJSON {
            print(json(result, index: retriever.index))
        } else {
            printText(result, index: retriever.index)
        }
    }
}
