// The rest of the default run: choosing α by cross-validation, calibration, class imbalance,
// attributions, k-means, pipeline skew and Monte Carlo — each on real data, each a few lines.

import Foundation
import Shared
import Week03ClassicalML

enum Tour {
    static func run(seed: UInt64) throws {
        let out = try Project.outputDirectory("Week03ClassicalML")
        try crossValidation(seed: seed)
        try variants(seed: seed)
        try calibration(out: out)
        try imbalance()
        try attributions(out: out, seed: seed)
        try clustering(seed: seed)
        try pipeline(out: out)
        monteCarlo(seed: seed)
    }

    static func split(_ name: String) throws -> (LabeledData, Split) {
        let data = try Compare.load(name)
        return (data, Split.everyFourth(count: data.x.rows, labels: data.labels))
    }

    static func crossValidation(seed: UInt64) throws {
        print("\n== Ridge and lasso α by 5-fold cross-validation (diabetes, standardised features) ==")
        let (data, split) = try split("diabetes")
        var scaler = StandardScaler()
        scaler.fit(data.x.rows(split.train))
        let x = scaler.transform(data.x.rows(split.train)), y = split.train.map { data.targets[$0] }
        let xTest = scaler.transform(data.x.rows(split.test)), yTest = split.test.map { data.targets[$0] }
        let alphas = [0.01, 0.1, 1, 10, 100]
        for (name, make) in [("ridge", { (a: Double) -> any Regressor in LinearRegression(alpha: a) }),
                             ("lasso", { (a: Double) -> any Regressor in Lasso(alpha: a) })] {
            let (best, scores) = try CrossValidation.chooseAlpha(alphas, x: x, y: y, folds: 5, seed: seed) { AnyRegressor(make($0)) }
            var model = make(best)
            try model.fit(x, y)
            let zeros = (model as? Lasso)?.coefficients.filter { $0 == 0 }.count
            print("  \(name): CV MSE " + scores.map { String(format: "α=%g→%.0f", $0.alpha, $0.mse) }.joined(separator: " ") +
                  String(format: " · best α=%g · test R² %.4f", best, Metrics.r2(yTest, model.predict(xTest))) +
                  (zeros.map { " · \($0)/10 coefficients exactly 0" } ?? ""))
        }
    }

    static func variants(seed: UInt64) throws {
        print("\n== Model variants: tree criterion (gini = CART, entropy = ID3/C4.5's information gain) and SVM kernel ==")
        var table = TextTable(["dataset", "tree gini", "tree entropy", "svm linear", "svm rbf"])
        for name in Compare.classificationSets {
            let (data, split) = try split(name)
            let labels = data.labels!
            func accuracy(_ o: ModelOptions, _ model: ModelName) throws -> String {
                var m = try ModelZoo.classifier(model, o)
                let e = try ModelZooEvaluation.classification(&m, train: (data.x.rows(split.train), split.train.map { labels[$0] }),
                                                      test: (data.x.rows(split.test), split.test.map { labels[$0] }), classCount: data.classCount)
                return String(format: "%.4f", e.headline)
            }
            var gini = ModelOptions(), entropy = ModelOptions(), linear = ModelOptions(), rbf = ModelOptions()
            gini.seed = seed; entropy.seed = seed; entropy.criterion = .entropy
            linear.kernel = .linear; rbf.kernel = .rbf
            table.add([name, try accuracy(gini, .tree), try accuracy(entropy, .tree), try accuracy(linear, .svm), try accuracy(rbf, .svm)])
        }
        print(table.render())
    }

    static func calibration(out: URL) throws {
        print("\n== Calibration and Brier score (breast cancer test split, P(benign)) ==")
        let (data, split) = try split("breast_cancer")
        let labels = data.labels!
        let train = (data.x.rows(split.train), split.train.map { labels[$0] })
        let xTest = data.x.rows(split.test)
        let positives = split.test.map { labels[$0] == 1 }
        var series: [Series] = [Series(name: "perfect", x: [0, 1], y: [0, 1])]
        for (name, model) in [("logistic", try ModelZoo.classifier(.logistic, ModelOptions())),
                              ("naive-bayes", try ModelZoo.classifier(.naiveBayes, ModelOptions()))] {
            var m = model
            try m.fit(train.0, train.1, classCount: 2)
            let p = m.scores(xTest).column(1)
            let curve = RankingMetrics.calibrationCurve(positives, p, bins: 5)
            print(String(format: "  %-12@ Brier %.4f · bins (mean predicted → observed, n): ", name, RankingMetrics.brierScore(positives, p)) +
                  curve.map { String(format: "%.2f→%.2f (%d)", $0.predicted, $0.observed, $0.count) }.joined(separator: ", "))
            series.append(Series(name: name, x: curve.map(\.predicted), y: curve.map(\.observed)))
        }
        let url = out.appendingPathComponent("calibration.svg")
        try SVGPlot.save(SVGPlot.line(title: "Calibration (breast cancer test)", xLabel: "mean predicted P(benign)",
                                      yLabel: "observed fraction benign", series: series), to: url)
        print("  wrote \(Project.display(url))")
    }

    static func imbalance() throws {
        print("\n== Class imbalance (breast cancer; training keeps 1 in 8 malignant rows) ==")
        let (data, split) = try split("breast_cancer")
        let labels = data.labels!
        var kept: [Int] = []
        var malignantSeen = 0
        for i in split.train {
            if labels[i] == 0 { malignantSeen += 1; if malignantSeen % 8 != 0 { continue } }
            kept.append(i)
        }
        let minority = kept.filter { labels[$0] == 0 }.count
        print("  training rows: \(kept.count) (\(minority) malignant = \(String(format: "%.1f", 100 * Double(minority) / Double(kept.count)))%); test unchanged")
        let truth = split.test.map { labels[$0] }
        for balanced in [false, true] {
            var o = ModelOptions()
            o.balanced = balanced
            var m = try ModelZoo.classifier(.logistic, o)
            try m.fit(data.x.rows(kept), kept.map { labels[$0] }, classCount: 2)
            let predicted = m.predict(data.x.rows(split.test))
            let stats = Metrics.perClass(Metrics.confusionMatrix(truth, predicted, classCount: 2))
            print(String(format: "  %-22@ accuracy %.4f · malignant recall %.4f · malignant F1 %.4f · balanced accuracy %.4f",
                         balanced ? "class_weight=balanced" : "unweighted", Metrics.accuracy(truth, predicted),
                         stats[0].recall, stats[0].f1, (stats[0].recall + stats[1].recall) / 2))
        }
    }

    static func attributions(out: URL, seed: UInt64) throws {
        print("\n== Feature attributions (diabetes) ==")
        let (data, split) = try split("diabetes")
        let xTrain = data.x.rows(split.train), xTest = data.x.rows(split.test)
        let yTest = split.test.map { data.targets[$0] }
        var forest = RandomForestRegressor(trees: 100, seed: seed)
        try forest.fit(xTrain, split.train.map { data.targets[$0] })
        let importance = Attribution.permutationImportance(xTest, repeats: 10, seed: seed) { Metrics.r2(yTest, forest.predict($0)) }
        let order = importance.mean.indices.sorted { importance.mean[$0] > importance.mean[$1] }
        print(String(format: "  permutation importance (forest, test R² %.4f; drop in R² over 10 shuffles):", importance.baseline))
        print("    " + order.map { String(format: "%@ %.3f±%.3f", data.featureNames[$0], importance.mean[$0], importance.std[$0]) }.joined(separator: ", "))
        let background = xTrain.rows(Array(stride(from: 0, to: xTrain.rows, by: 6)))
        let row = xTest.row(0)
        let shap = try Attribution.shapley(row: row, background: background) { forest.predict($0) }
        let prediction = forest.predict(Features(rows: 1, columns: row.count, values: row))[0]
        print(String(format: "  exact Shapley values for test row 0 (forest; %d background rows): base %.1f + Σφ %.1f = %.1f (prediction %.1f)",
                     background.rows, shap.base, shap.values.reduce(0, +), shap.base + shap.values.reduce(0, +), prediction))
        print("    " + data.featureNames.indices.map { String(format: "%@ %+.1f", data.featureNames[$0], shap.values[$0]) }.joined(separator: ", "))
        let url = out.appendingPathComponent("permutation_importance.svg")
        try SVGPlot.save(SVGPlot.bar(title: "Permutation importance (forest, diabetes)", labels: order.map { data.featureNames[$0] },
                                     values: order.map { importance.mean[$0] }, yLabel: "drop in R²"), to: url)
        print("  wrote \(Project.display(url))")
    }

    static func clustering(seed: UInt64) throws {
        print("\n== k-means++ (standardised features) ==")
        for (name, k) in [("iris", 3), ("wine", 3), ("digits", 10)] {
            let data = try Compare.load(name)
            var scaler = StandardScaler()
            scaler.fit(data.x)
            let x = scaler.transform(data.x)
            var model = KMeans(k: k, restarts: 4, seed: seed)
            let labels = try model.fit(x)
            let stability = try Clustering.stability(x, k: k, seeds: (0..<5).map { seed &+ UInt64($0) })
            print(String(format: "  %-7@ k=%-2d inertia %.1f · silhouette %.4f · ARI vs classes %.4f · stability (mean pairwise ARI, 5 seeds) %.4f",
                         name, k, model.inertia, Clustering.silhouette(x, labels), Clustering.adjustedRandIndex(data.labels!, labels), stability.meanARI))
        }
    }

    static func pipeline(out: URL) throws {
        print("\n== Pipeline persisted to disk, offline/online skew check ==")
        // iris with the class as text and a categorical column, to exercise the one-hot encoder
        let data = try Compare.load("iris")
        let species = ["setosa", "versicolor", "virginica"]
        var lines = ["sepal_length,sepal_width,petal_length,petal_width,petal_size,species"]
        for i in 0..<data.x.rows {
            let size = data.x[i, 2] < 2 ? "small" : data.x[i, 2] < 5 ? "medium" : "large"
            lines.append((0..<4).map { "\(data.x[i, $0])" }.joined(separator: ",") + ",\(size),\(species[data.labels![i]])")
        }
        let table = try CSV.parse(lines.joined(separator: "\n"), path: "iris-with-names.csv")
        let split = Split.everyFourth(count: table.rows.count, labels: data.labels)
        var train = table, test = table
        train.rows = split.train.map { table.rows[$0] }; train.lineNumbers = split.train.map { table.lineNumbers[$0] }
        test.rows = split.test.map { table.rows[$0] }; test.lineNumbers = split.test.map { table.lineNumbers[$0] }
        let fitted = try Pipeline.fit(train, target: "species", model: .logistic, options: ModelOptions())
        let url = out.appendingPathComponent("iris_pipeline.json")
        try fitted.save(to: url)
        let check = try fitted.skewCheck(test, saved: url)
        print("  encoder columns: \(fitted.encoder.outputColumnNames.joined(separator: ", "))")
        print("  saved \(Project.display(url)); \(check.rows) test rows: max |offline − online| = \(check.maxDifference), labels agree: \(check.sameLabels) → " +
              (check.maxDifference <= 1e-12 && check.sameLabels ? "no skew" : "SKEW"))
    }

    static func monteCarlo(seed: UInt64) {
        print("\n== Monte Carlo integration (error ∝ 1/√n) ==")
        var table = TextTable(["n", "π estimate", "SE", "|error|", "∫₀¹e^{−x²} estimate", "SE", "|error|"])
        for power in 2...7 {
            let n = Int(pow(10.0, Double(power)))
            let p = MonteCarlo.pi(samples: n, seed: seed &+ UInt64(power))
            let g = MonteCarlo.gaussian(samples: n, seed: seed &+ UInt64(100 + power))
            table.add(["10^\(power)", String(format: "%.6f", p.value), String(format: "%.2e", p.standardError),
                       String(format: "%.2e", abs(p.value - Double.pi)), String(format: "%.6f", g.value),
                       String(format: "%.2e", g.standardError), String(format: "%.2e", abs(g.value - MonteCarlo.gaussianExact))])
        }
        print(table.render())
        print(String(format: "exact: π = %.6f, ∫₀¹e^{−x²}dx = √π/2·erf(1) = %.6f; SE falls ×√10 ≈ 3.16 per row", Double.pi, MonteCarlo.gaussianExact))
    }
}

/// Wraps an existential so generic code (CrossValidation) can take it.
struct AnyRegressor: Regressor {
    var inner: any Regressor
    init(_ inner: any Regressor) { self.inner = inner }
    mutating func fit(_ x: Features, _ y: [Double]) throws { try inner.fit(x, y) }
    func predict(_ x: Features) -> [Double] { inner.predict(x) }
}
