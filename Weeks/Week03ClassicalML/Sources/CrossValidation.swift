// k-fold cross-validation: split the n training rows into k contiguous folds (after an optional
// seeded shuffle), fit on k − 1 folds, score on the held-out one, average. Used to choose the
// ridge/lasso α from a grid: the α with the lowest mean validation MSE wins.
//
// Does not: stratify folds (for regression there are no classes) or nest CV inside CV.

import Foundation
import Shared

public enum CrossValidation {
    /// The k (train, validation) index pairs. Fold sizes differ by at most one (first folds larger).
    public static func kFold(count n: Int, folds k: Int, seed: UInt64?) -> [(train: [Int], validation: [Int])] {
        var order = Array(0..<n)
        if let seed {
            var rng = SplitMix64(seed: seed)
            order = rng.permutation(n)
        }
        var result: [(train: [Int], validation: [Int])] = []
        var start = 0
        for f in 0..<k {
            let size = n / k + (f < n % k ? 1 : 0)
            let validation = Array(order[start..<(start + size)])
            let train = Array(order[..<start] + order[(start + size)...])
            result.append((train, validation))
            start += size
        }
        return result
    }

    /// Mean validation MSE of `make(alpha)` for each α; returns (best α, [(α, mean MSE)]).
    public static func chooseAlpha<R: Regressor>(_ alphas: [Double], x: Features, y: [Double], folds: Int, seed: UInt64?,
                                                 make: (Double) -> R) throws -> (best: Double, scores: [(alpha: Double, mse: Double)]) {
        let splits = kFold(count: x.rows, folds: folds, seed: seed)
        var scores: [(alpha: Double, mse: Double)] = []
        for alpha in alphas {
            var total = 0.0
            for (train, validation) in splits {
                var model = make(alpha)
                try model.fit(x.rows(train), train.map { y[$0] })
                total += Metrics.meanSquaredError(validation.map { y[$0] }, model.predict(x.rows(validation)))
            }
            scores.append((alpha, total / Double(splits.count)))
        }
        let best = scores.min { $0.mse < $1.mse }!.alpha
        return (best, scores)
    }
}
