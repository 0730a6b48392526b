// `load`: the load generator against a running server (`serve` in another terminal).

import Foundation
import Shared
import Week11MLOps

enum LoadCommand {
    static func run(_ invocation: Invocation) throws {
        let (host, port) = try Common.target(invocation)
        let requests = invocation.int("requests")
        let concurrency = invocation.int("concurrency")
        let json = invocation.flag("json")
        let test = try ImageDatasets.loadTest(.fashionMNIST)
        let count = min(requests, test.labels.count)
        let images = (0..<count).map { Array(test.images.storage[($0 * 784)..<(($0 + 1) * 784)]) }
        do { _ = try HTTPConnection(host: host, port: port, timeout: 2) } catch {
            throw UsageError("no server at \(host):\(port) (\(error)); start one with `swift run Week11MLOps serve --port \(port)`")
        }
        let report = run(host: host, port: port, images: images, labels: Array(test.labels[..<count]),
                         requests: requests, concurrency: concurrency, progress: !json)
        if json {
            print(JSONText.line([("requests", .int(report.requests)), ("errors", .int(report.errors)),
                                 ("seconds", .number(report.seconds)), ("throughput", .number(report.throughput)),
                                 ("p50_ms", .number(report.percentile(50) * 1000)), ("p90_ms", .number(report.percentile(90) * 1000)),
                                 ("p99_ms", .number(report.percentile(99) * 1000)), ("accuracy", .number(report.accuracy))]))
        } else {
            print(describe(report, concurrency: concurrency, target: "\(host):\(port)"))
        }
        if report.errors > 0 { throw LoadTestFailed(errors: report.errors) }
    }

    static func run(host: String, port: Int, images: [[Float]], labels: [Int], requests: Int, concurrency: Int,
                    progress: Bool) -> LoadReport {
        let ticker = ProgressTicker(progress ? ProgressBar("load: \(requests) × POST /predict, \(concurrency) connections", total: requests) : nil)
        let report = LoadGenerator.run(host: host, port: port, images: images, labels: labels, requests: requests,
                                       concurrency: concurrency) { _ in ticker.tick() }
        ticker.finish()
        return report
    }

    static func describe(_ report: LoadReport, concurrency: Int, target: String) -> String {
        var lines = ["load test: \(report.requests) POST /predict to \(target) from \(concurrency) kept-alive connections",
                     "  errors      \(report.errors)",
                     String(format: "  throughput  %.0f requests/s (%.2f s)", report.throughput, report.seconds),
                     String(format: "  latency     p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms", report.percentile(50) * 1000,
                            report.percentile(90) * 1000, report.percentile(99) * 1000, (report.latencies.last ?? 0) * 1000),
                     String(format: "  accuracy    %.4f of the served predictions equal the test labels", report.accuracy)]
        for sample in report.errorSamples { lines.append("  error: \(sample)") }
        return lines.joined(separator: "\n")
    }
}

struct LoadTestFailed: Error, CustomStringConvertible {
    var errors: Int
    var description: String { "the load test had \(errors) error(s)" }
}

/// The progress bar, advanced from the client threads one request at a time (under a lock).
final class ProgressTicker: @unchecked Sendable {
    private let lock = NSLock()
    private let bar: ProgressBar?
    private var done = 0

    init(_ bar: ProgressBar?) { self.bar = bar }

    func tick() {
        lock.lock()
        done += 1
        if done % 20 == 0 { bar?.update(done) }
        lock.unlock()
    }

    func finish() { bar?.finish() }
}
