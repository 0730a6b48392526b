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
import Week11MLOps

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
        // exercise predict-handler: Answer POST /predict: validate the body, run the model, record the metrics and reply with label, class and probabilities as JSON.
        // hint: Without a loaded model the answer is a 503 (throw an HTTPError); the body's validation already lives in PredictInput.parse.
        // hint: Time only the model's forward pass for the inference histogram, and count the prediction under its label.
        // hint: The JSON object has label, then class (when the model has a name for it), then probabilities; HTTPResponse.json builds the response.
        // tests: ModelServiceTests/testPredictRouteAnswersTheModelsLabelAndProbabilities
        guard let model else { throw HTTPError(503, "model not loaded yet (see GET /ready)") }
        let pixels = try PredictInput.parse(request.body)
        let start = Timing.now()
        let (label, probabilities) = try model.predict(pixels)
        inference.observe(Timing.now() - start)
        predictions.increment([String(label)])
        var fields: [(String, JSONValue)] = [("label", .int(label))]
        if label < model.classNames.count { fields.append(("class", .string(model.classNames[label]))) }
        fields.append(("probabilities", .floats(probabilities)))
        return .json(200, .object(fields))
        // end exercise predict-handler
    }
}
