// The row-wise ops of classifiers and transformers, over the last axis, each fused into one
// forward and one backward pass (numerically stable and cheaper than composing exp/sum/div).
//
//   softmax      y = exp(x − max) / Σ exp(x − max)      ∂x = y ⊙ (g − Σⱼ gⱼyⱼ)
//   logSoftmax   y = x − max − log Σ exp(x − max)       ∂x = g − softmax(x) · Σⱼ gⱼ
//   crossEntropy L = −(1/N) Σₙ log softmax(zₙ)[yₙ]      ∂z = (softmax(z) − onehot(y)) / N
//                (labels as Ints; never forms exp of a large logit, so 1e4 logits are fine)
//   layerNorm    x̂ = (x − μ)/σ, σ = √(var + ε), y = γ ⊙ x̂ + β
//                ∂x = (1/σ)(ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)), ĝ = g ⊙ γ;  ∂γ = Σ g ⊙ x̂;  ∂β = Σ g
//   dropout      training: y = x ⊙ m / (1 − p), m ~ Bernoulli(1 − p); evaluation: y = x
//
// Not here: masked softmax (week 7 adds the mask to the logits before calling softmax),
// label smoothing (week 14).

import Foundation
import Shared

extension Variable {
    public func softmax() -> Variable {
        let y = value.softmax()
        let n = shape.last ?? 1
        return Variable(op: "softmax", inputs: [self], value: y) { g in
            var out = g
            out.storage.withUnsafeMutableBufferPointer { d in
                y.storage.withUnsafeBufferPointer { p in
                    for r in 0..<(d.count / Swift.max(1, n)) {
                        var dot: Float = 0
                        for j in 0..<n { dot += d[r * n + j] * p[r * n + j] }
                        for j in 0..<n { d[r * n + j] = p[r * n + j] * (d[r * n + j] - dot) }
                    }
                }
            }
            return [out]
        }
    }

    public func logSoftmax() -> Variable {
        let y = value.logSoftmax()
        let n = shape.last ?? 1
        return Variable(op: "logSoftmax", inputs: [self], value: y) { g in
            var out = g
            out.storage.withUnsafeMutableBufferPointer { d in
                y.storage.withUnsafeBufferPointer { logp in
                    for r in 0..<(d.count / Swift.max(1, n)) {
                        var total: Float = 0
                        for j in 0..<n { total += d[r * n + j] }
                        for j in 0..<n { d[r * n + j] -= Foundation.exp(logp[r * n + j]) * total }
                    }
                }
            }
            return [out]
        }
    }

    /// Mean cross-entropy of logits [N, C] against integer labels in 0..<C → a scalar.
    public func crossEntropy(labels: [Int]) throws -> Variable {
        guard value.rank == 2, labels.count == shape[0] else {
            throw AutogradError.invalidArgument("crossEntropy: logits \(shape) need rank 2 with \(labels.count) rows")
        }
        let classes = shape[1]
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
            throw AutogradError.labelOutOfRange(label: bad, classes: classes)
        }
        var probabilities = value.softmax()  // kept for the backward pass
        let rows = labels.count
        var loss = 0.0
        value.storage.withUnsafeBufferPointer { z in
            for r in 0..<rows {
                let row = z.baseAddress! + r * classes
                var m = row[0]
                for j in 1..<classes where row[j] > m { m = row[j] }
                var total: Float = 0
                for j in 0..<classes { total += Foundation.exp(row[j] - m) }
                // −log softmax[y] = log Σ exp(z − m) + m − z_y
                loss += Double(Foundation.log(total) + m - row[labels[r]])
            }
        }
        let mean = Float(loss / Double(Swift.max(1, rows)))
        return Variable(op: "crossEntropy", inputs: [self], value: .scalar(mean)) { g in
            let scale = g.storage[0] / Float(Swift.max(1, rows))
            probabilities.storage.withUnsafeMutableBufferPointer { p in
                for r in 0..<rows { p[r * classes + labels[r]] -= 1 }
                for i in 0..<p.count { p[i] *= scale }
            }
            return [probabilities]
        }
    }

    /// Layer normalisation over the last axis with scale γ and shift β (both [D]).
    public func layerNorm(gamma: Variable, beta: Variable, epsilon: Float = 1e-5) throws -> Variable {
        let d = shape.last ?? 1
        guard gamma.shape == [d], beta.shape == [d] else {
            throw TensorError.shapeMismatch(op: "layerNorm γ/β", [d], gamma.shape)
        }
        let rows = value.count / Swift.max(1, d)
        // One pass per row computes x̂ (kept for backward) and y = γ ⊙ x̂ + β together.
        var normalized = value            // x̂
        var y = value
        var inverseStd = [Float](repeating: 0, count: rows)
        let (vg, vb) = (gamma.value, beta.value)
        normalized.storage.withUnsafeMutableBufferPointer { x in
            y.storage.withUnsafeMutableBufferPointer { out in
                vg.storage.withUnsafeBufferPointer { gm in
                    vb.storage.withUnsafeBufferPointer { bt in
                        inverseStd.withUnsafeMutableBufferPointer { invStd in
                            Parallel.forRanges(rows, costPerItem: 6 * d) { range in  // rows are independent
                                for r in range {
                                    var mean: Float = 0
                                    for j in 0..<d { mean += x[r * d + j] }
                                    mean /= Float(d)
                                    var variance: Float = 0
                                    for j in 0..<d { variance += (x[r * d + j] - mean) * (x[r * d + j] - mean) }
                                    let inv = 1 / (variance / Float(d) + epsilon).squareRoot()
                                    invStd[r] = inv
                                    for j in 0..<d {
                                        let h = (x[r * d + j] - mean) * inv
                                        x[r * d + j] = h
                                        out[r * d + j] = h * gm[j] + bt[j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Variable(op: "layerNorm", inputs: [self, gamma, beta], value: y) { g in
            var gx = g
            var gGamma = [Float](repeating: 0, count: d)
            var gBeta = [Float](repeating: 0, count: d)
            gx.storage.withUnsafeMutableBufferPointer { dx in
                normalized.storage.withUnsafeBufferPointer { xh in
                    vg.storage.withUnsafeBufferPointer { gm in
                        for r in 0..<rows {
                            var meanG: Float = 0, meanGX: Float = 0
                            for j in 0..<d {
                                let gi = dx[r * d + j]
                                gGamma[j] += gi * xh[r * d + j]
                                gBeta[j] += gi
                                let gh = gi * gm[j]
                                meanG += gh
                                meanGX += gh * xh[r * d + j]
                            }
                            meanG /= Float(d)
                            meanGX /= Float(d)
                            for j in 0..<d {
                                let gh = dx[r * d + j] * gm[j]
                                dx[r * d + j] = inverseStd[r] * (gh - meanG - xh[r * d + j] * meanGX)
                            }
                        }
                    }
                }
            }
            return [gx, Tensor(gGamma), Tensor(gBeta)]
        }
    }

    /// Inverted dropout: zeroes each element with probability p while training and rescales the
    /// survivors by 1/(1 − p), so evaluation (training false) is the identity.
    public func dropout(_ p: Float, training: Bool, rng: inout SplitMix64) throws -> Variable {
        guard p >= 0 && p < 1 else { throw AutogradError.invalidArgument("dropout: p must be in [0, 1), got \(p)") }
        guard training && p > 0 else { return self }
        let keep = 1 / (1 - p)
        var mask = [Float](repeating: 0, count: value.count)
        for i in 0..<mask.count where rng.nextUnitDouble() >= Double(p) { mask[i] = keep }
        let m = try Tensor(shape: shape, storage: mask)
        return Variable(op: "dropout", inputs: [self], value: try value * m) { g in [try g * m] }
    }
}
