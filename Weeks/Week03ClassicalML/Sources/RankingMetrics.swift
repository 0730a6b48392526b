// Metrics that only need the order of the scores, plus probability calibration.
//
// ROC-AUC as the Mann–Whitney U statistic: rank all n scores ascending (tied scores share the
// average of their ranks), R₊ = sum of the positives' ranks, then
//     AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋)
// which equals P(score of a random positive > score of a random negative) + ½ P(tie) — the area
// under the ROC curve, without drawing the curve.
//
// Average precision (PR-AUC as scikit-learn computes it): walk the distinct thresholds from the
// highest score down; AP = Σ (Rₜ − Rₜ₋₁) Pₜ, precision weighted by each step in recall (no
// interpolation).
//
// Brier score = mean (p − y)² for the positive-class probability; the calibration curve bins the
// predicted probabilities into equal-width bins and reports (mean predicted, observed fraction).

import Foundation

public enum RankingMetrics {
    /// Ranks 1…n of `values`, ties sharing their average rank.
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j + 2) / 2  // ranks i+1 … j+1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    /// Binary ROC-AUC of `scores` for `positives` (true = class 1); nil when one class is absent.
    public static func rocAUC(_ positives: [Bool], _ scores: [Double]) -> Double? {
        let nPositive = positives.filter { $0 }.count
        let nNegative = positives.count - nPositive
        guard nPositive > 0, nNegative > 0 else { return nil }
        let ranks = averageRanks(scores)
        var rankSum = 0.0
        for (r, p) in zip(ranks, positives) where p { rankSum += r }
        let np = Double(nPositive)
        return (rankSum - np * (np + 1) / 2) / (np * Double(nNegative))
    }

    /// Average precision (scikit-learn's average_precision_score); nil without positives.
    public static func averagePrecision(_ positives: [Bool], _ scores: [Double]) -> Double? {
        let total = positives.filter { $0 }.count
        guard total > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0, fp = 0
        var previousRecall = 0.0
        var ap = 0.0
        var i = 0
        while i < order.count {
            let threshold = scores[order[i]]
            while i < order.count && scores[order[i]] == threshold {
                if positives[order[i]] { tp += 1 } else { fp += 1 }
                i += 1
            }
            let recall = Double(tp) / Double(total)
            let precision = Double(tp) / Double(tp + fp)
            ap += (recall - previousRecall) * precision
            previousRecall = recall
        }
        return ap
    }

    /// Mean (p − y)², y ∈ {0, 1}.
    public static func brierScore(_ positives: [Bool], _ probabilities: [Double]) -> Double {
        var s = 0.0
        for (y, p) in zip(positives, probabilities) { s += (p - (y ? 1 : 0)) * (p - (y ? 1 : 0)) }
        return s / Double(max(positives.count, 1))
    }

    /// Equal-width bins over [0, 1]: (mean predicted, fraction positive, count) for non-empty bins.
    public static func calibrationCurve(_ positives: [Bool], _ probabilities: [Double], bins: Int = 10)
        -> [(predicted: Double, observed: Double, count: Int)] {
        var sumP = [Double](repeating: 0, count: bins), sumY = sumP
        var count = [Int](repeating: 0, count: bins)
        for (y, p) in zip(positives, probabilities) {
            let b = min(bins - 1, max(0, Int(p * Double(bins))))
            sumP[b] += p
            sumY[b] += y ? 1 : 0
            count[b] += 1
        }
        return (0..<bins).filter { count[$0] > 0 }.map {
            (sumP[$0] / Double(count[$0]), sumY[$0] / Double(count[$0]), count[$0])
        }
    }
}
