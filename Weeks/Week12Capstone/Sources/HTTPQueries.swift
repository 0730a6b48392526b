// Clients of the running service: the labelled questions over HTTP, and a closed-loop load test.
//
// The load test is week 11's design (C client threads on kept-alive connections, each waiting for
// its answer before sending the next question; latency = send → complete response) with
// POST /query bodies; percentiles are week 11's nearest-rank ones.

import Foundation
import Shared
import Week11MLOps

public struct HTTPAnswer: Sendable {
    public var status: Int
    public var files: [String]
    public var answer: String
    public var groundedness: Double
    public var seconds: Double
}

public struct QueryLoadReport: Sendable {
    public var requests: Int
    public var errors: Int
    public var errorSamples: [String]
    public var seconds: Double
    /// Latencies of the answered requests, seconds, sorted.
    public var latencies: [Double]

    public var throughput: Double { Double(requests) / max(seconds, 1e-9) }
    public func percentile(_ p: Double) -> Double { Percentile.nearestRank(latencies, p) }

    public var summary: String {
        String(format: "%d requests, %d errors, %.1f s, %.1f req/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
               requests, errors, seconds, throughput, percentile(50) * 1000, percentile(90) * 1000, percentile(99) * 1000,
               (latencies.last ?? 0) * 1000)
    }
}

public enum HTTPQueries {
    /// POSTs each question (k = `k`) on one kept-alive connection; the sources' files in order.
    public static func ask(_ questions: [String], k: Int, host: String = "127.0.0.1", port: Int,
                           timeout: Double = 60) throws -> [HTTPAnswer] {
        let connection = try HTTPConnection(host: host, port: port, timeout: timeout)
        return try questions.map { question in
            let start = Timing.now()
            let response = try connection.request("POST", "/query", body: QueryRequest(question: question, k: k).body,
                                                  headers: [("Content-Type", "application/json")])
            let seconds = Timing.now() - start
            guard response.status == 200,
                  let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                  let sources = object["sources"] as? [[String: Any]] else {
                return HTTPAnswer(status: response.status, files: [], answer: response.text, groundedness: 0, seconds: seconds)
            }
            return HTTPAnswer(status: response.status, files: sources.compactMap { $0["file"] as? String },
                              answer: object["answer"] as? String ?? "",
                              groundedness: (object["groundedness"] as? NSNumber)?.doubleValue ?? 0, seconds: seconds)
        }
    }

    /// `requests` questions (cycled) from `concurrency` client threads.
    public static func load(_ questions: [String], k: Int, requests: Int, concurrency: Int, host: String = "127.0.0.1",
                            port: Int) -> QueryLoadReport {
        precondition(!questions.isEmpty && concurrency > 0)
        let bodies = questions.map { QueryRequest(question: $0, k: k).body }
        let state = QueryLoadState(requests: requests)
        let group = DispatchGroup()
        let start = Timing.now()
        for _ in 0..<concurrency {
            group.enter()
            let thread = Thread {
                var connection: HTTPConnection?
                var latencies: [Double] = []
                while let index = state.claim() {
                    let t = Timing.now()
                    do {
                        if connection == nil || !connection!.isOpen { connection = try HTTPConnection(host: host, port: port, timeout: 60) }
                        let response = try connection!.request("POST", "/query", body: bodies[index % bodies.count],
                                                               headers: [("Content-Type", "application/json")])
                        if response.status == 200 { latencies.append(Timing.now() - t) } else { state.fail("HTTP \(response.status)") }
                    } catch {
                        connection = nil
                        state.fail("\(error)")
                    }
                }
                state.add(latencies)
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let (errors, latencies) = state.result()
        return QueryLoadReport(requests: requests, errors: errors.count, errorSamples: Array(Set(errors)).sorted().prefix(5).map { $0 },
                               seconds: Timing.now() - start, latencies: latencies.sorted())
    }
}

final class QueryLoadState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let total: Int
    private var errors: [String] = []
    private var latencies: [Double] = []

    init(requests: Int) { total = requests }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < total else { return nil }
        next += 1
        return next - 1
    }

    func fail(_ message: String) {
        lock.lock()
        errors.append(message)
        lock.unlock()
    }

    func add(_ values: [Double]) {
        lock.lock()
        latencies += values
        lock.unlock()
    }

    func result() -> ([String], [Double]) {
        lock.lock()
        defer { lock.unlock() }
        return (errors, latencies)
    }
}
