// Which features matter, two ways.
//
// Permutation importance (Breiman 2001): shuffle one feature column of the test set, breaking its
// link to the target, and measure how much the score drops; mean ± std over `repeats` shuffles.
// Model-agnostic and computed on held-out data, so it measures what the model uses to generalise.
//
// Shapley values (interventional, exact): the attribution of feature j for a row x is
//     φⱼ = Σ_{S ⊆ F∖{j}} |S|! (d − |S| − 1)! / d! · [v(S ∪ {j}) − v(S)]
//     v(S) = mean over background rows b of f(x_S, b_{F∖S})   (features in S from x, the rest from b)
// Exact over all 2^d coalitions (feasible for d ≲ 12, e.g. diabetes' 10 features), so the
// efficiency property Σⱼ φⱼ = f(x) − mean_b f(b) holds to rounding — the tests check it.
//
// Does not: do Kernel SHAP sampling or TreeSHAP; large d is refused rather than approximated.

import Foundation
import Shared

public enum Attribution {
    /// Score drop per feature (mean, std). `score(x)` is e.g. accuracy or R² on the test rows.
    public static func permutationImportance(_ x: Features, repeats: Int, seed: UInt64,
                                             score: (Features) -> Double) -> (baseline: Double, mean: [Double], std: [Double]) {
        var rng = SplitMix64(seed: seed)
        let baseline = score(x)
        var means: [Double] = [], stds: [Double] = []
        for j in 0..<x.columns {
            var drops: [Double] = []
            for _ in 0..<max(repeats, 1) {
                let order = rng.permutation(x.rows)
                var shuffled = x
                for i in 0..<x.rows { shuffled[i, j] = x[order[i], j] }
                drops.append(baseline - score(shuffled))
            }
            let mean = drops.reduce(0, +) / Double(drops.count)
            means.append(mean)
            stds.append((drops.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(drops.count)).squareRoot())
        }
        return (baseline, means, stds)
    }

    public static let maxShapleyFeatures = 14

    /// Exact interventional Shapley values of `predict` at `row` against `background` rows.
    public static func shapley(row: [Double], background: Features,
                               predict: (Features) -> [Double]) throws -> (values: [Double], base: Double) {
        let d = row.count
        guard d <= maxShapleyFeatures else {
            throw ModelError.invalidParameter("exact Shapley values enumerate 2^d coalitions; d = \(d) > \(maxShapleyFeatures)")
        }
        let m = background.rows
        let coalitions = 1 << d
        // v(S) for every coalition S (bit j set: feature j from `row`), all in one batch.
        var batch = [Double]()
        batch.reserveCapacity(coalitions * m * d)
        for s in 0..<coalitions {
            for b in 0..<m {
                for j in 0..<d { batch.append(s & (1 << j) != 0 ? row[j] : background[b, j]) }
            }
        }
        let predictions = predict(Features(rows: coalitions * m, columns: d, values: batch))
        let value = (0..<coalitions).map { s in predictions[(s * m)..<((s + 1) * m)].reduce(0, +) / Double(m) }
        // weight(|S|) = |S|! (d − |S| − 1)! / d!
        var factorial = [1.0]
        for i in 1...max(d, 1) { factorial.append(factorial[i - 1] * Double(i)) }
        var phi = [Double](repeating: 0, count: d)
        for s in 0..<coalitions {
            let size = s.nonzeroBitCount
            for j in 0..<d where s & (1 << j) == 0 {
                let weight = factorial[size] * factorial[d - size - 1] / factorial[d]
                phi[j] += weight * (value[s | (1 << j)] - value[s])
            }
        }
        return (phi, value[0])
    }
}
