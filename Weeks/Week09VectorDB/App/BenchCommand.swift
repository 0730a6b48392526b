// `bench`: the recall/QPS sweep on the user's vectors (or Fashion-MNIST), with hnswlib measured in
// the same run on the same data, and our QPS over hnswlib's at equal recall.

import Foundation
import Shared
import Week09VectorDB

enum BenchCommand {
    static func loadData(_ invocation: Invocation) throws -> (base: Tensor, queries: Tensor, name: String) {
        if let dataPath = invocation.optionalString("data") {
            guard let queryPath = invocation.optionalString("queries") else { throw UsageError("--data needs --queries Q.npy too") }
            let base = try IndexCommands.matrix(dataPath, what: "the base vectors")
            let queries = try IndexCommands.matrix(queryPath, what: "the queries")
            guard base.rowLength == queries.rowLength else {
                throw DataFileError.malformed(path: queryPath, reason: "queries have dimension \(queries.rowLength), the base (\(dataPath)) has dimension \(base.rowLength)")
            }
            return (base, queries, "\(dataPath) (\(base.rowCount) × \(base.rowLength)), \(queries.rowCount) queries")
        }
        if invocation.isGiven("queries") { throw UsageError("--queries needs --data BASE.npy too") }
        let data = try ImageDatasets.load(.fashionMNIST)
        return (data.train.images, try data.test.images.rows(0..<1000), "Fashion-MNIST 60,000 × 784 base, 1,000 test queries")
    }

    static func run(_ invocation: Invocation) throws {
        var plan = SweepPlan()
        plan.k = invocation.int("k")
        plan.threads = invocation.int("threads")
        let m = invocation.int("m")
        plan.ms = [m]
        plan.efConstruction = invocation.int("ef-construction")
        plan.efs = invocation.ints("ef")
        let json = invocation.flag("json")
        let (base, queries, name) = try loadData(invocation)
        guard plan.k <= base.rowCount else { throw UsageError("--k \(plan.k) exceeds the \(base.rowCount) base vectors") }
        if !json {
            print("data: \(name)")
            print("BLAS: \(BLASInfo.summary)")
            print("distance kernel: \(Distance.kernel) · \(plan.threads) threads · recall@\(plan.k) against exact search\n")
        }
        let log: (String) -> Void = { line in FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
        let (report, _) = try Sweep.run(base: base, queries: queries, plan: plan, log: log)
        var reference: HnswlibRun?
        if !invocation.flag("no-reference") {
            log("hnswlib: same data, M=\(m), efConstruction=\(plan.efConstruction), \(plan.threads) threads …")
            reference = try HnswlibReference.run(base: base, queries: queries, truth: report.truth, plan: plan, m: m)
        }
        let ours = report.rows.filter { $0.index == "hnsw" }
        let curve = (reference?.rows ?? []).map { (recall: $0.recall, qps: $0.queriesPerSecond) }
        if json {
            for (label, seconds) in report.buildSeconds {
                print(JSONText.line([("build", .string(label)), ("seconds", .number((seconds * 1000).rounded() / 1000))]))
            }
            if let reference {
                print(JSONText.line([("build", .string("hnswlib M=\(m)")), ("seconds", .number((reference.buildSeconds * 1000).rounded() / 1000))]))
            }
            for row in report.rows + (reference?.rows ?? []) { print(row.jsonLine) }
            for row in ours {
                if let theirs = Sweep.queriesPerSecond(at: row.recall, on: curve) {
                    print(JSONText.line([("compare", .string("hnsw/hnswlib")), ("ef", .int(row.parameters.last!.1)),
                                         ("recall", .number((row.recall * 10_000).rounded() / 10_000)),
                                         ("qps_ratio", .number((row.queriesPerSecond / theirs * 1000).rounded() / 1000))]))
                }
            }
            return
        }
        print(Tables.recallTable(report.rows + (reference?.rows ?? []), k: plan.k))
        print("\nbuild seconds: " + report.buildSeconds.map { String(format: "%@ %.2f", $0.0, $0.1) }.joined(separator: " · ")
              + (reference.map { String(format: " · hnswlib M=%d %.2f", m, $0.buildSeconds) } ?? ""))
        guard let reference else {
            print("\n(hnswlib not measured: \(invocation.flag("no-reference") ? "--no-reference" : "no Python with hnswlib; set REFERENCE_PYTHON or run ./Scripts/reference_env.sh"))")
            return
        }
        print("\nhnswlib \(reference.version) on the same data; ratio = our queries/s ÷ hnswlib's at our recall (interpolated on its curve):")
        var table = TextTable(["ef", "recall@\(plan.k)", "ours q/s", "hnswlib q/s at that recall", "ratio"])
        for row in ours {
            let theirs = Sweep.queriesPerSecond(at: row.recall, on: curve)
            table.add(["\(row.parameters.last!.1)", String(format: "%.4f", row.recall), String(format: "%.0f", row.queriesPerSecond),
                       theirs.map { String(format: "%.0f", $0) } ?? "outside its range",
                       theirs.map { String(format: "%.2f×", row.queriesPerSecond / $0) } ?? "–"])
        }
        print(table.render())
    }
}

enum Tables {
    static func recallTable(_ rows: [SearchMeasurement], k: Int) -> String {
        var table = TextTable(["index", "setting", "recall@\(k)", "queries/s"])
        for row in rows {
            table.add([row.index, row.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " "),
                       String(format: "%.4f", row.recall), String(format: "%.0f", row.queriesPerSecond)])
        }
        return table.render()
    }

    /// Recall (x) against queries/s (y, log scale), one line per index family.
    static func recallPlot(_ rows: [SearchMeasurement], k: Int) -> String {
        var series: [Series] = []
        for name in ["hnsw", "hnswlib", "lsh", "exact"] {
            let own = rows.filter { $0.index == name }.sorted { $0.recall < $1.recall }
            guard !own.isEmpty else { continue }
            series.append(Series(name: name, x: own.map(\.recall), y: own.map(\.queriesPerSecond)))
        }
        return SVGPlot.line(title: "Fashion-MNIST: recall@\(k) vs queries per second", xLabel: "recall@\(k)",
                            yLabel: "queries / second (log)", series: series, logY: true)
    }
}
