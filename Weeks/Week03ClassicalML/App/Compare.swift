// The comparison table: every model on iris, wine, breast cancer, digits (classification) and
// diabetes (regression), on the seed-free every-4th-row stratified split, beside scikit-learn's
// figures for the same split.

import Foundation
import Shared
import Week03ClassicalML

struct ComparisonRow {
    var dataset: String
    var model: ModelName
    var ours: ModelZooEvaluation
}

enum Compare {
    static let classificationSets = ["iris", "wine", "breast_cancer", "digits"]
    static let regressionSets = ["diabetes"]

    static func load(_ name: String) throws -> LabeledData {
        try LabeledData.load(try Dataset.sklearn.file("\(name).csv"), name: name, classification: name != "diabetes")
    }

    /// Fits every applicable model on every dataset; `repeats` > 1 keeps the median times.
    static func run(repeats: Int, seed: UInt64) throws -> [ComparisonRow] {
        var rows: [ComparisonRow] = []
        let names = classificationSets + regressionSets
        let total = names.count * 7
        let bar = ProgressBar("models", total: total)
        var done = 0
        for name in names {
            let data = try load(name)
            let split = Split.everyFourth(count: data.x.rows, labels: data.labels)
            let xTrain = data.x.rows(split.train), xTest = data.x.rows(split.test)
            let models = ModelName.allCases.filter { data.isClassification ? $0.canClassify : $0.canRegress }
            for model in models {
                var options = ModelOptions()
                options.seed = seed
                var runs: [ModelZooEvaluation] = []
                for _ in 0..<max(repeats, 1) {
                    if let labels = data.labels {
                        var m = try ModelZoo.classifier(model, options)
                        runs.append(try ModelZooEvaluation.classification(&m, train: (xTrain, split.train.map { labels[$0] }),
                                                                  test: (xTest, split.test.map { labels[$0] }), classCount: data.classCount))
                    } else {
                        var m = try ModelZoo.regressor(model, options)
                        runs.append(try ModelZooEvaluation.regression(&m, train: (xTrain, split.train.map { data.targets[$0] }),
                                                              test: (xTest, split.test.map { data.targets[$0] })))
                    }
                }
                var result = runs[0]
                result.fitSeconds = runs.map(\.fitSeconds).sorted()[runs.count / 2]
                result.predictSeconds = runs.map(\.predictSeconds).sorted()[runs.count / 2]
                rows.append(ComparisonRow(dataset: name, model: model, ours: result))
                done += 1
                bar.update(done, note: "\(name) \(model.rawValue)")
            }
        }
        bar.finish()
        return rows
    }

    static func format(_ x: Double?, _ pattern: String = "%.4f") -> String {
        guard let x, x.isFinite else { return "—" }
        return String(format: pattern, x)
    }

    static func table(_ rows: [ComparisonRow], reference: [String: [String: Any]]?) -> String {
        var table = TextTable(["dataset", "model", "metric", "ours", "sklearn", "Δ", "ours fit s", "sklearn fit s", "ours/sklearn",
                               "ours predict s", "sklearn predict s"])
        for row in rows {
            let metric = row.ours.value("accuracy") != nil ? "accuracy" : "r2"
            let ref = reference?["\(row.dataset)/\(row.model.rawValue)"]
            let theirs = ref?[metric] as? Double
            let theirFit = ref?["fit_seconds"] as? Double
            let theirPredict = ref?["predict_seconds"] as? Double
            let ours = row.ours.headline
            table.add([row.dataset, row.model.rawValue, metric, format(ours), format(theirs),
                       format(theirs.map { ours - $0 }, "%+.4f"), format(row.ours.fitSeconds),
                       format(theirFit), format(theirFit.map { row.ours.fitSeconds / max($0, 1e-9) }, "%.2f×"),
                       format(row.ours.predictSeconds), format(theirPredict)])
        }
        return table.render()
    }
}
