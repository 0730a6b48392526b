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
    /// Without a flag, each model's own default applies (ModelZoo); the help says which.
    public static let modelOptions: [Option] = [
        .string("model", "NAME", default: "logistic", help: ModelName.allCases.map(\.rawValue).joined(separator: " | ")),
        .string("target", "COLUMN", help: "the column to predict (required)"),
        .choice("task", ["classification", "regression"], whenAbsent: "from the model, else from the target column", help: "the task"),
        .double("alpha", "A", range: .atLeast(0), whenAbsent: "1", help: "ridge/lasso penalty"),
        .double("c", "C", range: .above(0), whenAbsent: "1", help: "logistic/svm inverse regularisation"),
        .int("k", "K", range: .atLeast(1), whenAbsent: "5", help: "knn neighbours"),
        .int("max-depth", "D", range: .atLeast(1), whenAbsent: "none; boosting 3", help: "tree/forest depth limit"),
        .int("trees", range: .atLeast(1), whenAbsent: "100", help: "forest size"),
        .int("rounds", range: .atLeast(1), whenAbsent: "100", help: "boosting rounds"),
        .double("lr", "LR", range: .above(0), whenAbsent: "0.1", help: "boosting learning rate (shrinkage)"),
        .choice("criterion", ["gini", "entropy"], whenAbsent: "gini", help: "split criterion of classification trees"),
        .choice("kernel", ["rbf", "linear"], whenAbsent: "rbf", help: "svm kernel"),
        .double("gamma", "G", range: .above(0), whenAbsent: "scikit-learn's 'scale'", help: "rbf width"),
        .flag("balanced", "logistic: class weights n / (K·n_k) for imbalanced classes"),
        .flag("no-scale", "do not standardise features (logistic, knn and svm are standardised by default)"),
        .seed(default: 0, help: "random seed for trees/forests/boosting"),
    ]

    public static let subcommand = Subcommand(
        "evaluate", summary: "fit a model on --train, score it on --test; the last line has the metrics and timings",
        options: modelOptions + [.path("train", "FILE", help: "training CSV with a header row (required)"),
                                 .path("test", "FILE", help: "test CSV with the same columns (required)"),
                                 .json("print the result as one JSON line")],
        run: { for line in try EvaluateCommand.run($0) { print(line) } })

    public static func options(_ invocation: Invocation) throws -> ModelOptions {
        var o = ModelOptions()
        o.alpha = invocation.optionalDouble("alpha")
        o.c = invocation.optionalDouble("c")
        o.k = invocation.optionalInt("k")
        o.maxDepth = invocation.optionalInt("max-depth")
        o.trees = invocation.optionalInt("trees")
        o.rounds = invocation.optionalInt("rounds")
        o.learningRate = invocation.optionalDouble("lr")
        o.gamma = invocation.optionalDouble("gamma")
        o.criterion = invocation.optionalString("criterion").map { SplitCriterion(rawValue: $0)! }
        o.kernel = invocation.optionalString("kernel").map { SupportVectorClassifier.KernelChoice(rawValue: $0)! }
        o.balanced = invocation.flag("balanced")
        if invocation.flag("no-scale") { o.scale = false }
        o.seed = UInt64(invocation.int("seed"))
        return o
    }

    public static func required(_ invocation: Invocation, _ name: String) throws -> String {
        try invocation.requiredString(name)
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
        let model = try ModelName.parse(invocation.string("model"))
        let target = try required(invocation, "target")
        let trainTable = try CSV.read(URL(fileURLWithPath: try required(invocation, "train")))
        let testTable = try CSV.read(URL(fileURLWithPath: try required(invocation, "test")))
        guard let targetIndex = trainTable.header.firstIndex(of: target) else { throw TabularError.noColumn(target, trainTable.header) }
        let classification = try isClassification(model, task: invocation.optionalString("task"), table: trainTable, target: targetIndex)
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
