// Classification and regression metrics on worked-out definitions.
//
//   confusion[t][p] = #{i : yᵢ = t, ŷᵢ = p}                     accuracy = trace / n
//   precision_k = C[k][k] / Σₜ C[t][k]   recall_k = C[k][k] / Σₚ C[k][p]   F1_k = 2PR / (P + R)
//   F1 = F1 of class 1 for two classes, the unweighted mean over classes otherwise (sklearn's
//   average="binary" and average="macro"); 0/0 counts as 0, as in scikit-learn.
//   MSE = mean (y − ŷ)²        R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²
//
// Ranking metrics (ROC-AUC, average precision) and calibration live in RankingMetrics.swift.

import Foundation

public enum Metrics {
    public static func accuracy(_ truth: [Int], _ predicted: [Int]) -> Double {
        guard !truth.isEmpty else { return 0 }
        let right = zip(truth, predicted).filter { $0 == $1 }.count
        return Double(right) / Double(truth.count)
    }

    /// [K][K], rows = true class, columns = predicted class.
    public static func confusionMatrix(_ truth: [Int], _ predicted: [Int], classCount: Int) -> [[Int]] {
        var c = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(truth, predicted) { c[t][p] += 1 }
        return c
    }

    /// Per-class (precision, recall, F1).
    public static func perClass(_ confusion: [[Int]]) -> [(precision: Double, recall: Double, f1: Double)] {
        let k = confusion.count
        return (0..<k).map { c in
            let tp = Double(confusion[c][c])
            let predictedC = Double((0..<k).reduce(0) { $0 + confusion[$1][c] })
            let actualC = Double(confusion[c].reduce(0, +))
            let p = predictedC > 0 ? tp / predictedC : 0
            let r = actualC > 0 ? tp / actualC : 0
            let f = p + r > 0 ? 2 * p * r / (p + r) : 0
            return (p, r, f)
        }
    }

    /// Binary F1 (positive class 1) for two classes, macro F1 otherwise.
    public static func f1(_ truth: [Int], _ predicted: [Int], classCount: Int) -> Double {
        let stats = perClass(confusionMatrix(truth, predicted, classCount: classCount))
        if classCount == 2 { return stats[1].f1 }
        return stats.map(\.f1).reduce(0, +) / Double(max(classCount, 1))
    }

    public static func meanSquaredError(_ y: [Double], _ predicted: [Double]) -> Double {
        guard !y.isEmpty else { return 0 }
        var s = 0.0
        for (a, b) in zip(y, predicted) { s += (a - b) * (a - b) }
        return s / Double(y.count)
    }

    public static func r2(_ y: [Double], _ predicted: [Double]) -> Double {
        let mean = y.reduce(0, +) / Double(max(y.count, 1))
        var residual = 0.0, total = 0.0
        for (a, b) in zip(y, predicted) {
            residual += (a - b) * (a - b)
            total += (a - mean) * (a - mean)
        }
        return total > 0 ? 1 - residual / total : 0
    }
}
