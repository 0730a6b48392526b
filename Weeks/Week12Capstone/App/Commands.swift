// ingest, serve, query and eval.

import Foundation
import Shared
import Week10AdvancedRAG
import Week11MLOps
import Week12Capstone

enum Commands {
    static func corpus(_ invocation: Invocation) throws -> URL {
        if let docs = invocation.optionalString("docs") { return URL(fileURLWithPath: docs, isDirectory: true) }
        return try Dataset.pythonDocs.locate()
    }

    static func k(_ invocation: Invocation) throws -> Int {
        let k = invocation.int("k")
        return k
    }

    static func embedder() throws -> MemoizingEmbedder { MemoizingEmbedder(try MiniLMTextEmbedder.load()) }

    /// Ingests (or reuses) and prints one line about it.
    static func ingest(corpus: URL, folder: URL, embedder: any TextEmbedder, quiet: Bool = false) throws -> IngestReport {
        // Chunks week 10 already embedded (same corpus, same chunker) are not embedded again.
        let weekTen = try IndexStore.folder(corpus: corpus, chunker: ChunkerConfig())
        let report = try IndexBundle.ingest(corpus: corpus, folder: folder, embedder: embedder, weekTenIndex: weekTen)
        let line = report.reused
            ? String(format: "index reused (corpus unchanged): %d files, %d chunks, checked in %.1f s → %@", report.files, report.chunks,
                     report.seconds, Project.display(report.folder))
            : String(format: "index built: %d files → %d chunks; embedded %d (%.1f chunks/s), %d reused; vector index %.1f s; total %.1f s → %@",
                     report.files, report.chunks, report.embedded, Double(report.embedded) / max(report.embedSeconds, 1e-9),
                     report.embeddingsReused, report.searchBuildSeconds, report.seconds, Project.display(report.folder))
        if quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
        return report
    }

    static func ingest(_ invocation: Invocation) throws {
        let docs = try corpus(invocation)
        let folder = try invocation.optionalString("out").map { URL(fileURLWithPath: $0, isDirectory: true) } ?? IndexBundle.defaultFolder(corpus: docs)
        let asJSON = invocation.flag("json")
        let report = try ingest(corpus: docs, folder: folder, embedder: try embedder(), quiet: asJSON)
        if asJSON {
            print(JSONText.line([("index", .string(report.folder.path)), ("reused", .bool(report.reused)), ("files", .int(report.files)),
                                 ("chunks", .int(report.chunks)), ("embedded", .int(report.embedded)), ("seconds", .number(report.seconds))]))
        }
    }

    /// The index folder named by --index, else the default one for --docs (built when missing).
    static func pipeline(_ invocation: Invocation, quiet: Bool = false) throws -> RAGPipeline {
        let embedder = try embedder()
        let folder: URL
        if let given = invocation.optionalString("index") {
            folder = URL(fileURLWithPath: given, isDirectory: true)
        } else {
            let docs = try corpus(invocation)
            folder = try IndexBundle.defaultFolder(corpus: docs)
            _ = try ingest(corpus: docs, folder: folder, embedder: embedder, quiet: true)
        }
        let index = try IndexBundle.load(folder, expectedDimension: embedder.dimension)
        guard index.manifest.model == embedder.identity else {
            throw IndexFolderError.incomplete(folder: Project.display(folder), reason: "it was embedded with \(index.manifest.model), not \(embedder.identity)")
        }
        let pipeline = RAGPipeline(index: index, embedder: embedder)
        pipeline.rerank = invocation.flag("rerank")
        return pipeline
    }

    static func serve(_ invocation: Invocation) throws {
        let port = invocation.int("port")
        let workers = invocation.int("workers")
        let log = try invocation.optionalString("log").map { try RequestLog(appendingTo: URL(fileURLWithPath: $0)) } ?? RequestLog()
        let service = QueryService()
        let configuration = HTTPServerConfiguration(host: invocation.string("host"), port: port, workers: workers,
                                                    requestTimeout: 30)
        let server: HTTPServer
        do {
            server = try HTTPServer(router: service.router(), configuration: configuration, metrics: service.metrics, log: log)
        } catch {
            throw UsageError("cannot listen on \(configuration.host):\(port): \(error)")
        }
        server.start()
        server.stopOnSignals { sig in
            FileHandle.standardError.write(Data("\(sig == SIGINT ? "SIGINT" : "SIGTERM"): shutting down (finishing requests in progress)\n".utf8))
        }
        print("listening on http://\(configuration.host):\(server.port)  (\(workers) workers; request log: \(log.destination)); /ready is 503 until the index is loaded")
        do {
            let pipeline = try pipeline(invocation)
            service.setPipeline(pipeline)
            print("ready: \(pipeline.index.manifest.chunks) chunks from \(pipeline.index.manifest.files) files (\(Project.display(pipeline.index.folder)))")
            print("try: curl -s localhost:\(server.port)/query -d '{\"question\": \"How do I pretty-print JSON?\", \"k\": 3}'")
        } catch {
            server.stop()
            throw error
        }
        server.waitUntilStopped()
        print("stopped cleanly")
    }

    static func query(_ invocation: Invocation) throws {
        let k = try k(invocation)
        let request: QueryRequest
        do {
            request = try QueryRequest.parse(QueryRequest(question: invocation.positionals[0], k: k).body)
        } catch {
            throw UsageError(error.message)
        }
        let asJSON = invocation.flag("json")
        let result = try pipeline(invocation, quiet: asJSON).answer(request.question, k: request.k)
        if asJSON {
            print(QueryService.json(result).text)
            return
        }
        print("question: \(result.question)")
        for (i, s) in result.sources.enumerated() {
            print(String(format: "%2d. %@:%d  %@  (score %.4f)", i + 1, s.file, s.line, s.section, s.score))
            print("    " + (s.text.count > 240 ? String(s.text.prefix(240)) + "…" : s.text))
        }
        print("answer: \(result.answer)")
        print(String(format: "groundedness %.2f (citation coverage %.2f); %.1f ms: ", result.groundedness.supported,
                     result.groundedness.citationCoverage, result.seconds * 1000)
              + result.stages.map { String(format: "%@ %.1f", $0.name, $0.seconds * 1000) }.joined(separator: ", "))
    }

    static var committedQuestions: URL { Project.root.appendingPathComponent("Weeks/Week10AdvancedRAG/Data/questions.jsonl") }

    static func evaluate(_ invocation: Invocation) throws {
        let k = try k(invocation)
        let asJSON = invocation.flag("json")
        let url = invocation.optionalString("questions").map { URL(fileURLWithPath: $0) } ?? committedQuestions
        let questions = try QuestionSet.load(url)
        let pipeline = try pipeline(invocation, quiet: asJSON)
        try QuestionSet.validate(questions, files: pipeline.index.rag.files, path: Project.display(url))
        let evaluation = try CapstoneEvaluator.run(questions, pipeline: pipeline, k: k)
        let paths = try CapstoneEvaluator.write(evaluation, index: pipeline.index.manifest, questionsPath: Project.display(url),
                                                to: try Project.outputDirectory("Week12Capstone"))
        if asJSON {
            for r in evaluation.rows {
                print(JSONText.line([("retriever", .string(r.name)), ("recall_at_\(k)", .number(r.mean.recall)),
                                     ("mrr", .number(r.mean.reciprocalRank)), ("ndcg_at_\(k)", .number(r.mean.ndcg)),
                                     ("ms_per_query", .number(r.msPerQuery))]))
            }
        } else {
            print("\(questions.count) questions from \(Project.display(url)), k = \(k)")
            print(CapstoneEvaluator.table(evaluation))
            print(String(format: "groundedness of the service's answers: %.3f supported, citation coverage %.3f",
                         evaluation.meanSupported, evaluation.meanCitationCoverage))
            print("report: \(Project.display(paths.markdown)) and \(Project.display(paths.html))")
        }
        print(evaluation.summaryLine)
    }
}
