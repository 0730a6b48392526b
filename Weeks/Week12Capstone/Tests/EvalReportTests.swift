// The evaluation report's figures are week 10's metric functions on the same rankings, and a
// naive re-implementation in this test agrees; the report files are regenerated each run.

import Foundation
import Shared
import TestSupport
import Week10AdvancedRAG
import Week12Capstone
import XCTest

final class EvalReportTests: XCTestCase {
    /// recall@k, reciprocal rank and nDCG@k written out directly from their definitions.
    func naive(_ files: [String], relevant: Set<String>, k: Int) -> (Double, Double, Double) {
        var found: [String] = [], dcg = 0.0
        for (i, f) in files.prefix(k).enumerated() where relevant.contains(f) && !found.contains(f) {
            found.append(f)
            dcg += 1 / log2(Double(i) + 2)
        }
        var ideal = 0.0
        for i in 0..<min(k, relevant.count) { ideal += 1 / log2(Double(i) + 2) }
        let first = files.firstIndex { relevant.contains($0) }
        return (Double(found.count) / Double(relevant.count), first.map { 1 / Double($0 + 1) } ?? 0, dcg / ideal)
    }

    func testReportFiguresEqualWeekTenMetricsOnTheSameRankings() throws {
        let (temporary, docs, folder) = try TinyCorpus.make()
        let embedder = HashingEmbedder(dimension: 64)
        _ = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        let pipeline = RAGPipeline(index: try IndexBundle.load(folder), embedder: embedder)
        // A question with two relevant files, so recall and nDCG are not just 0/1.
        let questions = try QuestionSet.parse(TinyCorpus.questionLines + """

            {"question": "parse JSON text and a date string", "relevant": ["library/json.rst.txt", "library/datetime.rst.txt"]}
            """, path: "tiny.jsonl")
        XCTAssertEqual(questions.count, 6)
        let k = 1
        let evaluation = try CapstoneEvaluator.run(questions, pipeline: pipeline, k: k, showProgress: false)
        XCTAssertEqual(evaluation.rows.map(\.name), RetrievalMethod.allCases.map(\.rawValue) + ["service"])

        // The service row: rankings regenerated here, scored by the naive functions.
        var sums = (0.0, 0.0, 0.0)
        for (i, q) in questions.enumerated() {
            let files = try pipeline.rank(q.question).ranked.map { pipeline.index.rag.chunks[$0.index].file }
            XCTAssertEqual(files, evaluation.serviceRankings[i])
            let (r, rr, n) = naive(files, relevant: Set(q.relevant), k: k)
            sums = (sums.0 + r, sums.1 + rr, sums.2 + n)
        }
        let count = Double(questions.count)
        assertClose(evaluation.service.mean.recall, sums.0 / count, rtol: 1e-12)
        assertClose(evaluation.service.mean.reciprocalRank, sums.1 / count, rtol: 1e-12)
        assertClose(evaluation.service.mean.ndcg, sums.2 / count, rtol: 1e-12)
        XCTAssertLessThan(evaluation.service.mean.recall, 1, "the two-file question cannot be fully recalled at k = 1")

        // Week 10's rows are week 10's evaluator on the same index.
        let weekTen = try Evaluator.run(questions, retriever: pipeline.weekTenRetriever(), k: k, showProgress: false)
        for (row, method) in zip(evaluation.rows, weekTen.methods) {
            XCTAssertEqual(row.mean, method.mean, row.name)
        }

        // The report files carry exactly these figures, and the summary line the service's.
        let out = temporary.url.appendingPathComponent("report", isDirectory: true)
        let paths = try CapstoneEvaluator.write(evaluation, index: pipeline.index.manifest, questionsPath: "tiny.jsonl", to: out)
        let markdown = try FileIO.readText(paths.markdown)
        let html = try FileIO.readText(paths.html)
        for row in evaluation.rows {
            let cells = [row.mean.recall, row.mean.reciprocalRank, row.mean.ndcg].map { String(format: "%.3f", $0) }
            XCTAssert(markdown.contains("| \(row.name) | " + cells.joined(separator: " | ") + " |"), row.name)
            XCTAssert(html.contains("<td>\(row.name)</td><td>" + cells.joined(separator: "</td><td>") + "</td>"), row.name)
        }
        XCTAssert(html.contains("<svg") && html.contains("<rect"), "the chart is inline SVG")
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(evaluation.summaryLine.utf8)) as? [String: Double])
        XCTAssertEqual(summary["recall_at_1"], evaluation.service.mean.recall)
        XCTAssertEqual(summary["mrr"], evaluation.service.mean.reciprocalRank)
        XCTAssertEqual(summary["ndcg_at_1"], evaluation.service.mean.ndcg)
    }
}
