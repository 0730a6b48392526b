// The Assess gate, part 4: the server over real loopback sockets on an ephemeral port, with a
// seeded random-weight MLP (the plumbing does not need a trained model): 8 concurrent kept-alive
// clients get 0 errors and exactly the in-process model's predictions; malformed bodies and
// requests get their JSON 4xx; limits, timeouts, HTTP/1.0, pipelining, readiness, the metrics
// after the load, the JSON request log and graceful shutdown.

import Foundation
import Shared
import TestSupport
import Week11MLOps
import Week11MLOpsService
import XCTest

final class ServerTests: XCTestCase {
    func startService(model: ImageClassifier? = ImageClassifier.randomMLP(seed: 7), configuration: HTTPServerConfiguration = HTTPServerConfiguration(workers: 8),
                      log: RequestLog? = nil) throws -> (HTTPServer, ModelService) {
        let service = ModelService()
        if let model { service.setModel(model) }
        let server = try HTTPServer(router: service.router(), configuration: configuration, metrics: service.metrics, log: log)
        server.start()
        XCTAssertNotEqual(server.port, 0, "port 0 asks the kernel for a free port; the real one is read back")
        return (server, service)
    }

    func randomImages(_ n: Int, seed: UInt64) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in (0..<784).map { _ in Float(rng.nextUnitDouble()) } }
    }

    func testConcurrentKeepAliveClientsGetTheModelsPredictions() throws {
        let model = ImageClassifier.randomMLP(seed: 7)
        let (server, _) = try startService(model: model)
        defer { server.stop() }
        let images = randomImages(40, seed: 3)
        let expected = try images.map { try model.predict($0).label }
        XCTAssertGreaterThan(Set(expected).count, 1, "the random model should not predict one class for everything")
        let requests = 8 * 30
        let report = LoadGenerator.run(host: "127.0.0.1", port: server.port, images: images, labels: expected,
                                       requests: requests, concurrency: 8)
        XCTAssertEqual(report.errors, 0, report.errorSamples.joined(separator: "; "))
        XCTAssertEqual(report.latencies.count, requests)
        XCTAssertEqual(report.labels, (0..<requests).map { expected[$0 % images.count] }, "served labels = in-process labels")
        XCTAssertEqual(report.accuracy, 1)
        XCTAssertLessThanOrEqual(server.metrics.connections.value(), 8 + 1, "kept alive: one connection per client")

        // The probabilities too, to float precision of the JSON round trip.
        let connection = try HTTPConnection(port: server.port)
        for image in images.prefix(3) {
            let response = try connection.request("POST", "/predict", body: PredictInput.body(image))
            XCTAssertEqual(response.status, 200)
            let object = try XCTUnwrap(jsonObject(response.body))
            let served = try XCTUnwrap(object["probabilities"] as? [Double]).map(Float.init)
            let local = try model.predict(image)
            XCTAssertEqual(object["label"] as? Int, local.label)
            assertClose(served, local.probabilities, rtol: 1e-6)
            XCTAssertEqual(served.reduce(0, +), 1, accuracy: 1e-5)
        }

        // The metrics after the load: valid exposition, and the counters add up.
        let text = try MetricsScraper.scrapeText(port: server.port)
        XCTAssertEqual(ExpositionValidator.validate(text), [])
        let metrics = try ScrapedMetrics(text: text)
        XCTAssertEqual(metrics.total("http_requests_total", matching: ["path": "/predict", "status": "200"]), Double(requests + 3))
        XCTAssertEqual(metrics.total("http_request_duration_seconds_count", matching: ["path": "/predict"]), Double(requests + 3))
        XCTAssertEqual(metrics.total("model_predictions_total"), Double(requests + 3))
        XCTAssertEqual(metrics.total("http_errors_total"), 0)
        XCTAssertEqual(metrics.total("model_ready"), 1)
        XCTAssertEqual(metrics.total("http_requests_in_flight"), 1, "the scrape itself is in flight")
    }

    func testMalformedPredictBodiesAre400AndTheConnectionSurvives() throws {
        let (server, _) = try startService()
        defer { server.stop() }
        let connection = try HTTPConnection(port: server.port)
        let zeros = Array(repeating: "0", count: 783).joined(separator: ",")
        let bad = ["{\"pixels\": [\(zeros)]}", "{\"pixels\": [2,\(zeros)]}", "{\"pixels\": [\"a\",\(zeros)]}", "{\"pixels\": ", "", "[]"]
        for body in bad {
            let response = try connection.request("POST", "/predict", body: Array(body.utf8))
            XCTAssertEqual(response.status, 400, body)
            XCTAssertEqual(response.header("Content-Type"), "application/json")
            XCTAssertNotNil(jsonObject(response.body)?["error"] as? String, response.text)
        }
        XCTAssertTrue(connection.isOpen, "a handler's 400 keeps the connection")
        XCTAssertEqual(try connection.request("GET", "/nope").status, 404)
        let wrongMethod = try connection.request("GET", "/predict")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.header("Allow"), "POST")
        XCTAssertEqual(try connection.request("POST", "/predict", body: PredictInput.body(randomImages(1, seed: 1)[0])).status, 200)
        let metrics = try MetricsScraper.scrape(port: server.port)
        XCTAssertEqual(metrics.total("http_errors_total", matching: ["class": "4xx"]), Double(bad.count + 2))
        XCTAssertEqual(metrics.total("http_requests_total", matching: ["path": "other", "status": "404"]), 1, "unknown paths share one label")
    }

    /// Sends raw bytes on a fresh connection and reads one response.
    func raw(_ port: Int, _ text: String) throws -> (ClientResponse, HTTPConnection) {
        let connection = try HTTPConnection(port: port, timeout: 5)
        try connection.sendRaw(Array(text.utf8))
        return (try connection.readResponse(), connection)
    }

    func testMalformedRequestsGetJSONErrorsAndTheConnectionCloses() throws {
        let limits = HTTPLimits(maxHeaderBytes: 512, maxHeaderCount: 20, maxBodyBytes: 20_000)
        let (server, _) = try startService(configuration: HTTPServerConfiguration(workers: 4, limits: limits))
        defer { server.stop() }
        let cases: [(String, Int)] = [
            ("GARBAGE\r\n\r\n", 400),
            ("GET /health HTTP/1.1\r\nBad Header: x\r\n\r\n", 400),
            ("GET /health HTTP/3.0\r\n\r\n", 505),
            ("GET /health HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 600))\r\n\r\n", 431),
            ("POST /predict HTTP/1.1\r\nContent-Length: 20001\r\n\r\n", 413),
            ("POST /predict HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),
            ("POST /predict HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400),
        ]
        for (text, status) in cases {
            let (response, connection) = try raw(server.port, text)
            XCTAssertEqual(response.status, status, text.prefix(40).description)
            XCTAssertEqual(response.header("Connection"), "close")
            XCTAssertNotNil(jsonObject(response.body)?["error"] as? String)
            XCTAssertFalse(connection.isOpen)
        }
        // The server is still fine afterwards.
        XCTAssertEqual(try HTTPConnection(port: server.port).request("GET", "/health").status, 200)
    }

    func testPipeliningHTTP10AndConnectionClose() throws {
        let (server, _) = try startService()
        defer { server.stop() }
        let (first, connection) = try raw(server.port, "GET /health HTTP/1.1\r\n\r\nGET /ready HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n")
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(try connection.readResponse().status, 200)
        XCTAssertEqual(try connection.readResponse().status, 404)
        XCTAssertTrue(connection.isOpen)

        let (old, oldConnection) = try raw(server.port, "GET /health HTTP/1.0\r\n\r\n")
        XCTAssertEqual(old.status, 200)
        XCTAssertEqual(old.header("Connection"), "close", "HTTP/1.0 closes by default")
        XCTAssertFalse(oldConnection.isOpen)
        let (oldKept, _) = try raw(server.port, "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(oldKept.header("Connection"), "keep-alive")

        let closing = try HTTPConnection(port: server.port)
        XCTAssertEqual(try closing.request("GET", "/health", headers: [("Connection", "close")]).header("Connection"), "close")
        XCTAssertFalse(closing.isOpen)
    }

    func testSlowClientGets408AndIdleConnectionsAreClosed() throws {
        let configuration = HTTPServerConfiguration(workers: 2, idleTimeout: 0.3, requestTimeout: 0.3)
        let (server, _) = try startService(configuration: configuration)
        defer { server.stop() }
        let slow = try HTTPConnection(port: server.port, timeout: 5)
        try slow.sendRaw(Array("POST /predict HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"pix".utf8))
        let start = Date()
        let response = try slow.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
        let idle = try HTTPConnection(port: server.port, timeout: 5)
        XCTAssertEqual(try idle.request("GET", "/health").status, 200)
        usleep(600_000)
        XCTAssertThrowsError(try idle.request("GET", "/health"), "the idle connection was closed by the server")
        // With 2 workers, the stalled clients above did not block anyone for good.
        XCTAssertEqual(try HTTPConnection(port: server.port).request("GET", "/health").status, 200)
    }

    func testReadinessBeforeAndAfterTheModel() throws {
        let (server, service) = try startService(model: nil)
        defer { server.stop() }
        let connection = try HTTPConnection(port: server.port)
        XCTAssertEqual(try connection.request("GET", "/health").status, 200)
        let notReady = try connection.request("GET", "/ready")
        XCTAssertEqual(notReady.status, 503)
        XCTAssertEqual(jsonObject(notReady.body)?["error"] as? String, "model not loaded yet")
        XCTAssertEqual(try connection.request("POST", "/predict", body: PredictInput.body(randomImages(1, seed: 2)[0])).status, 503)
        XCTAssertEqual(try MetricsScraper.scrape(port: server.port).total("model_ready"), 0)
        service.setModel(ImageClassifier.randomMLP(seed: 1))
        XCTAssertEqual(try connection.request("GET", "/ready").status, 200)
        XCTAssertEqual(try MetricsScraper.scrape(port: server.port).total("model_ready"), 1)
    }

    func testRequestLogLinesAreJSON() throws {
        let folder = try TemporaryDirectory()
        let url = folder.url.appendingPathComponent("requests.log")
        let (server, _) = try startService(log: try RequestLog(appendingTo: url))
        let connection = try HTTPConnection(port: server.port)
        _ = try connection.request("GET", "/health")
        _ = try connection.request("POST", "/predict", body: Array("{}".utf8))
        server.stop()
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let objects = lines.compactMap { jsonObject(Array($0.utf8)) }
        XCTAssertEqual(objects.count, 2)
        XCTAssertEqual(objects.map { $0["path"] as? String }, ["/health", "/predict"])
        XCTAssertEqual(objects.map { $0["status"] as? Int }, [200, 400])
        XCTAssertEqual(objects.map { $0["method"] as? String }, ["GET", "POST"])
        XCTAssertEqual(objects[0]["bytes"] as? Int, "{\"status\": \"ok\"}\n".utf8.count)
        for object in objects {
            XCTAssertNotNil(object["duration_ms"] as? Double)
            let ts = try XCTUnwrap(object["ts"] as? String)
            XCTAssertNotNil(ts.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression), ts)
        }
    }

    func testGracefulShutdownFinishesTheRequestInProgress() throws {
        var router = Router()
        router.get("/slow") { _ in
            usleep(300_000)
            return .json(200, .object([("done", .bool(true))]))
        }
        let server = try HTTPServer(router: router, configuration: HTTPServerConfiguration(workers: 2))
        server.start()
        let port = server.port
        let connection = try HTTPConnection(port: port)
        try connection.sendRaw(Array("GET /slow HTTP/1.1\r\n\r\n".utf8))
        usleep(100_000)  // the request is being handled
        let stopper = Thread { server.stop() }
        stopper.start()
        let response = try connection.readResponse()
        XCTAssertEqual(response.status, 200, "the request in progress is answered")
        XCTAssertEqual(response.header("Connection"), "close", "…and the connection is closed, as the server is stopping")
        server.stop()  // waits for every thread; a second call is harmless
        XCTAssertThrowsError(try HTTPConnection(port: port), "nothing listens any more")
    }
}
