// A pipeline = encoder (numeric pass-through + one-hot) → optional standard scaler → model, saved as
// one JSON file and loaded back for online (one row at a time) prediction.
//
// Training/serving skew is when the online path computes something different from the offline
// path the model was evaluated with (a different encoding order, a scaler refitted on serving
// data, a lossy float format). `skewCheck` runs both paths over the same file — offline: the whole
// table through the in-memory pipeline in batch; online: the saved JSON reloaded, each row's raw
// cells encoded, scaled and predicted alone — and reports the largest difference in output.
// Swift's JSON encoder writes Doubles in round-trip form, so the difference should be 0 up to the
// summation order inside BLAS (≤ 1e-12 is accepted as "no skew").
//
// Does not: persist kNN, forests, boosting or SVMs (they would serialise the same way, just larger).

import Foundation
import Shared

public enum PipelineError: Error, CustomStringConvertible {
    case unsupportedModel(String)
    case badFile(String, String)

    public var description: String {
        switch self {
        case let .unsupportedModel(m): return "pipelines persist linear, ridge, lasso, logistic, naive-bayes and tree models, not '\(m)'"
        case let .badFile(path, why): return "\(path): not a Week03 pipeline (\(why))"
        }
    }
}

public enum PersistedModel: Codable, Sendable {
    case linear(LinearRegression)
    case lasso(Lasso)
    case logistic(LogisticRegression)
    case naiveBayes(GaussianNaiveBayes)
    case tree(TreeModel)
}

public struct Pipeline: Codable, Sendable {
    public var format = "week03-pipeline-v1"
    public var modelName: String
    public var encoder: TabularEncoder
    public var scaler: StandardScaler?
    public var model: PersistedModel

    public var isClassifier: Bool { encoder.classNames != nil }

    /// Fits encoder, scaler and model on a training table.
    public static func fit(_ table: CSVTable, target: String, model name: ModelName, options: ModelOptions) throws -> Pipeline {
        let classification = name.canClassify && !name.canRegress ? true : (name.canRegress && !name.canClassify ? false : true)
        let encoder = try TabularEncoder(fitting: table, target: target, classification: classification)
        let (raw, cells) = try encoder.encode(table)
        var scaler: StandardScaler? = nil
        var x = raw
        if options.scale ?? (name == .logistic) {
            var s = StandardScaler()
            s.fit(raw)
            x = s.transform(raw)
            scaler = s
        }
        let model: PersistedModel
        switch name {
        case .linear, .ridge:
            var m = LinearRegression(alpha: name == .linear ? 0 : options.alpha ?? 1)
            try m.fit(x, try encoder.numbers(cells, path: table.path))
            model = .linear(m)
        case .lasso:
            var m = Lasso(alpha: options.alpha ?? 1)
            try m.fit(x, try encoder.numbers(cells, path: table.path))
            model = .lasso(m)
        case .logistic:
            var m = LogisticRegression(c: options.c ?? 1, balanced: options.balanced)
            try m.fit(x, try encoder.labels(cells, path: table.path), classCount: encoder.classNames!.count)
            model = .logistic(m)
        case .naiveBayes:
            var m = GaussianNaiveBayes()
            try m.fit(x, try encoder.labels(cells, path: table.path), classCount: encoder.classNames!.count)
            model = .naiveBayes(m)
        case .tree:
            var m = DecisionTreeClassifier(criterion: options.criterion ?? .gini, maxDepth: options.maxDepth, seed: options.seed)
            try m.fit(x, try encoder.labels(cells, path: table.path), classCount: encoder.classNames!.count)
            model = .tree(m.tree)
        default:
            throw PipelineError.unsupportedModel(name.rawValue)
        }
        return Pipeline(modelName: name.rawValue, encoder: encoder, scaler: scaler, model: model)
    }

    /// Model outputs for already-encoded, already-scaled features: [n, K] scores or [n, 1] predictions.
    func outputs(_ x: Features) -> Features {
        switch model {
        case let .linear(m): return Features(rows: x.rows, columns: 1, values: m.predict(x))
        case let .lasso(m): return Features(rows: x.rows, columns: 1, values: m.predict(x))
        case let .logistic(m): return m.scores(x)
        case let .naiveBayes(m): return m.scores(x)
        case let .tree(t):
            var out = [Double](repeating: 0, count: x.rows * t.outputs)
            t.accumulate(x, weight: 1, into: &out)
            return Features(rows: x.rows, columns: t.outputs, values: out)
        }
    }

    /// Offline: a whole table (with or without the target column) in one batch.
    public func predictBatch(_ table: CSVTable) throws -> Features {
        let featureColumns = try featureColumnIndices(table)
        var values: [Double] = []
        for (r, row) in table.rows.enumerated() {
            values += try encoder.encode(cells: featureColumns.map { row[$0] }, path: table.path, line: table.lineNumbers[r])
        }
        var x = Features(rows: table.rows.count, columns: encoder.outputColumnNames.count, values: values)
        if let scaler { x = scaler.transform(x) }
        return outputs(x)
    }

    /// Online: one row of raw cells (feature columns in training order).
    public func predictRow(_ cells: [String]) throws -> [Double] {
        var row = try encoder.encode(cells: cells)
        if let scaler { row = scaler.transform(row: row) }
        return outputs(Features(rows: 1, columns: row.count, values: row)).values
    }

    func featureColumnIndices(_ table: CSVTable) throws -> [Int] {
        try encoder.columns.map { c in
            guard let j = table.header.firstIndex(of: c.name) else { throw TabularError.noColumn(c.name, table.header) }
            return j
        }
    }

    public func save(to url: URL) throws {
        let json = JSONEncoder()
        json.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try json.encode(self)), to: url)
    }

    public static func load(_ url: URL) throws -> Pipeline {
        let data = Data(try FileIO.readBytes(url))
        do {
            let p = try JSONDecoder().decode(Pipeline.self, from: data)
            guard p.format == "week03-pipeline-v1" else { throw PipelineError.badFile(url.path, "format '\(p.format)'") }
            return p
        } catch let e as PipelineError {
            throw e
        } catch {
            throw PipelineError.badFile(url.path, JSONErrorText.describe(error))
        }
    }

    /// Offline batch through `self` vs online rows through the pipeline reloaded from `saved`.
    public func skewCheck(_ table: CSVTable, saved: URL) throws -> (rows: Int, maxDifference: Double, sameLabels: Bool) {
        let offline = try predictBatch(table)
        let online = try Pipeline.load(saved)
        let columns = try featureColumnIndices(table)
        var maxDifference = 0.0
        var sameLabels = true
        for (r, row) in table.rows.enumerated() {
            let out = try online.predictRow(columns.map { row[$0] })
            var bestOnline = 0, bestOffline = 0
            for k in 0..<out.count {
                maxDifference = max(maxDifference, abs(out[k] - offline[r, k]))
                if out[k] > out[bestOnline] { bestOnline = k }
                if offline[r, k] > offline[r, bestOffline] { bestOffline = k }
            }
            if bestOnline != bestOffline { sameLabels = false }
        }
        return (table.rows.count, maxDifference, sameLabels)
    }
}
