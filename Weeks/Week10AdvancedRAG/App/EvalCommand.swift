// `eval`: every retriever on a labelled question file; the last line is the best pipeline's JSON.

import Foundation
import Shared
import Week10AdvancedRAG

enum EvalCommand {
    /// Weeks/Week10AdvancedRAG/Data/questions.jsonl
    static var committedQuestions: URL {
        Project.root.appendingPathComponent("Weeks/Week10AdvancedRAG/Data/questions.jsonl")
    }

    static func run(_ invocation: Invocation) throws {
        let k = try Session.k(invocation)
        let asJSON = invocation.flag("json")
        let url = invocation.optionalString("questions").map { URL(fileURLWithPath: $0) } ?? committedQuestions
        let questions = try QuestionSet.load(url)  // parse before the (slow) index, so errors come first
        let retriever = try Session.open(corpus: try Session.corpus(invocation), chunker: try Session.chunker(invocation),
                                         fusion: try Session.fusion(invocation), quiet: asJSON)
        try QuestionSet.validate(questions, files: retriever.index.files, path: Project.display(url))
        let methods = try invocation.string("methods").split(separator: ",").map {
            guard let m = RetrievalMethod(rawValue: String($0)) else {
                throw UsageError("--methods expects names from \(RetrievalMethod.allCases.map(\.rawValue).joined(separator: ", ")), got '\($0)'")
            }
            return m
        }
        let evaluation = try Evaluator.run(questions, retriever: retriever, k: k, methods: methods, onMethod: Session.reportMethod)
        if asJSON {
            for m in evaluation.methods {
                print(JSONText.line([("retriever", .string(m.method.rawValue)), ("recall_at_\(k)", .number(m.mean.recall)),
                                     ("mrr", .number(m.mean.reciprocalRank)), ("ndcg_at_\(k)", .number(m.mean.ndcg)),
                                     ("ms_per_query", .number(m.secondsPerQuery * 1000))]))
            }
        } else {
            print("\(questions.count) questions from \(Project.display(url)), k = \(k)")
            print(Evaluator.table(evaluation))
            print(String(format: "shared per-question preparation (batched embedding + BM25 scores): %.1f ms/query", evaluation.embedSecondsPerQuery * 1000))
            print("best pipeline: \(evaluation.best.method.rawValue)")
        }
        print(Evaluator.summaryLine(evaluation))
    }
}
