// The evaluation report: every retriever of week 10 and the service's own pipeline, scored with
// week 10's metric functions (Metrics.swift: file-level recall@k, MRR, nDCG@k) on a labelled
// question set, plus the groundedness of the service's extractive answers. Written as Markdown and
// as HTML with an inline SVG grouped bar chart (three bars per retriever).

import Foundation
import Shared
import Week10AdvancedRAG

public struct RetrieverRow: Sendable {
    public var name: String
    public var summary: String
    public var mean: RetrievalScores
    public var msPerQuery: Double
}

public struct CapstoneEvaluation: Sendable {
    public var k: Int
    public var questions: [LabelledQuestion]
    /// Week 10's methods first, the service pipeline last.
    public var rows: [RetrieverRow]
    /// The service pipeline's ranked files per question (the rankings its scores come from).
    public var serviceRankings: [[String]]
    public var servicePerQuestion: [RetrievalScores]
    public var meanSupported: Double
    public var meanCitationCoverage: Double
    public var meanLatencyMs: Double

    public var service: RetrieverRow { rows[rows.count - 1] }

    /// The final machine-readable line: the service pipeline's figures.
    public var summaryLine: String {
        JSONText.line([("recall_at_\(k)", .number(service.mean.recall)), ("mrr", .number(service.mean.reciprocalRank)),
                       ("ndcg_at_\(k)", .number(service.mean.ndcg))])
    }
}

public enum CapstoneEvaluator {
    public static let serviceName = "service"

    public static func run(_ questions: [LabelledQuestion], pipeline: RAGPipeline, k: Int,
                           showProgress: Bool = true) throws -> CapstoneEvaluation {
        let weekTen = try Evaluator.run(questions, retriever: pipeline.weekTenRetriever(), k: k, showProgress: showProgress)
        var rows = weekTen.methods.map {
            RetrieverRow(name: $0.method.rawValue, summary: $0.method.summary, mean: $0.mean, msPerQuery: $0.secondsPerQuery * 1000)
        }
        let bar = showProgress ? ProgressBar("eval service", total: questions.count) : nil
        var rankings: [[String]] = [], scores: [RetrievalScores] = []
        var supported = 0.0, coverage = 0.0, seconds = 0.0
        for (i, q) in questions.enumerated() {
            let answer = try pipeline.answer(q.question, k: k)
            let files = answer.ranked.map { pipeline.index.rag.chunks[$0.index].file }
            rankings.append(files)
            scores.append(RetrievalMetrics.scores(files, relevant: Set(q.relevant), k: k))
            supported += answer.groundedness.supported
            coverage += answer.groundedness.citationCoverage
            seconds += answer.seconds
            bar?.update(i + 1)
        }
        bar?.finish()
        let n = Double(max(questions.count, 1))
        rows.append(RetrieverRow(name: serviceName,
                                 summary: "the served pipeline: hybrid\(pipeline.rerank ? "+rerank" : ""), dense leg from the \(pipeline.index.manifest.vectorIndex) index; full answer timed",
                                 mean: RetrievalMetrics.mean(scores), msPerQuery: seconds / n * 1000))
        return CapstoneEvaluation(k: k, questions: questions, rows: rows, serviceRankings: rankings, servicePerQuestion: scores,
                                  meanSupported: supported / n, meanCitationCoverage: coverage / n, meanLatencyMs: seconds / n * 1000)
    }

    public static func table(_ e: CapstoneEvaluation) -> String {
        var table = TextTable(["retriever", "recall@\(e.k)", "MRR", "nDCG@\(e.k)", "ms/query"])
        for r in e.rows {
            table.add([r.name, format(r.mean.recall), format(r.mean.reciprocalRank), format(r.mean.ndcg), String(format: "%.1f", r.msPerQuery)])
        }
        return table.render()
    }

    static func format(_ x: Double) -> String { String(format: "%.3f", x) }

    public static func markdown(_ e: CapstoneEvaluation, index: IndexManifest, questionsPath: String) -> String {
        var lines = ["# Week 12 capstone — retrieval evaluation", "",
                     "\(e.questions.count) labelled questions from `\(questionsPath)`, k = \(e.k); corpus `\(index.corpus)` "
                         + "(\(index.files) files, \(index.chunks) chunks, \(index.chunker.signature)), model \(index.model), "
                         + "vector index \(index.vectorIndex), fingerprint \(index.corpusFingerprint).", "",
                     "| retriever | recall@\(e.k) | MRR | nDCG@\(e.k) | ms/query | what |", "|---|---:|---:|---:|---:|---|"]
        for r in e.rows {
            lines.append("| \(r.name) | \(format(r.mean.recall)) | \(format(r.mean.reciprocalRank)) | \(format(r.mean.ndcg)) | "
                         + String(format: "%.1f", r.msPerQuery) + " | \(r.summary) |")
        }
        lines += ["", String(format: "Groundedness of the service's extractive answers: %.3f of answer sentences supported by the packed context "
                             + "(cosine ≥ %.2f), citation coverage %.3f; mean full-pipeline time %.1f ms per question.",
                             e.meanSupported, Answering.threshold, e.meanCitationCoverage, e.meanLatencyMs), "",
                  "Metrics are week 10's (`RetrievalMetrics`): binary relevance at file level, a file counted once; "
                      + "MRR over the ranking to depth 100. Week 10's methods use exact dense scores; `service` is what `POST /query` runs.", "",
                  "## Per question (service)", "", "| # | question | relevant | first hit | recall@\(e.k) |", "|---:|---|---|---:|---:|"]
        for (i, q) in e.questions.enumerated() {
            let rr = e.servicePerQuestion[i].reciprocalRank
            lines.append("| \(i + 1) | \(q.question.replacingOccurrences(of: "|", with: "\\|")) | \(q.relevant.joined(separator: ", ")) | "
                         + (rr > 0 ? String(Int((1 / rr).rounded())) : "—") + " | \(format(e.servicePerQuestion[i].recall)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Grouped bars: for each retriever, recall@k, MRR and nDCG@k on a 0…1 axis.
    public static func chart(_ e: CapstoneEvaluation) -> String {
        let width = 760.0, height = 360.0, left = 50.0, right = 150.0, top = 40.0, bottom = 50.0
        let plotW = width - left - right, plotH = height - top - bottom
        let metrics = ["recall@\(e.k)", "MRR", "nDCG@\(e.k)"]
        let colours = ["#1f77b4", "#ff7f0e", "#2ca02c"]
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(Int(left))\" y=\"24\" font-size=\"15\">Retrieval quality on \(e.questions.count) labelled questions (k = \(e.k))</text>\n"
        for tick in 0...5 {
            let v = Double(tick) / 5, y = top + plotH * (1 - v)
            s += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, left + plotW, y)
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.1f</text>\n", left - 6, y + 4, v)
        }
        let group = plotW / Double(max(e.rows.count, 1))
        let barW = group * 0.8 / Double(metrics.count)
        for (g, row) in e.rows.enumerated() {
            let values = [row.mean.recall, row.mean.reciprocalRank, row.mean.ndcg]
            for (m, v) in values.enumerated() {
                let x = left + Double(g) * group + group * 0.1 + Double(m) * barW
                let h = plotH * min(max(v, 0), 1)
                s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"><title>%@ %@ = %.3f</title></rect>\n",
                            x, top + plotH - h, barW, h, colours[m], SVGPlot.escape(row.name), metrics[m], v)
            }
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%@</text>\n",
                        left + (Double(g) + 0.5) * group, top + plotH + 16, SVGPlot.escape(row.name))
        }
        for (m, name) in metrics.enumerated() {
            let y = top + 10 + Double(m) * 18
            s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%@\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%@</text>\n",
                        width - right + 16, y - 10, colours[m], width - right + 34, y, name)
        }
        return s + "</svg>\n"
    }

    public static func html(_ e: CapstoneEvaluation, markdown: String) -> String {
        var rows = ""
        for r in e.rows {
            rows += "<tr><td>\(SVGPlot.escape(r.name))</td><td>\(format(r.mean.recall))</td><td>\(format(r.mean.reciprocalRank))</td>"
                + "<td>\(format(r.mean.ndcg))</td><td>" + String(format: "%.1f", r.msPerQuery) + "</td><td>\(SVGPlot.escape(r.summary))</td></tr>\n"
        }
        let intro = markdown.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).first.map(String.init) ?? ""
        return """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Week 12 capstone — retrieval evaluation</title>
        <style>body{font-family:sans-serif;max-width:900px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}td:nth-child(n+2):nth-child(-n+5){text-align:right}</style></head>
        <body><h1>Week 12 capstone — retrieval evaluation</h1>
        <p>\(SVGPlot.escape(intro))</p>
        \(chart(e))
        <table><tr><th>retriever</th><th>recall@\(e.k)</th><th>MRR</th><th>nDCG@\(e.k)</th><th>ms/query</th><th>what</th></tr>
        \(rows)</table>
        <p>Groundedness of the service's extractive answers: \(format(e.meanSupported)) supported, citation coverage \(format(e.meanCitationCoverage)).</p>
        </body></html>

        """
    }

    /// Writes report.md, report.html and report.svg into `folder`; returns the Markdown and HTML paths.
    public static func write(_ e: CapstoneEvaluation, index: IndexManifest, questionsPath: String, to folder: URL) throws -> (markdown: URL, html: URL) {
        let md = markdown(e, index: index, questionsPath: questionsPath)
        let mdURL = folder.appendingPathComponent("eval-report.md"), htmlURL = folder.appendingPathComponent("eval-report.html")
        try AtomicFile.write(md, to: mdURL)
        try AtomicFile.write(html(e, markdown: md), to: htmlURL)
        try AtomicFile.write(chart(e), to: folder.appendingPathComponent("eval-report.svg"))
        return (mdURL, htmlURL)
    }
}
