// Measuring an approximate index: recall@k against exact search on the same data, and queries per
// second for a batch of queries on a given number of threads.
//
//   recall@k = (1/|Q|) Σ_q |found_k(q) ∩ exact_k(q)| / k
//
// Ties in the exact distances can make recall a little under 1 for a correct search; with
// continuous data they are rare. QPS is the median over `repeats` passes over all queries.

import Foundation
import Shared

public enum Recall {
    public static func atK(_ found: [[SearchResult]], truth: [[SearchResult]], k: Int) -> Double {
        precondition(found.count == truth.count, "recall: \(found.count) result lists for \(truth.count) queries")
        guard !found.isEmpty else { return 0 }
        var hits = 0, possible = 0
        for (f, t) in zip(found, truth) {
            let truthIDs = Set(t.prefix(k).map(\.id))
            hits += f.prefix(k).filter { truthIDs.contains($0.id) }.count
            possible += min(k, truthIDs.count)
        }
        return possible == 0 ? 1 : Double(hits) / Double(possible)
    }
}

/// One row of a recall/QPS table.
public struct SearchMeasurement: Sendable {
    public var index: String
    /// The setting, e.g. [("M", 16), ("ef", 32)].
    public var parameters: [(String, Int)]
    public var recall: Double
    public var queriesPerSecond: Double

    public init(index: String, parameters: [(String, Int)], recall: Double, queriesPerSecond: Double) {
        self.index = index
        self.parameters = parameters
        self.recall = recall
        self.queriesPerSecond = queriesPerSecond
    }

    public var label: String {
        parameters.isEmpty ? index : index + " " + parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }

    /// {"index": "hnsw", "M": 16, "ef": 32, "recall": 0.993, "qps": 24800.0}
    public var jsonLine: String {
        var pairs: [(String, JSONValue)] = [("index", .string(index))]
        for (name, value) in parameters { pairs.append((name, .int(value))) }
        pairs.append(("recall", .number((recall * 10_000).rounded() / 10_000)))
        pairs.append(("qps", .number((queriesPerSecond * 10).rounded() / 10)))
        return JSONText.line(pairs)
    }
}

public enum SearchBenchmark {
    /// Runs `search` over all queries `repeats` times; the results of the last pass and the median QPS.
    public static func measure(queries: Int, repeats: Int = 3,
                               _ search: () throws -> [[SearchResult]]) rethrows -> (results: [[SearchResult]], qps: Double) {
        var times: [Double] = []
        var results: [[SearchResult]] = []
        for _ in 0..<max(1, repeats) {
            let start = Timing.now()
            results = try search()
            times.append(Timing.now() - start)
        }
        times.sort()
        return (results, Double(queries) / max(times[times.count / 2], 1e-9))
    }
}
