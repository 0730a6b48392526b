// `evaluate`: fit one model on a training CSV and score it on a test CSV. It lives in the library
// (not the App) so the tests can drive the real command line: parse → read → encode → fit → score.
//
//   Week03ClassicalML evaluate --model forest --train a.csv --test b.csv --target species --json
//   → {"model": "forest", "task": "classification", …, "accuracy": 0.95, "f1": …, "fit_seconds": …, "predict_seconds": …}
//
// Does not: write the fitted model anywhere (the `pipeline` command does).

import Foundation
import Shared

public enum EvaluateCommand {
    public static let modelOptions: [Option] = [
        .value("model", "NAME", "linear|ridge|lasso|logistic|knn|naive-bayes|tree|forest|boosting|svm (default logistic)"),
        .value("target", "COLUMN", "the column to predict (required)"),
        .value("task", "KIND", "classification|regression (default: from the model, else from the target column)"),
        .value("alpha", "A", "ridge/lasso penalty (default 1)"),
        .value("c", "C", "logistic/svm inverse regularisation (default 1)"),
        .value("k", "K", "knn neighbours (default 5)"),
        .value("max-depth", "D", "tree/forest depth limit (default none; boosting 3)"),
        .value("trees", "N", "forest size (default 100)"),
        .value("rounds", "N", "boosting rounds (default 100)"),
        .value("learning-rate", "LR", "boosting shrinkage (default 0.1)"),
        .value("criterion", "NAME", "gini|entropy for classification trees (default gini)"),
        .value("kernel", "NAME", "svm kernel rbf|linear (default rbf)"),
        .value("gamma", "G", "rbf width (default scikit-learn's 'scale')"),
        .flag("balanced", "logistic: class weights n / (K·n_k) for imbalanced classes"),
        .flag("no-scale", "do not standardise features (logistic, knn and svm are standardised by default)"),
        .value("seed", "N", "random seed for trees/forests/boosting (default 0)"),
    ]

    public static let subcommand = Subcommand(
        "evaluate", summary: "fit a model on --train, score it on --test; the last line has the metrics and timings",
        options: modelOptions + [.value("train", "FILE", "training CSV (with a header row)"),
                                 .value("test", "FILE", "test CSV with the same columns"),
                                 .flag("json", "print the result as one JSON line")])

    public static func options(_ invocation: Invocation) throws -> ModelOptions {
        var o = ModelOptions()
        o.alpha = try invocation.string("alpha").map { _ in try invocation.double("alpha", default: 1) }
        o.c = try invocation.string("c").map { _ in try invocation.double("c", default: 1) }
        o.k = try invocation.string("k").map { _ in try invocation.int("k", default: 5) }
        o.maxDepth = try invocation.string("max-depth").map { _ in try invocation.int("max-depth", default: 0) }
        o.trees = try invocation.string("trees").map { _ in try invocation.int("trees", default: 100) }
        o.rounds = try invocation.string("rounds").map { _ in try invocation.int("rounds", default: 100) }
        o.learningRate = try invocation.string("learning-rate").map { _ in try invocation.double("learning-rate", default: 0.1) }
        o.gamma = try invocation.string("gamma").map { _ in try invocation.double("gamma", default: 1) }
        if let text = invocation.string("criterion") {
            guard let c = SplitCriterion(rawValue: text), c != .squaredError else { throw UsageError("--criterion expects gini or entropy, got '\(text)'") }
            o.criterion = c
        }
        if let text = invocation.string("kernel") {
            guard let k = SupportVectorClassifier.KernelChoice(rawValue: text) else { throw UsageError("--kernel expects rbf or linear, got '\(text)'") }
            o.kernel = k
        }
        if let d = o.maxDepth, d < 1 { throw UsageError("--max-depth must be ≥ 1") }
        if let k = o.k, k < 1 { throw UsageError("--k must be ≥ 1") }
        if let t = o.trees, t < 1 { throw UsageError("--trees must be ≥ 1") }
        if let r = o.rounds, r < 1 { throw UsageError("--rounds must be ≥ 1") }
        o.balanced = invocation.flag("balanced")
        if invocation.flag("no-scale") { o.scale = false }
        o.seed = UInt64(max(0, try invocation.int("seed", default: 0)))
        return o
    }

    public static func required(_ invocation: Invocation, _ name: String) throws -> String {
        guard let v = invocation.string(name) else { throw UsageError("--\(name) is required (see --help)") }
        return v
    }

    /// Classification when the model only classifies, regression when it only regresses, else
    /// --task, else: a non-numeric target, or whole numbers with at most 20 distinct values.
    static func isClassification(_ model: ModelName, task: String?, table: CSVTable, target: Int) throws -> Bool {
        if let task {
            guard task == "classification" || task == "regression" else { throw UsageError("--task expects classification or regression, got '\(task)'") }
            let wanted = task == "classification"
            if wanted && !model.canClassify || !wanted && !model.canRegress {
                throw ModelError.invalidParameter("'\(model.rawValue)' cannot do \(task)")
            }
            return wanted
        }
        if !model.canRegress { return true }
        if !model.canClassify { return false }
        guard table.isNumeric(column: target) else { return true }
        let values = Set(table.rows.map { $0[target] }.compactMap(CSV.number))
        return values.count <= 20 && values.allSatisfy { $0 == $0.rounded() }
    }

    /// The lines to print (the last one carries the metrics).
    public static func run(_ invocation: Invocation) throws -> [String] {
        let model = try ModelName.parse(invocation.string("model") ?? "logistic")
        let target = try required(invocation, "target")
        let trainTable = try CSV.read(URL(fileURLWithPath: try required(invocation, "train")))
        let testTable = try CSV.read(URL(fileURLWithPath: try required(invocation, "test")))
        guard let targetIndex = trainTable.header.firstIndex(of: target) else { throw TabularError.noColumn(target, trainTable.header) }
        let classification = try isClassification(model, task: invocation.string("task"), table: trainTable, target: targetIndex)
        let options = try options(invocation)
        let encoder = try TabularEncoder(fitting: trainTable, target: target, classification: classification)
        let (xTrain, yTrainCells) = try encoder.encode(trainTable)
        let (xTest, yTestCells) = try encoder.encode(testTable)
        let result: ModelZooEvaluation
        if classification {
            var m = try ModelZoo.classifier(model, options)
            let classes = encoder.classNames!.count
            result = try ModelZooEvaluation.classification(&m, train: (xTrain, try encoder.labels(yTrainCells, path: trainTable.path)),
                                                   test: (xTest, try encoder.labels(yTestCells, path: testTable.path)), classCount: classes)
        } else {
            var m = try ModelZoo.regressor(model, options)
            result = try ModelZooEvaluation.regression(&m, train: (xTrain, try encoder.numbers(yTrainCells, path: trainTable.path)),
                                               test: (xTest, try encoder.numbers(yTestCells, path: testTable.path)))
        }
        let task = classification ? "classification" : "regression"
        if invocation.flag("json") {
            var pairs: [(String, JSONValue)] = [("model", .string(model.rawValue)), ("task", .string(task)),
                                                 ("train_rows", .int(xTrain.rows)), ("test_rows", .int(xTest.rows)),
                                                 ("features", .int(xTrain.columns)), ("seed", .int(Int(options.seed)))]
            pairs += result.metrics.map { ($0.name, .number($0.value)) }
            pairs += [("fit_seconds", .number(result.fitSeconds)), ("predict_seconds", .number(result.predictSeconds))]
            return [JSONText.line(pairs)]
        }
        let metrics = result.metrics.map { "\($0.name) \(String(format: "%.4f", $0.value))" }
        return ["\(model.rawValue) (\(task)) on \(xTrain.rows) training rows × \(xTrain.columns) features (after one-hot), \(xTest.rows) test rows, seed \(options.seed)",
                (metrics + [String(format: "fit_seconds %.4f", result.fitSeconds), String(format: "predict_seconds %.4f", result.predictSeconds)])
                    .joined(separator: "  ")]
    }
}
