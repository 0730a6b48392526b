// Gradient boosting (Friedman 2001): an additive model F(x) = F₀ + ν Σₘ treeₘ(x), each small
// regression tree fitted to the negative gradient of the loss at the current F (the
// "pseudo-residuals"), its leaves then set by one Newton step. scikit-learn's defaults:
// 100 rounds, ν = 0.1, depth 3.
//   regression, squared error:  r = y − F;      leaf = mean r                   F₀ = mean y
//   two classes, log-loss:       r = y − σ(F);   leaf = Σr / Σ p(1 − p)          F₀ = log(p̄ / (1 − p̄))
//   K classes, softmax:          r_k = y_k − p_k (one tree per class per round);
//                                leaf = (K − 1)/K · Σr / Σ |r|(1 − |r|)          F₀_k = log prior_k
// The tree splits on squared error of r, which picks the same splits as sklearn's friedman_mse.
//
// Does not: subsample rows (stochastic boosting), early-stop, or use histogram-binned GBDT tricks
// beyond the shared binned tree grower.

import Foundation
import Shared

public struct GradientBoosting: Sendable {
    public var rounds: Int
    public var learningRate: Double
    public var maxDepth: Int
    public var seed: UInt64
    public var initial: [Double] = []
    /// trees[round][output]
    public var trees: [[TreeModel]] = []

    public init(rounds: Int = 100, learningRate: Double = 0.1, maxDepth: Int = 3, seed: UInt64 = 0) {
        self.rounds = rounds
        self.learningRate = learningRate
        self.maxDepth = maxDepth
        self.seed = seed
    }

    /// Raw scores F [n, outputs].
    func raw(_ x: Features) -> [Double] {
        let o = initial.count
        var out = [Double](repeating: 0, count: x.rows * o)
        for i in 0..<x.rows { for k in 0..<o { out[i * o + k] = initial[k] } }
        var column = [Double](repeating: 0, count: x.rows)
        for round in trees {
            for (k, tree) in round.enumerated() {
                for i in 0..<x.rows { column[i] = 0 }
                tree.accumulate(x, weight: learningRate, into: &column)
                for i in 0..<x.rows { out[i * o + k] += column[i] }
            }
        }
        return out
    }

    /// Fits with `outputs` raw scores; `residuals(F)` gives the pseudo-residuals [n, outputs] and
    /// `leaf(k, residuals, indices)` the Newton leaf value.
    mutating func boost(_ x: Features, outputs: Int, initial: [Double],
                        residuals: ([Double]) -> [Double],
                        leaf: @escaping (Int, [Double], [Int]) -> Double) {
        guard rounds >= 0, learningRate > 0 else { return }
        self.initial = initial
        let n = x.rows
        let binned = BinnedFeatures(x)
        let parameters = TreeParameters(criterion: .squaredError, maxDepth: maxDepth)
        var f = [Double](repeating: 0, count: n * outputs)
        for i in 0..<n { for k in 0..<outputs { f[i * outputs + k] = initial[k] } }
        trees = []
        for round in 0..<rounds {
            let r = residuals(f)
            var roundTrees: [TreeModel] = []
            for k in 0..<outputs {
                let target = (0..<n).map { r[$0 * outputs + k] }
                var grower = TreeGrower(data: binned, parameters: parameters, targets: target,
                                        seed: seed &+ UInt64(round * outputs + k),
                                        leafValue: { leaf(k, r, $0) })
                let tree = grower.grow(indices: Array(0..<n))
                var delta = [Double](repeating: 0, count: n)
                tree.accumulate(x, weight: learningRate, into: &delta)
                for i in 0..<n { f[i * outputs + k] += delta[i] }
                roundTrees.append(tree)
            }
            trees.append(roundTrees)
        }
    }
}

public struct GradientBoostingClassifier: Classifier {
    public var booster: GradientBoosting
    var classCount = 0

    public init(rounds: Int = 100, learningRate: Double = 0.1, maxDepth: Int = 3, seed: UInt64 = 0) {
        booster = GradientBoosting(rounds: rounds, learningRate: learningRate, maxDepth: maxDepth, seed: seed)
    }

    public mutating func fit(_ x: Features, _ labels: [Int], classCount k: Int) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        classCount = k
        let n = Double(x.rows)
        var prior = [Double](repeating: 0, count: k)
        for y in labels { prior[y] += 1 / n }
        if k == 2 {
            let p = min(max(prior[1], 1e-12), 1 - 1e-12)
            booster.boost(x, outputs: 1, initial: [Foundation.log(p / (1 - p))], residuals: { f in
                zip(labels, f).map { Double($0.0) - 1 / (1 + Foundation.exp(-$0.1)) }
            }, leaf: { _, r, indices in
                var numerator = 0.0, denominator = 0.0
                for i in indices {
                    let p = Double(labels[i]) - r[i]
                    numerator += r[i]
                    denominator += p * (1 - p)
                }
                return abs(denominator) < 1e-150 ? 0 : numerator / denominator
            })
        } else {
            booster.boost(x, outputs: k, initial: prior.map { Foundation.log(max($0, 1e-12)) }, residuals: { f in
                var r = f
                for i in 0..<labels.count {
                    let m = (0..<k).map { f[i * k + $0] }.max()!
                    let z = (0..<k).reduce(0.0) { $0 + Foundation.exp(f[i * k + $1] - m) }
                    for c in 0..<k { r[i * k + c] = (c == labels[i] ? 1 : 0) - Foundation.exp(f[i * k + c] - m) / z }
                }
                return r
            }, leaf: { c, r, indices in
                var numerator = 0.0, denominator = 0.0
                for i in indices {
                    let v = r[i * k + c]
                    numerator += v
                    denominator += abs(v) * (1 - abs(v))
                }
                let scaled = numerator * Double(k - 1) / Double(k)
                return abs(denominator) < 1e-150 ? 0 : scaled / denominator
            })
        }
    }

    public func scores(_ x: Features) -> Features {
        let f = booster.raw(x)
        var out = Features(rows: x.rows, columns: classCount, values: [Double](repeating: 0, count: x.rows * classCount))
        for i in 0..<x.rows {
            if classCount == 2 {
                let p = 1 / (1 + Foundation.exp(-f[i]))
                out[i, 0] = 1 - p
                out[i, 1] = p
            } else {
                let row = (0..<classCount).map { f[i * classCount + $0] }
                let m = row.max()!
                let z = row.reduce(0.0) { $0 + Foundation.exp($1 - m) }
                for c in 0..<classCount { out[i, c] = Foundation.exp(row[c] - m) / z }
            }
        }
        return out
    }
}

public struct GradientBoostingRegressor: Regressor {
    public var booster: GradientBoosting

    public init(rounds: Int = 100, learningRate: Double = 0.1, maxDepth: Int = 3, seed: UInt64 = 0) {
        booster = GradientBoosting(rounds: rounds, learningRate: learningRate, maxDepth: maxDepth, seed: seed)
    }

    public mutating func fit(_ x: Features, _ y: [Double]) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        let mean = y.reduce(0, +) / Double(y.count)
        booster.boost(x, outputs: 1, initial: [mean], residuals: { f in zip(y, f).map { $0 - $1 } },
                      leaf: { _, r, indices in indices.reduce(0.0) { $0 + r[$1] } / Double(indices.count) })
    }

    public func predict(_ x: Features) -> [Double] { booster.raw(x) }
}
