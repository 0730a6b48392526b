// The default run: index the Python docs, compare chunkers (BM25, cheap) and all retrievers
// (on the structure-aware index), answer two example questions with citations.

import Foundation
import Shared
import Week10AdvancedRAG

enum Demo {
    static let examples = [
        "How do I pretty-print JSON with sorted keys?",
        "How can I run a shell command and capture its output?",
    ]

    static func run(_ invocation: Invocation) throws {
        let k = try Session.k(invocation)
        let corpus = try Session.corpus(invocation)
        let fusion = try Session.fusion(invocation)
        print("Week 10 — advanced RAG over \(Project.display(corpus)) (deterministic: no random seed is used)")
        print("BLAS: \(BLASInfo.summary)")
        let questionsURL = EvalCommand.committedQuestions
        let questions = try QuestionSet.load(questionsURL)

        print("\n== Chunkers (BM25 only, so no re-embedding; structure-aware is the index used below) ==")
        let documents = try Corpus.load(corpus)
        var chunkTable = TextTable(["chunker", "chunks", "words/chunk", "recall@\(k)", "MRR", "nDCG@\(k)"])
        for kind in ChunkerConfig.Kind.allCases {
            let config = ChunkerConfig(kind: kind)
            let chunks = Chunker.chunk(documents, config: config)
            let bm25 = BM25Index(documents: chunks.map(\.indexedText))
            let scores = questions.map { q in
                RetrievalMetrics.scores(bm25.search(q.question, k: 100).map { chunks[$0.index].file }, relevant: Set(q.relevant), k: k)
            }
            let mean = RetrievalMetrics.mean(scores)
            let words = Double(chunks.map { $0.text.split(separator: " ").count }.reduce(0, +)) / Double(max(chunks.count, 1))
            chunkTable.add([config.signature, "\(chunks.count)", String(format: "%.0f", words), String(format: "%.3f", mean.recall),
                            String(format: "%.3f", mean.reciprocalRank), String(format: "%.3f", mean.ndcg)])
        }
        print(chunkTable.render())

        print("\n== Index ==")
        let retriever = try Session.open(corpus: corpus, chunker: ChunkerConfig(), fusion: fusion)
        try QuestionSet.validate(questions, files: retriever.index.files, path: Project.display(questionsURL))

        print("\n== Retrievers on \(questions.count) labelled questions (\(Project.display(questionsURL))), k = \(k) ==")
        let evaluation = try Evaluator.run(questions, retriever: retriever, k: k, onMethod: Session.reportMethod)
        print(Evaluator.table(evaluation))
        print(String(format: "shared per-question preparation (batched embedding + BM25 scores): %.1f ms/query", evaluation.embedSecondsPerQuery * 1000))
        let report = try writeReport(evaluation, questions: questions)
        print("per-question figures → \(Project.display(report))")

        for question in examples {
            print("\n== Example: \(question) ==")
            let result = try QueryCommand.answer(question, retriever: retriever, method: evaluation.best.method, k: 3, budget: 512)
            QueryCommand.printText(result, index: retriever.index, passageCharacters: 200)
        }
        print("\nbest pipeline: \(evaluation.best.method.rawValue)")
        print(Evaluator.summaryLine(evaluation))
    }

    /// Output/Week10AdvancedRAG/eval.jsonl: one line per question and retriever.
    static func writeReport(_ evaluation: RetrievalEvaluation, questions: [LabelledQuestion]) throws -> URL {
        var lines: [String] = []
        for m in evaluation.methods {
            for (q, s) in zip(questions, m.perQuestion) {
                lines.append(JSONText.line([("retriever", .string(m.method.rawValue)), ("question", .string(q.question)),
                                            ("recall", .number(s.recall)), ("rr", .number(s.reciprocalRank)), ("ndcg", .number(s.ndcg))]))
            }
        }
        let url = try Project.outputDirectory("Week10AdvancedRAG").appendingPathComponent("eval.jsonl")
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: url)
        return url
    }
}
