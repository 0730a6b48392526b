// Gaussian naive Bayes: features independent given the class, each normal.
//     log p(k | x) = log π_k − ½ Σⱼ [ log(2π σ²_kj) + (xⱼ − μ_kj)² / σ²_kj ] − log Z
// μ, σ² are the per-class mean and (population) variance; like scikit-learn, every variance gets
// ε = 1e-9 × the largest feature variance added, so a constant feature cannot divide by zero.
// Scores are the normalised posteriors (softmax of the joint log-likelihoods).
//
// Does not: do the multinomial/Bernoulli variants or incremental (partial_fit) updates.

import Foundation

public struct GaussianNaiveBayes: Classifier, Codable, Equatable {
    public var varianceSmoothing: Double
    public var means: [[Double]] = []      // [K][d]
    public var variances: [[Double]] = []  // [K][d]
    public var logPriors: [Double] = []

    public init(varianceSmoothing: Double = 1e-9) { self.varianceSmoothing = varianceSmoothing }

    public mutating func fit(_ x: Features, _ labels: [Int], classCount k: Int) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        let d = x.columns
        var counts = [Double](repeating: 0, count: k)
        means = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        variances = means
        for i in 0..<x.rows {
            counts[labels[i]] += 1
            for j in 0..<d { means[labels[i]][j] += x[i, j] }
        }
        for c in 0..<k where counts[c] > 0 { for j in 0..<d { means[c][j] /= counts[c] } }
        for i in 0..<x.rows {
            for j in 0..<d {
                let e = x[i, j] - means[labels[i]][j]
                variances[labels[i]][j] += e * e
            }
        }
        // ε = smoothing × the largest variance of any feature over all training rows
        var largest = 0.0
        for j in 0..<d {
            let column = x.column(j)
            let mean = column.reduce(0, +) / Double(x.rows)
            largest = max(largest, column.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.rows))
        }
        let epsilon = varianceSmoothing * largest
        for c in 0..<k { for j in 0..<d { variances[c][j] = variances[c][j] / max(counts[c], 1) + epsilon } }
        logPriors = counts.map { $0 > 0 ? Foundation.log($0 / Double(x.rows)) : -Double.infinity }
    }

    public func scores(_ x: Features) -> Features {
        let k = logPriors.count
        var out = Features(rows: x.rows, columns: k, values: [Double](repeating: 0, count: x.rows * k))
        for i in 0..<x.rows {
            var joint = [Double](repeating: 0, count: k)
            for c in 0..<k {
                var s = logPriors[c]
                for j in 0..<x.columns {
                    let e = x[i, j] - means[c][j]
                    s -= 0.5 * (Foundation.log(2 * Double.pi * variances[c][j]) + e * e / variances[c][j])
                }
                joint[c] = s
            }
            let m = joint.max()!
            let total = joint.reduce(0.0) { $0 + Foundation.exp($1 - m) }
            for c in 0..<k { out[i, c] = Foundation.exp(joint[c] - m) / total }
        }
        return out
    }
}
