// Fashion-MNIST (60000 train / 10000 test, 784 pixels in 0…1): logistic regression (scikit-learn's
// defaults: C = 1, at most 100 L-BFGS iterations, raw pixels), a depth-20 tree, a 50-tree forest on
// two threads, and k-means (k = 10) scored against the true classes with the adjusted Rand index.

import Foundation
import Shared
import Week03ClassicalML

struct FashionResult {
    var model: String
    var accuracy: Double
    var fitSeconds: Double
    var predictSeconds: Double
}

enum FashionRun {
    static func features(_ split: ImageSplit) -> Features {
        Features(rows: split.labels.count, columns: split.images.shape[1], values: split.images.storage.map(Double.init))
    }

    static let models = ["logistic", "tree", "forest", "kmeans"]

    static func run(seed: UInt64, models: [String] = FashionRun.models) throws -> [FashionResult] {
        let (trainSplit, testSplit) = try ImageDatasets.load(.fashionMNIST)
        let xTrain = features(trainSplit), xTest = features(testSplit)
        let yTrain = trainSplit.labels, yTest = testSplit.labels
        print("Fashion-MNIST: \(xTrain.rows) train / \(xTest.rows) test × \(xTrain.columns) pixels")
        var results: [FashionResult] = []
        func classify(_ name: String, _ model: any Classifier) throws {
            guard models.contains(name) else { return }
            var m = model
            FileHandle.standardError.write(Data("  fitting \(name)…\n".utf8))
            let e = try ModelZooEvaluation.classification(&m, train: (xTrain, yTrain), test: (xTest, yTest), classCount: 10)
            results.append(FashionResult(model: name, accuracy: e.headline, fitSeconds: e.fitSeconds, predictSeconds: e.predictSeconds))
        }
        var logistic = LogisticRegression(c: 1, maxIterations: 100)
        logistic.showProgress = true
        try classify("logistic", logistic)
        try classify("tree", DecisionTreeClassifier(criterion: .gini, maxDepth: 20, seed: seed))
        var forest = RandomForestClassifier(trees: 50, seed: seed)
        forest.showProgress = true
        try classify("forest", forest)
        guard models.contains("kmeans") else { return results }
        FileHandle.standardError.write(Data("  fitting kmeans…\n".utf8))
        var kmeans = KMeans(k: 10, restarts: 1, seed: seed)
        var labels: [Int] = []
        let fit = try Timing.seconds { labels = try kmeans.fit(xTrain) }
        print("k-means: \(kmeans.iterations) Lloyd iterations")
        results.append(FashionResult(model: "kmeans", accuracy: Clustering.adjustedRandIndex(yTrain, labels), fitSeconds: fit, predictSeconds: 0))
        return results
    }

    static func table(_ results: [FashionResult], reference: [String: [String: Any]]?) -> String {
        var table = TextTable(["model", "metric", "ours", "sklearn", "ours fit s", "sklearn fit s", "ours/sklearn"])
        for r in results {
            let ref = reference?["fashion-mnist/\(r.model)"]
            let metric = r.model == "kmeans" ? "ari" : "accuracy"
            let theirs = ref?[metric] as? Double
            let theirFit = ref?["fit_seconds"] as? Double
            table.add([r.model == "forest" ? "forest (50)" : r.model == "tree" ? "tree (depth 20)" : r.model, metric,
                       Compare.format(r.accuracy), Compare.format(theirs), Compare.format(r.fitSeconds, "%.2f"),
                       Compare.format(theirFit, "%.2f"), Compare.format(theirFit.map { r.fitSeconds / max($0, 1e-9) }, "%.2f×")])
        }
        return table.render()
    }
}
