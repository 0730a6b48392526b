// The numbers every classifier of this week is judged by (week 3's Metrics), and the linear probe
// both the baselines and the objectives comparison use: week 3's LogisticRegression with balanced
// class weights on fixed features.
//
//   accuracy  = (1/n) Σ 1[ŷ = y]
//   macro-F1  = (1/K) Σ_k 2 P_k R_k / (P_k + R_k)      (every component counts the same)

import Foundation
import Week03ClassicalML

public struct ClassificationScore: Sendable, Equatable {
    public var accuracy: Double
    public var macroF1: Double
    /// counts[truth][predicted]
    public var confusion: [[Int]]

    public init(truth: [Int], predicted: [Int], classCount: Int) {
        accuracy = Metrics.accuracy(truth, predicted)
        confusion = Metrics.confusionMatrix(truth, predicted, classCount: classCount)
        let stats = Metrics.perClass(confusion)
        macroF1 = stats.map(\.f1).reduce(0, +) / Double(max(1, classCount))
    }
}

public enum LinearProbe {
    /// Fits balanced logistic regression on (train, trainLabels) and scores it on the held-out rows.
    public static func score(train: Features, trainLabels: [Int], heldOut: Features, heldOutLabels: [Int], classCount: Int,
                             c: Double = 1, maxIterations: Int = 300) throws -> ClassificationScore {
        var model = LogisticRegression(c: c, balanced: true, maxIterations: maxIterations)
        try model.fit(train, trainLabels, classCount: classCount)
        return ClassificationScore(truth: heldOutLabels, predicted: model.predict(heldOut), classCount: classCount)
    }

    /// Float rows as week 3's Features.
    public static func features(_ rows: [[Float]]) -> Features {
        Features(rows: rows.count, columns: rows.first?.count ?? 0, values: rows.flatMap { $0.map(Double.init) })
    }
}
