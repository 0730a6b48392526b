// The recall/QPS table: build each index once on a base set, search a query set at every setting,
// and score each setting's recall@k against exact search on the same data.
//
//   exact   one row (recall 1 by definition); its results are the ground truth
//   lsh     one build per (tables, bits); probes vary at search time
//   hnsw    one build per M; ef varies at search time (ef is the knob that trades recall for speed)

import Foundation
import Shared

public struct LSHSetting: Sendable {
    public var tables: Int
    public var bits: Int
    public var probes: [Int]
    public init(tables: Int, bits: Int, probes: [Int]) {
        self.tables = tables
        self.bits = bits
        self.probes = probes
    }
}

public struct SweepPlan: Sendable {
    public var k = 10
    public var threads = 2
    public var metric = Metric.l2
    public var ms = [16]
    public var efConstruction = 200
    public var efs = [10, 16, 24, 32, 48, 64, 96, 128]
    public var lsh = [LSHSetting(tables: 8, bits: 12, probes: [0, 4]), LSHSetting(tables: 32, bits: 14, probes: [0, 4, 8])]
    public var repeats = 3
    public var seed: UInt64 = 100
    public init() {}
}

public struct SweepReport: Sendable {
    public var rows: [SearchMeasurement] = []
    /// Build seconds by index label ("exact", "lsh tables=8 bits=14", "hnsw M=16").
    public var buildSeconds: [(String, Double)] = []
    public var truth: [[SearchResult]] = []
}

public enum Sweep {
    /// Runs the plan; `log` receives a line as each index finishes (for progress on stderr).
    public static func run(base: Tensor, queries: Tensor, plan: SweepPlan,
                           log: (String) -> Void = { _ in }) throws -> (report: SweepReport, hnsw: [HNSWIndex]) {
        guard base.rank == 2, queries.rank == 2, base.rowLength == queries.rowLength else {
            throw VectorIndexError.dimensionMismatch(expected: base.rowLength, got: queries.rowLength, what: "the queries")
        }
        let n = base.rowCount, q = queries.rowCount, d = base.rowLength
        let ids = Array(0..<n)
        var report = SweepReport()

        let exact = ExactIndex(dimension: d, metric: plan.metric)
        report.buildSeconds.append(("exact", try Timing.seconds { try exact.add(base.storage, ids: ids) }))
        let (truth, exactQPS) = try SearchBenchmark.measure(queries: q, repeats: 1) {
            try exact.search(batch: queries.storage, k: plan.k, threads: plan.threads)
        }
        report.truth = truth
        report.rows.append(SearchMeasurement(index: "exact", parameters: [], recall: 1, queriesPerSecond: exactQPS))
        log(String(format: "exact: %.0f queries/s", exactQPS))

        for setting in plan.lsh {
            let lsh = LSHIndex(dimension: d, metric: plan.metric, tables: setting.tables, bits: setting.bits, seed: plan.seed)
            let seconds = try Timing.seconds { try lsh.add(base.storage, ids: ids) }
            report.buildSeconds.append(("lsh tables=\(setting.tables) bits=\(setting.bits)", seconds))
            for probes in setting.probes {
                lsh.probes = probes
                let (found, qps) = try SearchBenchmark.measure(queries: q, repeats: plan.repeats) {
                    try lsh.search(batch: queries.storage, k: plan.k, threads: plan.threads)
                }
                let row = SearchMeasurement(index: "lsh", parameters: [("tables", setting.tables), ("bits", setting.bits), ("probes", probes)],
                                            recall: Recall.atK(found, truth: truth, k: plan.k), queriesPerSecond: qps)
                report.rows.append(row)
                log(String(format: "%@: recall %.4f, %.0f queries/s", row.label, row.recall, qps))
            }
        }

        var graphs: [HNSWIndex] = []
        for m in plan.ms {
            let hnsw = HNSWIndex(dimension: d, metric: plan.metric, m: m, efConstruction: plan.efConstruction, seed: plan.seed)
            hnsw.buildThreads = plan.threads
            let seconds = try Timing.seconds { try hnsw.add(base.storage, ids: ids) }
            report.buildSeconds.append(("hnsw M=\(m)", seconds))
            log(String(format: "hnsw M=%d efConstruction=%d: built in %.1f s", m, plan.efConstruction, seconds))
            for ef in plan.efs {
                let (found, qps) = try SearchBenchmark.measure(queries: q, repeats: plan.repeats) {
                    try hnsw.search(batch: queries.storage, k: plan.k, ef: ef, threads: plan.threads)
                }
                let row = SearchMeasurement(index: "hnsw", parameters: [("M", m), ("ef", ef)],
                                            recall: Recall.atK(found, truth: truth, k: plan.k), queriesPerSecond: qps)
                report.rows.append(row)
            }
            graphs.append(hnsw)
        }
        return (report, graphs)
    }

    /// QPS of a reference curve at `recall`, interpolated linearly in recall between the two
    /// settings around it (nil outside the curve's range). Points are sorted by recall first.
    public static func queriesPerSecond(at recall: Double, on curve: [(recall: Double, qps: Double)]) -> Double? {
        let points = curve.sorted { $0.recall < $1.recall }
        guard let first = points.first, let last = points.last, recall >= first.recall, recall <= last.recall else { return nil }
        for (a, b) in zip(points, points.dropFirst()) where recall >= a.recall && recall <= b.recall {
            if b.recall == a.recall { return max(a.qps, b.qps) }
            let t = (recall - a.recall) / (b.recall - a.recall)
            return a.qps + t * (b.qps - a.qps)
        }
        return first.qps
    }
}
