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
// crossEntropy's rows, layerNorm's rows (forward and ∂x) and its ∂γ/∂β columns are split over the
// cores (Shared's Parallel: each part owns whole rows or columns, so results equal the serial loops
// bit for bit); layerNorm keeps x̂ only when the tape records.
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
        // One pass per row (rows split over the cores): the row's max m and Σ exp(z − m) give both
        // softmax(z) (kept for the backward pass) and −log softmax[y] = log Σ exp(z − m) + m − z_y.
        let rows = labels.count
        var probabilities = [Float](uninitializedCount: value.count)
        var rowLosses = [Double](repeating: 0, count: rows)
        if rows > 0 {
            value.storage.withUnsafeBufferPointer { z in
                probabilities.withUnsafeMutableBufferPointer { p in
                    rowLosses.withUnsafeMutableBufferPointer { losses in
                        let (logits, output, perRow) = (z.baseAddress!, p.baseAddress!, losses.baseAddress!)
                        Parallel.forRanges(rows, costPerItem: 8 * classes) { range in
                            for r in range {
                                perRow[r] = Variable.softmaxRow(logits + r * classes, into: output + r * classes,
                                                                classes: classes, label: labels[r])
                            }
                        }
                    }
                }
            }
        }
        var loss = 0.0
        for rowLoss in rowLosses { loss += rowLoss }
        let mean = Float(loss / Double(Swift.max(1, rows)))
        return Variable(op: "crossEntropy", inputs: [self], value: .scalar(mean)) { g in
            // exercise cross-entropy-backward: Return ∂L/∂z for the mean softmax cross-entropy L of the logits z [rows, classes], given the scalar g = ∂(loss)/∂L.
            // hint: The forward pass already kept softmax(z), row by row, in `probabilities`; the gradient needs nothing else but the labels.
            // hint: Per row, ∂L/∂z = (softmax(z) − onehot(label)) / rows; then multiply by the upstream scalar g.
            // hint: Return a one-element array holding a [rows, classes] tensor (this op has one input); reusing `probabilities` in place saves an allocation.
            // tests: GradientTests/testSoftmaxCrossEntropyIsStableOnHugeLogits, MatmulAndLossGradientTests/testCrossEntropyByHand, MatmulAndLossGradientTests/testCrossEntropyCasePassesGradCheck
            let scale = g.storage[0] / Float(Swift.max(1, rows))
            probabilities.withUnsafeMutableBufferPointer { p in
                guard let base = p.baseAddress else { return }
                Parallel.forRanges(rows, costPerItem: classes) { range in
                    for r in range {
                        let row = base + r * classes
                        row[labels[r]] -= 1
                        for j in 0..<classes { row[j] *= scale }
                    }
                }
            }
            return [try Tensor(shape: [rows, classes], storage: probabilities)]
            // end exercise cross-entropy-backward
        }
    }

    /// softmax of one row of logits z into `p`, returning −log softmax(z)[label] (as Double, for
    /// the loss sum). The same operations as Tensor.softmax, so p equals it bit for bit.
    static func softmaxRow(_ z: UnsafePointer<Float>, into p: UnsafeMutablePointer<Float>, classes: Int, label: Int) -> Double {
        let (m, total) = Kernels.softmaxRow(z, into: p, count: classes)
        return Double(Foundation.log(total) + m - z[label])
    }

    /// Layer normalisation over the last axis with scale γ and shift β (both [D]).
    public func layerNorm(gamma: Variable, beta: Variable, epsilon: Float = 1e-5) throws -> Variable {
        let d = shape.last ?? 1
        guard gamma.shape == [d], beta.shape == [d] else {
            throw TensorError.shapeMismatch(op: "layerNorm γ/β", [d], gamma.shape)
        }
        let rows = value.count / Swift.max(1, d)
        let n = rows * d
        // One pass per row computes y = γ ⊙ x̂ + β and, when the tape records, keeps x̂ for backward.
        let records = Autograd.isGradEnabled && (requiresGrad || gamma.requiresGrad || beta.requiresGrad)
        var normalized = [Float](uninitializedCount: records ? n : 0)   // x̂
        var y = [Float](uninitializedCount: n)
        var inverseStd = [Float](repeating: 0, count: rows)
        let (vx, vg, vb) = (value, gamma.value, beta.value)
        if n > 0 {
            vx.storage.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in
                    normalized.withUnsafeMutableBufferPointer { hb in
                        vg.storage.withUnsafeBufferPointer { gm in
                            vb.storage.withUnsafeBufferPointer { bt in
                                inverseStd.withUnsafeMutableBufferPointer { invStd in
                                    let rowsView = LayerNormRows(x: xb.baseAddress!, y: yb.baseAddress!, normalized: records ? hb.baseAddress : nil,
                                                                 gamma: gm.baseAddress!, beta: bt.baseAddress!,
                                                                 inverseStd: invStd.baseAddress!, width: d, epsilon: epsilon)
                                    Parallel.forRanges(rows, costPerItem: 6 * d) { range in  // rows are independent
                                        for r in range { rowsView.forward(row: r) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let shape = self.shape
        return Variable(op: "layerNorm", inputs: [self, gamma, beta], value: try Tensor(shape: shape, storage: y)) { g in
            var gx = [Float](uninitializedCount: n)
            var gGamma = [Float](repeating: 0, count: d)
            var gBeta = [Float](repeating: 0, count: d)
            guard n > 0 else { return [try Tensor(shape: shape, storage: gx), Tensor(gGamma), Tensor(gBeta)] }
            g.storage.withUnsafeBufferPointer { gb in
                normalized.withUnsafeBufferPointer { hb in
                    vg.storage.withUnsafeBufferPointer { gm in
                        gx.withUnsafeMutableBufferPointer { dx in
                            gGamma.withUnsafeMutableBufferPointer { dGamma in
                                gBeta.withUnsafeMutableBufferPointer { dBeta in
                                    let (g, xh, gamma) = (gb.baseAddress!, hb.baseAddress!, gm.baseAddress!)
                                    let (dxp, dgp, dbp) = (dx.baseAddress!, dGamma.baseAddress!, dBeta.baseAddress!)
                                    // ∂x row by row; ∂γ and ∂β column by column (each column sums its rows in order).
                                    Parallel.forRanges(rows, costPerItem: 6 * d) { range in
                                        for r in range {
                                            LayerNormRows.backward(row: r, g: g, normalized: xh, gamma: gamma,
                                                                   inverseStd: inverseStd[r], width: d, dx: dxp)
                                        }
                                    }
                                    Parallel.forRanges(d, costPerItem: 3 * rows) { columns in
                                        for r in 0..<rows {
                                            let gr = g + r * d, hr = xh + r * d
                                            for j in columns {
                                                dgp[j] += gr[j] * hr[j]
                                                dbp[j] += gr[j]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [try Tensor(shape: shape, storage: gx), Tensor(gGamma), Tensor(gBeta)]
        }
    }

    /// Inverted dropout: zeroes each element with probability p while training and rescales the
    /// survivors by 1/(1 − p), so evaluation (training false) is the identity.
    public func dropout(_ p: Float, training: Bool, rng: inout SplitMix64) throws -> Variable {
        guard p >= 0 && p < 1 else { throw AutogradError.invalidArgument("dropout: p must be in [0, 1), got \(p)") }
        guard training && p > 0 else { return self }
        let keep = 1 / (1 - p)
        // The mask and y = x ⊙ m in one pass over both cores; element i uses the generator's i-th
        // draw (a reserved block: the same stream as drawing one by one, in order).
        let n = value.count
        var mask = [Float](uninitializedCount: n)
        var out = [Float](uninitializedCount: n)
        let draws = rng.reserve(n)
        let threshold = Double(p)
        value.storage.withUnsafeBufferPointer { xb in
            mask.withUnsafeMutableBufferPointer { mb in
                out.withUnsafeMutableBufferPointer { yb in
                    guard let x = xb.baseAddress, let m = mb.baseAddress, let y = yb.baseAddress else { return }
                    Parallel.forRanges(n, costPerItem: 16) { range in
                        for i in range {
                            let k: Float = draws.unitDouble(i) >= threshold ? keep : 0
                            m[i] = k
                            y[i] = x[i] * k
                        }
                    }
                }
            }
        }
        let m = try Tensor(shape: shape, storage: mask)
        return Variable(op: "dropout", inputs: [self], value: try Tensor(shape: shape, storage: out)) { g in [try g * m] }
    }
}

/// The per-row loops of layerNorm on raw buffers ([rows, width], row-major).
struct LayerNormRows {
    let x: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
    /// Where x̂ is kept for the backward pass; nil when the tape does not record.
    let normalized: UnsafeMutablePointer<Float>?
    let gamma: UnsafePointer<Float>
    let beta: UnsafePointer<Float>
    let inverseStd: UnsafeMutablePointer<Float>
    let width: Int
    let epsilon: Float

    /// μ, σ⁻¹ and y = γ ⊙ (x − μ)σ⁻¹ + β for row r.
    func forward(row r: Int) {
        let d = width
        let (xr, yr) = (x + r * d, y + r * d)
        var mean: Float = 0
        for j in 0..<d { mean += xr[j] }
        mean /= Float(d)
        var variance: Float = 0
        for j in 0..<d { variance += (xr[j] - mean) * (xr[j] - mean) }
        let inv = 1 / (variance / Float(d) + epsilon).squareRoot()
        inverseStd[r] = inv
        if let normalized {
            let hr = normalized + r * d
            for j in 0..<d {
                let h = (xr[j] - mean) * inv
                hr[j] = h
                yr[j] = h * gamma[j] + beta[j]
            }
        } else {
            for j in 0..<d { yr[j] = (xr[j] - mean) * inv * gamma[j] + beta[j] }
        }
    }

    /// ∂x for row r: σ⁻¹(ĝ − mean ĝ − x̂ · mean(ĝ ⊙ x̂)), ĝ = g ⊙ γ.
    static func backward(row r: Int, g: UnsafePointer<Float>, normalized: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                         inverseStd: Float, width d: Int, dx: UnsafeMutablePointer<Float>) {
        let (gr, hr, dr) = (g + r * d, normalized + r * d, dx + r * d)
        var meanG: Float = 0, meanGX: Float = 0
        for j in 0..<d {
            let gh = gr[j] * gamma[j]
            meanG += gh
            meanGX += gh * hr[j]
        }
        meanG /= Float(d)
        meanGX /= Float(d)
        for j in 0..<d { dr[j] = inverseStd * (gr[j] * gamma[j] - meanG - hr[j] * meanGX) }
    }
}
