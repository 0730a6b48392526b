// A closed-loop load generator: C client threads, each on its own kept-alive connection, send
// POST /predict with real test images back to back until N requests have been sent in total.
// Every request's latency (send → complete response) is recorded; a non-200 status, a failed
// connection or a reply that does not decode is an error (the connection is reopened).
//
// "Closed loop" means each client waits for its answer before sending again, so the offered load
// adapts to the server: throughput = C / mean latency. That measures capacity, not behaviour
// under a fixed arrival rate (an open-loop generator, e.g. wrk2, is the tool for that).

import Foundation
import Shared

public struct LoadReport: Sendable {
    public var requests: Int
    public var errors: Int
    /// The first few error messages (one per distinct message).
    public var errorSamples: [String]
    public var seconds: Double
    /// Latencies of the successful requests, in seconds, sorted.
    public var latencies: [Double]
    /// Fraction of answered images whose predicted label equals the true label.
    public var accuracy: Double
    /// The label predicted for each request index (-1 for an error), for checking against a model.
    public var labels: [Int]

    public var throughput: Double { Double(requests) / max(seconds, 1e-9) }

    public func percentile(_ p: Double) -> Double { Percentile.nearestRank(latencies, p) }

    public var summary: String {
        String(format: "%d requests, %d errors, %.1f s, %.0f req/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
               requests, errors, seconds, throughput, percentile(50) * 1000, percentile(90) * 1000,
               percentile(99) * 1000, (latencies.last ?? 0) * 1000)
    }
}

public enum Percentile {
    /// The nearest-rank percentile of sorted values: the smallest value with at least p% of
    /// the values ≤ it (p in 0…100). 0 for no values.
    public static func nearestRank(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

public enum LoadGenerator {
    /// Sends `requests` POST /predict requests of `images` (cycled) from `concurrency` threads.
    /// `progress(done)` is called from the client threads (keep it cheap).
    public static func run(host: String, port: Int, images: [[Float]], labels: [Int], requests: Int, concurrency: Int,
                           progress: @escaping @Sendable (Int) -> Void = { _ in }) -> LoadReport {
        precondition(!images.isEmpty && images.count == labels.count && concurrency > 0)
        let bodies = images.map(PredictInput.body)
        let state = LoadState(requests: requests)
        let group = DispatchGroup()
        let start = monotonicSeconds()
        for _ in 0..<concurrency {
            group.enter()
            let thread = Thread {
                clientLoop(host: host, port: port, bodies: bodies, state: state, progress: progress)
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let seconds = monotonicSeconds() - start
        let answered = state.labels.enumerated().filter { $0.element >= 0 }
        let correct = answered.filter { labels[$0.offset % labels.count] == $0.element }.count
        return LoadReport(requests: requests, errors: state.errors.count, errorSamples: Array(Set(state.errors)).sorted().prefix(5).map { $0 },
                          seconds: seconds, latencies: state.latencies.sorted(),
                          accuracy: answered.isEmpty ? 0 : Double(correct) / Double(answered.count), labels: state.labels)
    }

    private static func clientLoop(host: String, port: Int, bodies: [[UInt8]], state: LoadState,
                                   progress: @Sendable (Int) -> Void) {
        var connection: HTTPConnection?
        var latencies: [Double] = []
        while let index = state.claim() {
            let body = bodies[index % bodies.count]
            let start = monotonicSeconds()
            do {
                if connection == nil || !connection!.isOpen { connection = try HTTPConnection(host: host, port: port) }
                let response = try connection!.request("POST", "/predict", body: body, headers: [("Content-Type", "application/json")])
                guard response.status == 200 else {
                    state.fail(index, "HTTP \(response.status): \(response.text.prefix(120))")
                    continue
                }
                let elapsed = monotonicSeconds() - start
                guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                      let label = JSONText.exactInt(object["label"]) else {
                    state.fail(index, "undecodable reply: \(response.text.prefix(120))")
                    continue
                }
                latencies.append(elapsed)
                state.succeed(index, label: label)
            } catch {
                connection = nil
                state.fail(index, "\(error)")
            }
            progress(index + 1)
        }
        state.addLatencies(latencies)
    }
}

/// The counters the client threads share.
final class LoadState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let total: Int
    private(set) var labels: [Int]
    private(set) var errors: [String] = []
    private(set) var latencies: [Double] = []

    init(requests: Int) {
        total = requests
        labels = Array(repeating: -1, count: requests)
    }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < total else { return nil }
        next += 1
        return next - 1
    }

    func succeed(_ index: Int, label: Int) {
        lock.lock()
        labels[index] = label
        lock.unlock()
    }

    func fail(_ index: Int, _ message: String) {
        lock.lock()
        errors.append(message)
        lock.unlock()
    }

    func addLatencies(_ values: [Double]) {
        lock.lock()
        latencies += values
        lock.unlock()
    }
}
