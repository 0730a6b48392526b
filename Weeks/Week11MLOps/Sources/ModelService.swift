// The model service's endpoints, as a Router for HTTPServer:
//
//   GET  /health    200 {"status": "ok"}                      the process is up (liveness)
//   GET  /ready     503 until a model is loaded, then 200      send traffic now? (readiness)
//   POST /predict   {"pixels": [784 numbers in 0…1]} → {"label": k, "class": "…", "probabilities": [10]}
//   GET  /metrics   Prometheus text: the server's HTTP metrics plus predictions by label,
//                   inference latency and model readiness
//   GET  /          the endpoint list
//
// Liveness and readiness are separate because an orchestrator treats them differently: a failed
// liveness probe restarts the process, a failed readiness probe only keeps traffic away (while
// the model loads or trains). /predict answers 503 too until the model is there.

import Foundation
import Shared

public struct PredictInput: Decodable, Sendable {
    public var pixels: [Double]

    /// The request body → 784 pixels, or a 400 that says exactly what is wrong.
    public static func parse(_ body: [UInt8]) throws(HTTPError) -> [Float] {
        guard !body.isEmpty else { throw HTTPError(400, "empty body: send {\"pixels\": [784 numbers in 0…1]}") }
        let input: PredictInput
        do {
            input = try JSONDecoder().decode(PredictInput.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw HTTPError(400, "missing key '\(key.stringValue)': send {\"pixels\": [784 numbers in 0…1]}")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined()
            throw HTTPError(400, path.isEmpty ? "the body must be a JSON object {\"pixels\": […]}"
                                              : "\(path) must be a number (pixels is an array of 784 numbers)")
        } catch let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined()
            throw HTTPError(400, "\(path) is null: pixels must be numbers")
        } catch {
            throw HTTPError(400, "malformed JSON body")
        }
        guard input.pixels.count == 784 else {
            throw HTTPError(400, "pixels has \(input.pixels.count) values, expected 784 (a 28×28 image, row by row)")
        }
        if let i = input.pixels.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw HTTPError(400, "pixels[\(i)] = \(input.pixels[i]) is outside 0…1")
        }
        return input.pixels.map(Float.init)
    }

    /// The request body for an image (what clients send).
    public static func body(_ pixels: [Float]) -> [UInt8] {
        var text = "{\"pixels\": ["
        text.reserveCapacity(pixels.count * 8 + 16)
        for (i, p) in pixels.enumerated() {
            if i > 0 { text += "," }
            text += p == 0 ? "0" : p == 1 ? "1" : "\(p)"
        }
        return Array((text + "]}").utf8)
    }
}

public final class ModelService: @unchecked Sendable {
    public let metrics: HTTPMetrics
    private let lock = NSLock()
    private var classifier: ImageClassifier?
    private let predictions: Counter
    private let inference: Histogram
    private let ready: Gauge

    public init(metrics: HTTPMetrics = HTTPMetrics()) {
        self.metrics = metrics
        let registry = metrics.registry
        predictions = registry.counter("model_predictions_total", help: "Predictions served, by predicted label.", labels: ["label"])
        inference = registry.histogram("model_inference_seconds", help: "Time of the model's forward pass for one image.",
                                       buckets: Histogram.decadeBuckets(from: 0.00001, to: 0.1))
        ready = registry.gauge("model_ready", help: "1 once a model is loaded and /predict answers, else 0.")
    }

    public var model: ImageClassifier? {
        lock.lock()
        defer { lock.unlock() }
        return classifier
    }

    /// Makes the service ready (called when loading or training finishes).
    public func setModel(_ model: ImageClassifier) {
        lock.lock()
        classifier = model
        lock.unlock()
        ready.set(1)
    }

    public func router() -> Router {
        var router = Router()
        router.get("/") { _ in
            .json(200, .object([("endpoints", .array(["GET /health", "GET /ready", "POST /predict", "GET /metrics"].map { .string($0) }))]))
        }
        router.get("/health") { _ in .json(200, .object([("status", .string("ok"))])) }
        router.get("/ready") { [self] _ in
            guard let model else { return .error(503, "model not loaded yet") }
            return .json(200, .object([("status", .string("ready")), ("model", .string(model.name))]))
        }
        router.get("/metrics") { [self] _ in
            .text(200, metrics.registry.exposition(), contentType: MetricsRegistry.contentType)
        }
        router.post("/predict") { [self] request in try predict(request) }
        return router
    }

    func predict(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let model else { throw HTTPError(503, "model not loaded yet (see GET /ready)") }
        let pixels = try PredictInput.parse(request.body)
        let start = monotonicSeconds()
        let (label, probabilities) = try model.predict(pixels)
        inference.observe(monotonicSeconds() - start)
        predictions.increment([String(label)])
        var fields: [(String, JSONValue)] = [("label", .int(label))]
        if label < model.classNames.count { fields.append(("class", .string(model.classNames[label]))) }
        fields.append(("probabilities", .floats(probabilities)))
        return .json(200, .object(fields))
    }
}
