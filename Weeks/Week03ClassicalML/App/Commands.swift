// `kmeans`, `pipeline` and `predict`: the week's tools on the user's own CSV files.

import Foundation
import Shared
import Week03ClassicalML

enum ClusterCommand {
    static func run(_ invocation: Invocation) throws {
        let table = try CSV.read(URL(fileURLWithPath: invocation.positionals[0]))
        let k = invocation.int("k")
        let seed = UInt64(invocation.int("seed"))
        var columns = Array(0..<table.columnCount)
        if let drop = invocation.optionalString("drop") {
            let dropped = try table.columnIndex(drop)
            columns.removeAll { $0 == dropped }
        }
        let m = try table.numericMatrix(columns: columns)
        var scaler = StandardScaler()
        let raw = Features(rows: m.rows, columns: m.columns, values: m.values)
        scaler.fit(raw)
        let x = scaler.transform(raw)
        var model = KMeans(k: k, restarts: 4, seed: seed)
        let labels = try model.fit(x)
        let sample = x.rows > 3000 ? Array(stride(from: 0, to: x.rows, by: x.rows / 3000 + 1)) : Array(0..<x.rows)
        let stability = try Clustering.stability(x, k: k, seeds: (0..<5).map { seed &+ UInt64($0) })
        let sizes = (0..<k).map { c in labels.filter { $0 == c }.count }
        print("k-means++ on \(x.rows) rows × \(x.columns) standardised columns, seed \(seed)")
        print(String(format: "k %d · inertia %.3f · silhouette %.4f%@ · stability (mean pairwise ARI, 5 seeds) %.4f · sizes %@",
                     k, model.inertia, Clustering.silhouette(x.rows(sample), sample.map { labels[$0] }),
                     sample.count < x.rows ? " (on \(sample.count) rows)" : "", stability.meanARI, sizes.map(String.init).joined(separator: "/")))
    }
}

enum PipelineCommand {
    static func fit(_ invocation: Invocation) throws {
        let model = try ModelName.parse(invocation.string("model"))
        let target = try EvaluateCommand.required(invocation, "target")
        let trainURL = URL(fileURLWithPath: try EvaluateCommand.required(invocation, "train"))
        let train = try CSV.read(trainURL)
        let test = try invocation.optionalString("test").map { try CSV.read(URL(fileURLWithPath: $0)) } ?? train
        let pipeline = try Pipeline.fit(train, target: target, model: model, options: try EvaluateCommand.options(invocation))
        let out = try invocation.optionalString("out").map { URL(fileURLWithPath: $0) }
            ?? Project.outputDirectory("Week03ClassicalML").appendingPathComponent("pipeline.json")
        try pipeline.save(to: out)
        print("saved \(Project.display(out)) (\(model.rawValue); encoded columns: \(pipeline.encoder.outputColumnNames.joined(separator: ", ")))")
        let check = try pipeline.skewCheck(test, saved: out)
        print("skew check on \(check.rows) rows: max |offline batch − online row| = \(check.maxDifference), predicted labels agree: \(check.sameLabels) → " +
              (check.maxDifference <= 1e-12 && check.sameLabels ? "no skew" : "SKEW"))
    }

    static func predict(_ invocation: Invocation) throws {
        let pipeline = try Pipeline.load(URL(fileURLWithPath: try EvaluateCommand.required(invocation, "pipeline")))
        let table = try CSV.read(URL(fileURLWithPath: invocation.positionals[0]))
        let columns = try pipeline.encoder.columns.map { c -> Int in
            guard let j = table.header.firstIndex(of: c.name) else { throw TabularError.noColumn(c.name, table.header) }
            return j
        }
        print(pipeline.isClassifier ? "prediction,probability" : "prediction")
        for (r, row) in table.rows.enumerated() {
            let out: [Double]
            do { out = try pipeline.predictRow(columns.map { row[$0] }) } catch TabularError.notNumeric(_, _, let column, let value) {
                throw TabularError.notNumeric(path: table.path, line: table.lineNumbers[r], column: column, value: value)
            }
            if let names = pipeline.encoder.classNames {
                let best = out.indices.max { out[$0] < out[$1] } ?? 0
                print("\(names[best]),\(String(format: "%.6f", out[best]))")
            } else {
                print(out[0])
            }
        }
    }
}
