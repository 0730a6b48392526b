// The HTTP face of the pipeline, on week 11's server:
//
//   GET  /health    200 {"status": "ok"}                        liveness: the process answers
//   GET  /ready     503 until the index is loaded, then 200      readiness: send queries now
//   POST /query     {"question": "…", "k": 5}  →  {"answer": "…", "sources": [{"file", "section",
//                   "line", "score", "text"}], "groundedness": …, "citation_coverage": …,
//                   "latency_ms": …, "stages_ms": {…}}
//                   malformed JSON, a missing/empty question or k outside 1…20 → 400 {"error": "…"}
//   GET  /metrics   Prometheus text: week 11's HTTP metrics plus rag_queries_total,
//                   rag_query_seconds, rag_stage_seconds{stage=…}, rag_index_chunks, rag_ready
//   GET  /          the endpoint list

import Foundation
import Shared
import Week10AdvancedRAG
import Week11MLOps

public struct QueryRequest: Equatable, Sendable {
    public var question: String
    public var k: Int

    public init(question: String, k: Int) {
        self.question = question
        self.k = k
    }

    /// k when the request names none; `--k` of query and eval defaults to it too.
    public static let defaultK = 5
    public static let maxK = 20
    public static let maxQuestionCharacters = 2000

    /// The request body → question and k, or a 400 that says what is wrong.
    public static func parse(_ body: [UInt8]) throws(HTTPError) -> QueryRequest {
        // exercise parse-query-body: Decode a POST /query body into a question and k, or throw the 400 that says exactly what is wrong.
        // hint: Check in order: empty body, JSON that does not parse, a value that is not an object, a missing or non-string question, an empty (after trimming) or too long one.
        // hint: k is optional (defaultK); JSONSerialization turns true and 2.5 into numbers, so decode k with a strict Decodable to insist on a whole number, then check 1…maxK.
        // tests: PipelineTests/testQueryBodiesParseOrGiveTheirFourHundred
        let usage = "send {\"question\": \"…\", \"k\": 5}"
        guard !body.isEmpty else { throw HTTPError(400, "empty body: \(usage)") }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            throw HTTPError(400, "malformed JSON body: \(usage)")
        }
        guard let object = parsed as? [String: Any] else { throw HTTPError(400, "the body must be a JSON object: \(usage)") }
        guard let value = object["question"] else { throw HTTPError(400, "missing key 'question': \(usage)") }
        guard let question = value as? String else { throw HTTPError(400, "'question' must be a string") }
        let trimmed = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw HTTPError(400, "'question' is empty") }
        guard trimmed.count <= maxQuestionCharacters else {
            throw HTTPError(400, "'question' has \(trimmed.count) characters, at most \(maxQuestionCharacters) are accepted")
        }
        var k = defaultK
        if object["k"] != nil {
            // JSONDecoder is strict where JSONSerialization is not: true, "5" and 5.5 are not an Int.
            struct KField: Decodable { var k: Int }
            guard let decoded = try? JSONDecoder().decode(KField.self, from: Data(body)) else {
                throw HTTPError(400, "'k' must be a whole number between 1 and \(maxK)")
            }
            guard (1...maxK).contains(decoded.k) else { throw HTTPError(400, "'k' = \(decoded.k) is out of range (1…\(maxK))") }
            k = decoded.k
        }
        return QueryRequest(question: trimmed, k: k)
        // end exercise parse-query-body
    }

    public var body: [UInt8] {
        Array(JSONValue.object([("question", .string(question)), ("k", .int(k))]).text.utf8)
    }
}

public final class QueryService: @unchecked Sendable {
    public let metrics: HTTPMetrics
    private let lock = NSLock()
    private var loaded: RAGPipeline?
    private let queries: Counter
    private let querySeconds: Histogram
    private let stageSeconds: Histogram
    private let chunks: Gauge
    private let ready: Gauge

    public init(metrics: HTTPMetrics = HTTPMetrics()) {
        self.metrics = metrics
        let registry = metrics.registry
        queries = registry.counter("rag_queries_total", help: "Questions answered by POST /query, by outcome.", labels: ["outcome"])
        querySeconds = registry.histogram("rag_query_seconds", help: "Time of the whole pipeline for one question.",
                                          buckets: Histogram.decadeBuckets(from: 0.001, to: 10))
        stageSeconds = registry.histogram("rag_stage_seconds", help: "Time of each pipeline stage for one question.",
                                          labels: ["stage"], buckets: Histogram.decadeBuckets(from: 0.00001, to: 10))
        chunks = registry.gauge("rag_index_chunks", help: "Chunks in the loaded index.")
        ready = registry.gauge("rag_ready", help: "1 once the index is loaded and /query answers, else 0.")
    }

    public var pipeline: RAGPipeline? {
        lock.lock()
        defer { lock.unlock() }
        return loaded
    }

    /// Makes the service ready.
    public func setPipeline(_ pipeline: RAGPipeline) {
        lock.lock()
        loaded = pipeline
        lock.unlock()
        chunks.set(Double(pipeline.index.manifest.chunks))
        ready.set(1)
    }

    public func router() -> Router {
        var router = Router()
        router.get("/") { _ in
            .json(200, .object([("endpoints", .array(["GET /health", "GET /ready", "POST /query", "GET /metrics"].map { .string($0) }))]))
        }
        router.get("/health") { _ in .json(200, .object([("status", .string("ok"))])) }
        router.get("/ready") { [self] _ in
            guard let pipeline else { return .error(503, "index not loaded yet") }
            let m = pipeline.index.manifest
            return .json(200, .object([("status", .string("ready")), ("chunks", .int(m.chunks)), ("files", .int(m.files)),
                                       ("model", .string(m.model)), ("vector_index", .string(m.vectorIndex))]))
        }
        router.get("/metrics") { [self] _ in
            .text(200, metrics.registry.exposition(), contentType: MetricsRegistry.contentType)
        }
        router.post("/query") { [self] request in try query(request) }
        return router
    }

    func query(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let pipeline else {
            queries.increment(["not_ready"])
            throw HTTPError(503, "index not loaded yet (see GET /ready)")
        }
        let input: QueryRequest
        do {
            input = try QueryRequest.parse(request.body)
        } catch {
            queries.increment(["bad_request"])
            throw error
        }
        let result = try pipeline.answer(input.question, k: input.k)
        queries.increment(["ok"])
        querySeconds.observe(result.seconds)
        for stage in result.stages { stageSeconds.observe(stage.seconds, [stage.name]) }
        return .json(200, Self.json(result))
    }

    public static func json(_ r: PipelineAnswer) -> JSONValue {
        let sources: [JSONValue] = r.sources.map { s in
            .object([("file", .string(s.file)), ("section", .string(s.section)), ("line", .int(s.line)),
                     ("score", .number(s.score)), ("text", .string(s.text))])
        }
        let stages: [(String, JSONValue)] = r.stages.map { ($0.name, .number(($0.seconds * 1e5).rounded() / 100)) }
        return .object([("question", .string(r.question)), ("answer", .string(r.answer)), ("sources", .array(sources)),
                        ("groundedness", .number(r.groundedness.supported)),
                        ("citation_coverage", .number(r.groundedness.citationCoverage)),
                        ("latency_ms", .number((r.seconds * 1e5).rounded() / 100)), ("stages_ms", .object(stages))])
    }
}
