// Models by name, with the defaults a user would compare against scikit-learn's defaults, and
// one `evaluate` that fits on a training set, times fit and predict, and scores a test set.
//
//   name         task                    default (the scikit-learn counterpart)
//   linear       regression              LinearRegression()
//   ridge        regression              Ridge(alpha=1)
//   lasso        regression              Lasso(alpha=1)
//   logistic     classification          StandardScaler → LogisticRegression(C=1)
//   knn          both                    StandardScaler → KNeighbors*(n_neighbors=5)
//   naive-bayes  classification          GaussianNB()
//   tree         both                    DecisionTree*() (gini / squared error, unlimited depth)
//   forest       both                    RandomForest*(n_estimators=100)
//   boosting     both                    GradientBoosting*(100 rounds, lr 0.1, depth 3)
//   svm          classification          StandardScaler → SVC(kernel="rbf", C=1, gamma="scale")
// Distance- and penalty-based models are scaled (the usual make_pipeline(StandardScaler(), …));
// trees, naive Bayes and the unpenalised linear model are scale-invariant or nearly so.
//
// Does not: search hyperparameters (see CrossValidation.chooseAlpha for ridge/lasso α).

import Foundation
import Shared

public enum ModelName: String, CaseIterable, Sendable {
    case linear, ridge, lasso, logistic, knn
    case naiveBayes = "naive-bayes"
    case tree, forest, boosting, svm

    public var canClassify: Bool { ![.linear, .ridge, .lasso].contains(self) }
    public var canRegress: Bool { ![.logistic, .naiveBayes, .svm].contains(self) }

    public static func parse(_ text: String) throws -> ModelName {
        guard let m = ModelName(rawValue: text) else {
            throw ModelError.invalidParameter("unknown model '\(text)' (models: \(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return m
    }
}

public struct ModelOptions: Sendable {
    public var alpha: Double?
    public var c: Double?
    public var k: Int?
    public var maxDepth: Int?
    public var trees: Int?
    public var rounds: Int?
    public var learningRate: Double?
    public var criterion: SplitCriterion?
    public var kernel: SupportVectorClassifier.KernelChoice?
    public var gamma: Double?
    public var balanced = false
    public var scale: Bool?
    public var seed: UInt64 = 0
    public var showProgress = false

    public init() {}
}

/// StandardScaler → model, fitted together (the scaler learns from the training rows only).
public struct ScaledClassifier: Classifier {
    public var scaler = StandardScaler()
    public var inner: any Classifier
    public mutating func fit(_ x: Features, _ labels: [Int], classCount: Int) throws {
        scaler.fit(x)
        try inner.fit(scaler.transform(x), labels, classCount: classCount)
    }
    public func scores(_ x: Features) -> Features { inner.scores(scaler.transform(x)) }
}

public struct ScaledRegressor: Regressor {
    public var scaler = StandardScaler()
    public var inner: any Regressor
    public mutating func fit(_ x: Features, _ y: [Double]) throws {
        scaler.fit(x)
        try inner.fit(scaler.transform(x), y)
    }
    public func predict(_ x: Features) -> [Double] { inner.predict(scaler.transform(x)) }
}

public enum ModelZoo {
    static func scaled(_ name: ModelName, _ o: ModelOptions) -> Bool {
        o.scale ?? [.logistic, .knn, .svm].contains(name)
    }

    public static func classifier(_ name: ModelName, _ o: ModelOptions) throws -> any Classifier {
        let model: any Classifier
        switch name {
        case .logistic: model = LogisticRegression(c: o.c ?? 1, balanced: o.balanced)
        case .knn: model = KNeighborsClassifier(k: o.k ?? 5)
        case .naiveBayes: model = GaussianNaiveBayes()
        case .tree: model = DecisionTreeClassifier(criterion: o.criterion ?? .gini, maxDepth: o.maxDepth, seed: o.seed)
        case .forest:
            var forest = RandomForestClassifier(trees: o.trees ?? 100, criterion: o.criterion ?? .gini, maxDepth: o.maxDepth, seed: o.seed)
            forest.showProgress = o.showProgress
            model = forest
        case .boosting:
            model = GradientBoostingClassifier(rounds: o.rounds ?? 100, learningRate: o.learningRate ?? 0.1,
                                               maxDepth: o.maxDepth ?? 3, seed: o.seed)
        case .svm: model = SupportVectorClassifier(kernel: o.kernel ?? .rbf, c: o.c ?? 1, gamma: o.gamma)
        case .linear, .ridge, .lasso:
            throw ModelError.invalidParameter("'\(name.rawValue)' is a regressor; for classes use logistic, knn, naive-bayes, tree, forest, boosting or svm")
        }
        return scaled(name, o) ? ScaledClassifier(inner: model) : model
    }

    public static func regressor(_ name: ModelName, _ o: ModelOptions) throws -> any Regressor {
        let model: any Regressor
        switch name {
        case .linear: model = LinearRegression(alpha: 0)
        case .ridge: model = LinearRegression(alpha: o.alpha ?? 1)
        case .lasso: model = Lasso(alpha: o.alpha ?? 1)
        case .knn: model = KNeighborsRegressor(k: o.k ?? 5)
        case .tree: model = DecisionTreeRegressor(maxDepth: o.maxDepth, seed: o.seed)
        case .forest: model = RandomForestRegressor(trees: o.trees ?? 100, maxDepth: o.maxDepth, seed: o.seed)
        case .boosting:
            model = GradientBoostingRegressor(rounds: o.rounds ?? 100, learningRate: o.learningRate ?? 0.1,
                                              maxDepth: o.maxDepth ?? 3, seed: o.seed)
        case .logistic, .naiveBayes, .svm:
            throw ModelError.invalidParameter("'\(name.rawValue)' is a classifier; for a numeric target use linear, ridge, lasso, knn, tree, forest or boosting")
        }
        return scaled(name, o) ? ScaledRegressor(inner: model) : model
    }
}

/// A test-set score with timings. `metrics` keeps a fixed order (accuracy, f1, roc_auc, pr_auc / r2, mse).
public struct ModelZooEvaluation: Sendable {
    public var metrics: [(name: String, value: Double)]
    public var fitSeconds: Double
    public var predictSeconds: Double

    public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }

    /// The headline number: accuracy for classifiers, R² for regressors.
    public var headline: Double { value("accuracy") ?? value("r2") ?? .nan }

    public static func classification(_ model: inout any Classifier, train: (Features, [Int]), test: (Features, [Int]),
                                      classCount: Int) throws -> ModelZooEvaluation {
        let fitSeconds = try Timing.seconds { try model.fit(train.0, train.1, classCount: classCount) }
        var scores = Features(rows: 0, columns: 0, values: [])
        let frozen = model
        let predictSeconds = Timing.seconds { scores = frozen.scores(test.0) }
        return ModelZooEvaluation(metrics: classificationMetrics(truth: test.1, scores: scores, classCount: classCount),
                          fitSeconds: fitSeconds, predictSeconds: predictSeconds)
    }

    public static func classificationMetrics(truth: [Int], scores: Features, classCount: Int) -> [(name: String, value: Double)] {
        let predicted = (0..<scores.rows).map { i in
            scores.values.withUnsafeBufferPointer { argmax(UnsafeBufferPointer(rebasing: $0[(i * scores.columns)..<((i + 1) * scores.columns)])) }
        }
        var metrics: [(name: String, value: Double)] = [("accuracy", Metrics.accuracy(truth, predicted)),
                                                         ("f1", Metrics.f1(truth, predicted, classCount: classCount))]
        if classCount == 2 {
            let positives = truth.map { $0 == 1 }
            let score = (0..<scores.rows).map { scores[$0, 1] }
            if let auc = RankingMetrics.rocAUC(positives, score) { metrics.append(("roc_auc", auc)) }
            if let ap = RankingMetrics.averagePrecision(positives, score) { metrics.append(("pr_auc", ap)) }
        }
        return metrics
    }

    public static func regression(_ model: inout any Regressor, train: (Features, [Double]), test: (Features, [Double])) throws -> ModelZooEvaluation {
        let fitSeconds = try Timing.seconds { try model.fit(train.0, train.1) }
        var predicted: [Double] = []
        let frozen = model
        let predictSeconds = Timing.seconds { predicted = frozen.predict(test.0) }
        return ModelZooEvaluation(metrics: [("r2", Metrics.r2(test.1, predicted)), ("mse", Metrics.meanSquaredError(test.1, predicted))],
                          fitSeconds: fitSeconds, predictSeconds: predictSeconds)
    }
}
