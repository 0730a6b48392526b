// The default run: the whole service loop in one process, on an ephemeral loopback port.
//   server up → /health 200, /ready 503 → model trained (or --model loaded) → /ready 200 →
//   malformed requests get 400s → 2,000-request load test with 8 kept-alive clients while a
//   scraper reads /metrics every 100 ms → served predictions checked against the in-process
//   model → dashboard.html and metrics.prom written → graceful shutdown.

import Foundation
import Shared
import Week11MLOps
import Week11MLOpsService

enum DemoCommand {
    static func run(_ invocation: Invocation) throws {
        let requests = invocation.int("requests")
        let concurrency = invocation.int("concurrency")
        let workers = invocation.int("workers")
        let seed = invocation.int("seed")
        let test = try ImageDatasets.loadTest(.fashionMNIST)
        let output = try Project.outputDirectory("Week11MLOps")
        let logURL = output.appendingPathComponent("requests.log")
        try? FileManager.default.removeItem(at: logURL)

        let service = ModelService()
        let server = try HTTPServer(router: service.router(), configuration: HTTPServerConfiguration(port: 0, workers: workers),
                                    metrics: service.metrics, log: try RequestLog(appendingTo: logURL))
        server.start()
        let port = server.port
        print("seed \(seed); BLAS: \(BLASInfo.summary)")
        print("server: http://127.0.0.1:\(port) (ephemeral port, \(workers) workers); JSON request log → \(Project.display(logURL))")
        let probe = try HTTPConnection(port: port)
        print("  GET /health → \(try probe.request("GET", "/health").status)")
        print("  GET /ready  → \(try probe.request("GET", "/ready").status) (no model yet)")

        let classifier = try Common.loadOrTrain(invocation)
        service.setModel(classifier)
        print("  GET /ready  → \(try probe.request("GET", "/ready").status) (\(classifier.name))")
        let image = Array(test.images.storage[0..<784])
        let checks: [(String, [UInt8])] = [
            ("a real image", PredictInput.body(image)),
            ("783 pixels", PredictInput.body(Array(image.dropLast()))),
            ("a pixel of 2.5", PredictInput.body([2.5] + image.dropFirst())),
            ("a string pixel", Array("{\"pixels\": [\"x\"\(String(repeating: ",0", count: 783))]}".utf8)),
            ("malformed JSON", Array("{\"pixels\": [0,".utf8)),
        ]
        for (name, body) in checks {
            let response = try probe.request("POST", "/predict", body: body)
            print("  POST /predict (\(name)) → \(response.status) \(response.text.prefix(110).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        probe.close()

        // The load test, with /metrics scraped in the background for the dashboard.
        let count = min(requests, test.labels.count)
        let images = (0..<count).map { Array(test.images.storage[($0 * 784)..<(($0 + 1) * 784)]) }
        let labels = Array(test.labels[..<count])
        let scraper = MetricsScraper(port: port)
        scraper.startBackground(interval: 0.1)
        let report = LoadCommand.run(host: "127.0.0.1", port: port, images: images, labels: labels, requests: requests,
                                     concurrency: concurrency, progress: true)
        scraper.stop()
        scraper.scrapeOnce()
        print(LoadCommand.describe(report, concurrency: concurrency, target: "127.0.0.1:\(port)"))
        print("  conditions: client and server in one process on 2 shared CPU cores, \(workers) server workers, closed loop")

        // Every served label must equal the model's own prediction for that image.
        var agree = 0
        for (i, label) in report.labels.enumerated() where try classifier.predict(images[i % count]).label == label { agree += 1 }
        print("  served predictions equal to the in-process model: \(agree)/\(requests)")

        let final = scraper.collected.last?.metrics
        let served = final?.total("http_requests_total", matching: ["path": "/predict", "status": "200"]) ?? 0
        let buckets = final?.buckets("http_request_duration_seconds", matching: ["path": "/predict"]) ?? []
        print(String(format: "/metrics: %.0f successful /predict in http_requests_total; server-side p50 %.2f ms, p99 %.2f ms (histogram estimate)",
                     served, HistogramMath.quantile(0.5, buckets) * 1000, HistogramMath.quantile(0.99, buckets) * 1000))
        let metricsURL = output.appendingPathComponent("metrics.prom")
        let exposition = try MetricsScraper.scrapeText(port: port)
        try AtomicFile.write(exposition, to: metricsURL)
        let page = output.appendingPathComponent("dashboard.html")
        try AtomicFile.write(Dashboard.html(title: "Week11MLOps: load test of POST /predict", snapshots: scraper.collected,
                                            notes: [report.summary, "\(concurrency) kept-alive client connections; model \(classifier.name)."]),
                             to: page)

        server.stop()
        print("server stopped cleanly (accept thread and \(workers) workers joined)")
        print("wrote \(Project.display(page)), \(Project.display(metricsURL)), \(Project.display(logURL))")
        guard report.errors == 0, agree == requests else {
            throw LoadTestFailed(errors: report.errors + (requests - agree))
        }
    }
}
