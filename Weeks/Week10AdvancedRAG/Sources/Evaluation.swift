// Scoring every retrieval method on a labelled question set (metrics: Metrics.swift).

import Foundation
import Shared

public struct MethodEvaluation: Sendable {
    public var method: RetrievalMethod
    /// What the method did (Retriever.describe), for tables.
    public var summary: String
    public var mean: RetrievalScores
    public var perQuestion: [RetrievalScores]
    /// Mean wall time per question for this method's retrieval (embedding the question excluded).
    public var secondsPerQuery: Double
}

/// Every retrieval method scored on one labelled question set (recall@k, MRR, nDCG@k per method).
public struct RetrievalEvaluation: Sendable {
    public var k: Int
    public var questions: Int
    public var methods: [MethodEvaluation]
    public var embedSecondsPerQuery: Double

    /// The best pipeline: highest recall@k, then MRR, then nDCG@k.
    public var best: MethodEvaluation {
        methods.max { a, b in
            (a.mean.recall, a.mean.reciprocalRank, a.mean.ndcg) < (b.mean.recall, b.mean.reciprocalRank, b.mean.ndcg)
        }!
    }
}

public enum Evaluator {
    public static func run(_ questions: [LabelledQuestion], retriever: Retriever, k: Int,
                           methods: [RetrievalMethod] = RetrievalMethod.allCases,
                           showProgress: Bool = true, onMethod: ((MethodEvaluation) -> Void)? = nil) throws -> RetrievalEvaluation {
        let t0 = Timing.now()
        let prepared = try retriever.prepare(questions.map(\.question))
        let embedSeconds = (Timing.now() - t0) / Double(max(questions.count, 1))
        var results: [MethodEvaluation] = []
        for method in methods {
            let bar = showProgress ? ProgressBar("eval \(method.rawValue)", total: questions.count) : nil
            var scores: [RetrievalScores] = []
            var seconds = 0.0
            for (i, q) in questions.enumerated() {
                let t = Timing.now()
                let ranked = try retriever.retrieve(prepared[i], method: method)
                seconds += Timing.now() - t
                let files = ranked.map { retriever.index.chunks[$0.index].file }
                scores.append(RetrievalMetrics.scores(files, relevant: Set(q.relevant), k: k))
                bar?.update(i + 1)
            }
            bar?.finish()
            let result = MethodEvaluation(method: method, summary: retriever.describe(method), mean: RetrievalMetrics.mean(scores), perQuestion: scores,
                                          secondsPerQuery: seconds / Double(max(questions.count, 1)))
            onMethod?(result)
            results.append(result)
        }
        return RetrievalEvaluation(k: k, questions: questions.count, methods: results, embedSecondsPerQuery: embedSeconds)
    }

    public static func table(_ evaluation: RetrievalEvaluation) -> String {
        var table = TextTable(["retriever", "recall@\(evaluation.k)", "MRR", "nDCG@\(evaluation.k)", "ms/query", "what"])
        for m in evaluation.methods {
            table.add([m.method.rawValue, String(format: "%.3f", m.mean.recall), String(format: "%.3f", m.mean.reciprocalRank),
                       String(format: "%.3f", m.mean.ndcg), String(format: "%.1f", m.secondsPerQuery * 1000), m.summary])
        }
        return table.render()
    }

    /// The final machine-readable line: the best pipeline's figures (its name is printed before it).
    public static func summaryLine(_ evaluation: RetrievalEvaluation) -> String {
        let best = evaluation.best
        return JSONText.line([
            ("recall_at_\(evaluation.k)", .number(best.mean.recall)),
            ("mrr", .number(best.mean.reciprocalRank)),
            ("ndcg_at_\(evaluation.k)", .number(best.mean.ndcg)),
        ])
    }
}
