// The service over loopback: ingest → serve on port 0 → POST /query answers with the gold file;
// readiness; malformed bodies; metrics.

import Foundation
import Shared
import TestSupport
import Week10AdvancedRAG
import Week11MLOps
import Week12Capstone
import XCTest

final class ServiceTests: XCTestCase {
    /// Ingests the tiny corpus and serves it; the caller stops the server.
    func startService(embedder: any TextEmbedder = HashingEmbedder(dimension: 64))
        throws -> (TemporaryDirectory, HTTPServer, QueryService, RAGPipeline) {
        let (temporary, docs, folder) = try TinyCorpus.make()
        _ = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        let service = QueryService()
        let server = try HTTPServer(router: service.router(), configuration: HTTPServerConfiguration(port: 0, workers: 4),
                                    metrics: service.metrics)
        server.start()
        let pipeline = RAGPipeline(index: try IndexBundle.load(folder), embedder: embedder)
        return (temporary, server, service, pipeline)
    }

    func json(_ response: ClientResponse) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], response.text)
    }

    func testEndToEndOverLoopbackReturnsTheGoldDocument() throws {
        let (temporary, server, service, pipeline) = try startService()
        defer { server.stop(); _ = temporary }
        let client = try HTTPConnection(port: server.port)
        XCTAssertEqual(try client.request("GET", "/health").status, 200)
        XCTAssertEqual(try client.request("GET", "/ready").status, 503, "not ready before the index is loaded")
        XCTAssertEqual(try client.request("POST", "/query", body: QueryRequest(question: "json", k: 1).body).status, 503)
        service.setPipeline(pipeline)
        XCTAssertEqual(try client.request("GET", "/ready").status, 200)

        for q in TinyCorpus.questions {
            let response = try client.request("POST", "/query", body: QueryRequest(question: q.question, k: 3).body)
            XCTAssertEqual(response.status, 200, response.text)
            let object = try json(response)
            let sources = try XCTUnwrap(object["sources"] as? [[String: Any]])
            XCTAssertEqual(sources.count, 3)
            XCTAssertEqual(sources.first?["file"] as? String, q.relevant[0], q.question)
            XCTAssertNotNil(sources.first?["section"] as? String)
            XCTAssertFalse((sources.first?["text"] as? String ?? "").isEmpty)
            let scores = sources.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
            XCTAssertEqual(scores, scores.sorted(by: >), "sources best first")
            XCTAssertFalse((object["answer"] as? String ?? "").isEmpty)
            let grounded = try XCTUnwrap((object["groundedness"] as? NSNumber)?.doubleValue)
            XCTAssert((0...1).contains(grounded))
            XCTAssertGreaterThan(try XCTUnwrap((object["latency_ms"] as? NSNumber)?.doubleValue), 0)
            // The served ranking is the in-process one.
            let inProcess = try pipeline.answer(q.question, k: 3)
            XCTAssertEqual(sources.compactMap { $0["file"] as? String }, inProcess.sources.map(\.file))
        }
        let metrics = try client.request("GET", "/metrics")
        XCTAssertEqual(metrics.status, 200)
        for stage in RAGPipeline.stageNames {
            XCTAssert(metrics.text.contains("rag_stage_seconds_count{stage=\"\(stage)\"} \(TinyCorpus.questions.count)"),
                      "stage \(stage) observed once per answered question")
        }
        XCTAssert(metrics.text.contains("rag_queries_total{outcome=\"ok\"} \(TinyCorpus.questions.count)"))
        XCTAssert(metrics.text.contains("http_request_duration_seconds_bucket{path=\"/query\""))
    }

    func testMalformedQueryBodiesAre400WithAJSONError() throws {
        let (temporary, server, service, pipeline) = try startService()
        defer { server.stop(); _ = temporary }
        service.setPipeline(pipeline)
        let bad: [(String, String)] = [
            ("", "empty body"), ("{", "malformed JSON"), ("[1, 2]", "must be a JSON object"), ("\"json\"", "must be a JSON object"),
            ("{\"k\": 3}", "missing key 'question'"), ("{\"question\": 3}", "must be a string"), ("{\"question\": \"   \"}", "is empty"),
            ("{\"question\": \"json\", \"k\": 0}", "out of range"), ("{\"question\": \"json\", \"k\": 21}", "out of range"),
            ("{\"question\": \"json\", \"k\": \"5\"}", "whole number"), ("{\"question\": \"json\", \"k\": 2.5}", "whole number"),
            ("{\"question\": \"json\", \"k\": true}", "whole number"),
        ]
        for (body, expected) in bad {
            let client = try HTTPConnection(port: server.port)
            let response = try client.request("POST", "/query", body: Array(body.utf8))
            XCTAssertEqual(response.status, 400, "body \(body)")
            let message = try json(response)["error"] as? String ?? ""
            XCTAssert(message.contains(expected), "body \(body): error '\(message)' should say '\(expected)'")
        }
        let client = try HTTPConnection(port: server.port)
        let ok = try client.request("POST", "/query", body: Array("{\"question\": \"zip archive\"}".utf8))
        XCTAssertEqual(ok.status, 200, "k defaults to 5")
        XCTAssertEqual((try json(ok)["sources"] as? [Any])?.count, 5)
        XCTAssertEqual(try client.request("GET", "/query").status, 405)
        XCTAssert(try client.request("GET", "/metrics").text.contains("rag_queries_total{outcome=\"bad_request\"} \(bad.count)"))
    }

    /// The real all-MiniLM-L6-v2 (Datasets/minilm, installed by ./Scripts/setup.sh) through the whole service.
    func testRealMiniLMEndToEnd() throws {
        guard Dataset.minilm.isPresent else { throw XCTSkip("Datasets/minilm is missing (run ./Scripts/setup.sh)") }
        let embedder = MemoizingEmbedder(try MiniLMTextEmbedder.load())
        let (temporary, server, service, pipeline) = try startService(embedder: embedder)
        defer { server.stop(); _ = temporary }
        service.setPipeline(pipeline)
        let client = try HTTPConnection(port: server.port)
        // Paraphrases that share few words with the gold text: the dense leg has to find them.
        let paraphrases = [("Which function gives me nicely indented JSON output?", "library/json.rst.txt"),
                           ("launch an external program and read what it prints", "library/subprocess.rst.txt"),
                           ("compress files into an archive", "library/zipfile.rst.txt")]
        for (question, gold) in paraphrases {
            let response = try client.request("POST", "/query", body: QueryRequest(question: question, k: 2).body)
            XCTAssertEqual(response.status, 200, response.text)
            let sources = try XCTUnwrap(try json(response)["sources"] as? [[String: Any]])
            XCTAssertEqual(sources.first?["file"] as? String, gold, question)
        }
    }
}
