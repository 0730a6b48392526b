// Logistic regression with an L2 penalty, fitted by L-BFGS, minimising scikit-learn's objective
//     C · Σᵢ cᵢ · loss(xᵢ, yᵢ) + ½ ‖W‖²          (intercepts not penalised; default C = 1)
// with per-class weights c (all 1, or "balanced": c_k = n / (K · n_k) for imbalanced data).
//   two classes: one weight vector, p = σ(xw + b), loss = −log p_y      (sklearn's binary model)
//   K > 2:       W [d, K], b [K], p = softmax(xW + b), loss = −log p_y  (multinomial)
// Gradient: ∇_W = C · Xᵀ (c ⊙ (P − Y)) + W,  ∇_b = C · Σᵢ cᵢ (pᵢ − yᵢ); X·W and Xᵀ·(P − Y) are
// dgemm calls, so one evaluation on Fashion-MNIST (60000 × 784 × 10) is ~1 GFLOP. Both products
// only stream X, so for large X (n·d ≥ singlePrecisionFrom) they run as sgemm on a Float copy —
// half the memory traffic — while the loss, its sums and the parameters stay in Double.
//
// Does not: do L1/elastic-net penalties or one-vs-rest.

import Foundation
import Shared

public struct LogisticRegression: Classifier, Codable, Equatable {
    public var c: Double
    public var balanced: Bool
    public var maxIterations: Int
    /// Draw a progress bar over the L-BFGS iterations (on stderr).
    public var showProgress = false
    /// From this many entries of X on, the two matrix products run in single precision.
    public var singlePrecisionFrom = 1_000_000
    /// [d, outputs] row-major, outputs = 1 for two classes, K otherwise.
    public var weights: [Double] = []
    public var bias: [Double] = []
    public var classCount = 0
    public var featureCount = 0
    public private(set) var iterations = 0

    public init(c: Double = 1, balanced: Bool = false, maxIterations: Int = 500) {
        self.c = c
        self.balanced = balanced
        self.maxIterations = maxIterations
    }

    var outputs: Int { classCount == 2 ? 1 : classCount }

    public mutating func fit(_ x: Features, _ labels: [Int], classCount k: Int) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        guard c > 0 else { throw ModelError.invalidParameter("C must be > 0") }
        try x.requireFinite("logistic regression")
        classCount = max(k, 2)
        featureCount = x.columns
        let n = x.rows, d = x.columns, o = outputs
        var counts = [Double](repeating: 0, count: classCount)
        for y in labels { counts[y] += 1 }
        let classWeight = (0..<classCount).map { balanced && counts[$0] > 0 ? Double(n) / (Double(classCount) * counts[$0]) : 1.0 }
        let sampleWeight = labels.map { classWeight[$0] * c }
        var z = [Double](repeating: 0, count: n * o)
        var gradW = [Double](repeating: 0, count: d * o)
        let single = n * d >= singlePrecisionFrom
        let xSingle: [Float] = single ? x.values.map(Float.init) : []
        var zSingle = [Float](repeating: 0, count: single ? n * o : 0)
        var gradSingle = [Float](repeating: 0, count: single ? d * o : 0)
        let bar = showProgress ? ProgressBar("logistic L-BFGS", total: maxIterations) : nil
        var evaluations = 0
        let result = LBFGS.minimize(start: [Double](repeating: 0, count: d * o + o), maxIterations: maxIterations,
                                    onIteration: { i, f in bar?.update(i, note: String(format: "loss %.1f, %d loss evaluations", f, evaluations)) }) { theta, grad in
            evaluations += 1
            // z = X W + b   [n, o]
            if single {
                let w = theta[0..<(d * o)].map(Float.init)
                xSingle.withUnsafeBufferPointer { xp in
                    w.withUnsafeBufferPointer { wp in
                        zSingle.withUnsafeMutableBufferPointer { zp in
                            BLAS.sgemm(transposeA: false, transposeB: false, m: n, n: o, k: d,
                                       a: xp.baseAddress!, b: wp.baseAddress!, c: zp.baseAddress!)
                        }
                    }
                }
                for i in 0..<(n * o) { z[i] = Double(zSingle[i]) }
            } else {
                x.values.withUnsafeBufferPointer { xp in
                    theta.withUnsafeBufferPointer { tp in
                        z.withUnsafeMutableBufferPointer { zp in
                            BLAS.dgemm(transposeA: false, transposeB: false, m: n, n: o, k: d,
                                       a: xp.baseAddress!, b: tp.baseAddress!, c: zp.baseAddress!)
                        }
                    }
                }
            }
            for i in 0..<n { for k in 0..<o { z[i * o + k] += theta[d * o + k] } }
            let loss = LogisticRegression.weightedLoss(logits: &z, outputs: o, labels: labels, weights: sampleWeight)
            var gradB = [Double](repeating: 0, count: o)
            for i in 0..<n { for k in 0..<o { gradB[k] += z[i * o + k] } }
            // ∇W = Xᵀ R + W  where R (now in z) = c ⊙ (P − Y)
            if single {
                for i in 0..<(n * o) { zSingle[i] = Float(z[i]) }
                xSingle.withUnsafeBufferPointer { xp in
                    zSingle.withUnsafeBufferPointer { rp in
                        gradSingle.withUnsafeMutableBufferPointer { gp in
                            BLAS.sgemm(transposeA: true, transposeB: false, m: d, n: o, k: n,
                                       a: xp.baseAddress!, b: rp.baseAddress!, c: gp.baseAddress!)
                        }
                    }
                }
                for j in 0..<(d * o) { gradW[j] = Double(gradSingle[j]) }
            } else {
                x.values.withUnsafeBufferPointer { xp in
                    z.withUnsafeBufferPointer { rp in
                        gradW.withUnsafeMutableBufferPointer { gp in
                            BLAS.dgemm(transposeA: true, transposeB: false, m: d, n: o, k: n,
                                       a: xp.baseAddress!, b: rp.baseAddress!, c: gp.baseAddress!)
                        }
                    }
                }
            }
            var penalty = 0.0
            for j in 0..<(d * o) {
                penalty += theta[j] * theta[j]
                grad[j] = gradW[j] + theta[j]
            }
            for k in 0..<o { grad[d * o + k] = gradB[k] }
            return loss + 0.5 * penalty
        }
        bar?.finish()
        if result.stoppedOnNonFinite {
            throw ModelError.notFinite("logistic regression: the loss is \(result.value) at the start (features too large?)")
        }
        weights = Array(result.x[0..<(d * o)])
        bias = Array(result.x[(d * o)...])
        iterations = result.iterations
    }

    /// The weighted cross-entropy Σᵢ wᵢ · (−log p_{yᵢ}) of the logits z [n, o], returned, and z
    /// overwritten by its gradient ∂loss/∂z = wᵢ (pᵢ − yᵢ) (the residuals R). o = 1: the binary
    /// model, p = σ(z) is the probability of class 1; o = K > 1: p = softmax(z) over the K classes.
    static func weightedLoss(logits z: inout [Double], outputs o: Int, labels: [Int], weights: [Double]) -> Double {
        // exercise logistic-loss: Compute the weighted cross-entropy of the logits and replace each logit by the loss's derivative with respect to it.
        // hint: The derivative has the same simple form in both models: weight × (predicted probability − one-hot target).
        // hint: Never take log σ(t) or log softmax directly: −log σ(t) = log(1 + e^{−t}) needs log1p and a branch on the sign of t, and the softmax needs the row's maximum subtracted before exp (log-sum-exp).
        // hint: In the binary model a label-0 sample's loss is −log(1 − σ(t)) = −log σ(t) + t.
        // tests: LogisticLossTests
        var loss = 0.0
        for i in 0..<labels.count {
            let row = i * o
            let w = weights[i]
            if o == 1 {
                let t = z[row]
                let y = labels[i] == 1 ? 1.0 : 0.0
                // −log σ(t) = log(1 + e^{−t}); stable for either sign.
                let logOnePlus = t > 0 ? Foundation.log1p(Foundation.exp(-t)) : -t + Foundation.log1p(Foundation.exp(t))
                loss += w * (logOnePlus + (1 - y) * t)
                let p = 1 / (1 + Foundation.exp(-t))
                z[row] = w * (p - y)
            } else {
                var m = -Double.infinity
                for k in 0..<o { m = max(m, z[row + k]) }
                var s = 0.0
                for k in 0..<o { s += Foundation.exp(z[row + k] - m) }
                let logSum = m + Foundation.log(s)
                loss += w * (logSum - z[row + labels[i]])
                for k in 0..<o { z[row + k] = w * (Foundation.exp(z[row + k] - logSum) - (k == labels[i] ? 1 : 0)) }
            }
        }
        return loss
        // end exercise logistic-loss
    }

    /// Class probabilities [n, K].
    public func scores(_ x: Features) -> Features {
        let n = x.rows, d = featureCount, o = outputs
        var z = [Double](repeating: 0, count: n * o)
        x.values.withUnsafeBufferPointer { xp in
            weights.withUnsafeBufferPointer { wp in
                z.withUnsafeMutableBufferPointer { zp in
                    BLAS.dgemm(transposeA: false, transposeB: false, m: n, n: o, k: d,
                               a: xp.baseAddress!, b: wp.baseAddress!, c: zp.baseAddress!)
                }
            }
        }
        var out = Features(rows: n, columns: classCount, values: [Double](repeating: 0, count: n * classCount))
        for i in 0..<n {
            if o == 1 {
                let p = 1 / (1 + Foundation.exp(-(z[i] + bias[0])))
                out[i, 0] = 1 - p
                out[i, 1] = p
            } else {
                var m = -Double.infinity
                for k in 0..<o { m = max(m, z[i * o + k] + bias[k]) }
                var s = 0.0
                for k in 0..<o { s += Foundation.exp(z[i * o + k] + bias[k] - m) }
                for k in 0..<o { out[i, k] = Foundation.exp(z[i * o + k] + bias[k] - m) / s }
            }
        }
        return out
    }
}
