// The default run: the whole capstone end to end on the Python docs, over a real socket.

import Foundation
import Shared
import Week10AdvancedRAG
import Week11MLOps
import Week12Capstone

enum Demo {
    static func run(_ invocation: Invocation) throws {
        let requests = invocation.int("requests")
        let concurrency = invocation.int("concurrency")
        let questionsURL = invocation.optionalString("questions").map { URL(fileURLWithPath: $0) } ?? Commands.committedQuestions
        let questions = try QuestionSet.load(questionsURL)
        print("seed: none needed (every stage is deterministic: sorted corpus, fixed model, exact ties broken by index)")

        // 1. Ingest, or reuse the index when the corpus is unchanged.
        let docs = try Commands.corpus(invocation)
        let folder = try IndexBundle.defaultFolder(corpus: docs)
        let embedder = try Commands.embedder()
        _ = try Commands.ingest(corpus: docs, folder: folder, embedder: embedder)

        // 2. Serve on an ephemeral loopback port; /ready says 503 until the index is loaded.
        let service = QueryService()
        let server = try HTTPServer(router: service.router(), configuration: HTTPServerConfiguration(port: 0, workers: 8, requestTimeout: 30),
                                    metrics: service.metrics)
        server.start()
        defer { server.stop() }
        let probe = try HTTPConnection(port: server.port)
        print("serving on http://127.0.0.1:\(server.port): GET /health \(try probe.request("GET", "/health").status), GET /ready \(try probe.request("GET", "/ready").status) (index not loaded)")
        let pipeline = RAGPipeline(index: try IndexBundle.load(folder, expectedDimension: embedder.dimension), embedder: embedder)
        pipeline.rerank = invocation.flag("rerank")
        try QuestionSet.validate(questions, files: pipeline.index.rag.files, path: Project.display(questionsURL))
        service.setPipeline(pipeline)
        print("GET /ready \(try probe.request("GET", "/ready").status) (\(pipeline.index.manifest.chunks) chunks loaded)")

        // 3. The labelled questions over HTTP.
        let bar = ProgressBar("POST /query", total: questions.count)
        var answers: [HTTPAnswer] = []
        for (i, q) in questions.enumerated() {
            answers += try HTTPQueries.ask([q.question], k: 5, port: server.port)
            bar.update(i + 1)
        }
        bar.finish()
        let failed = answers.filter { $0.status != 200 }.count
        let overHTTP = RetrievalMetrics.mean(zip(questions, answers).map { RetrievalMetrics.scores($1.files, relevant: Set($0.relevant), k: 5) })
        print(String(format: "%d questions over HTTP (%d failed): recall@5 %.3f, MRR@5 %.3f, nDCG@5 %.3f; mean %.0f ms per request",
                     questions.count, failed, overHTTP.recall, overHTTP.reciprocalRank, overHTTP.ndcg,
                     answers.map(\.seconds).reduce(0, +) / Double(answers.count) * 1000))
        if let example = answers.first {
            print("example: \"\(questions[0].question)\" → \(example.files.first ?? "-"); answer: \(example.answer.prefix(200))…")
        }

        // 4. The evaluation report (in-process, same pipeline), and a check that HTTP served the same ranking.
        let evaluation = try CapstoneEvaluator.run(questions, pipeline: pipeline, k: 5)
        let same = zip(evaluation.serviceRankings, answers).filter { Array($0.prefix(5)) == $1.files }.count
        print(CapstoneEvaluator.table(evaluation))
        print(String(format: "groundedness of the served answers: %.3f supported, citation coverage %.3f; HTTP top 5 = in-process top 5 for %d/%d questions",
                     evaluation.meanSupported, evaluation.meanCitationCoverage, same, questions.count))
        let paths = try CapstoneEvaluator.write(evaluation, index: pipeline.index.manifest, questionsPath: Project.display(questionsURL),
                                                to: try Project.outputDirectory("Week12Capstone"))
        print("report: \(Project.display(paths.markdown)) and \(Project.display(paths.html))")

        // 5. A short closed-loop load test.
        let load = HTTPQueries.load(questions.map(\.question), k: 5, requests: requests, concurrency: concurrency, port: server.port)
        print("load test (\(concurrency) clients, questions cycled, answers memoised after the first pass): " + load.summary)
        if !load.errorSamples.isEmpty { print("errors: " + load.errorSamples.joined(separator: "; ")) }
        // A fresh connection: the first one has been idle through the whole run, and the server
        // closes idle keep-alive connections after its request timeout.
        probe.close()
        let scraper = try HTTPConnection(port: server.port)
        let metrics = try scraper.request("GET", "/metrics").text
        scraper.close()
        let stageLines = metrics.split(separator: "\n").filter { $0.hasPrefix("rag_stage_seconds_sum") }
        print("GET /metrics: \(metrics.split(separator: "\n").count) lines; per-stage time summed over all queries: "
              + stageLines.map { $0.replacingOccurrences(of: "rag_stage_seconds_sum", with: "") }.joined(separator: ", "))
        server.stop()
        print("server stopped cleanly")
        print(evaluation.summaryLine)
    }
}
