// Batch normalisation over the channels of [B, C, H, W] (torch's BatchNorm2d), as a custom op.
//
// Training: for each channel c, over the M = B·H·W values of the batch,
//   μ = mean(x),  σ² = mean((x − μ)²)  (biased),  x̂ = (x − μ)/√(σ² + ε),  y = γ·x̂ + β
//   running_mean ← (1 − m)·running_mean + m·μ
//   running_var  ← (1 − m)·running_var  + m·σ²·M/(M − 1)   (unbiased, as torch; m = 0.1)
// Backward (per channel, with ĝ = ∂L/∂y · γ):
//   ∂x = (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂)) / √(σ² + ε),  ∂γ = Σ ∂L/∂y · x̂,  ∂β = Σ ∂L/∂y
// Evaluation uses the running statistics instead of the batch's, so a prediction does not depend
// on the other images in the batch: y = γ·(x − running_mean)/√(running_var + ε) + β.
//
// The running statistics are buffers, not trainable: members `.buffer("running_mean")` and
// `.buffer("running_var")`, so checkpoints save them under torch's state_dict names and no
// optimizer sees them. Batch or running statistics: Week 4's TrainingMode (inside
// `TrainingMode.training { }` the batch's, outside the running ones). torch's
// num_batches_tracked is not kept (momentum is fixed, so nothing reads it).
//
// What this file does not do: no affine = false, no cumulative averaging (momentum = nil).

import Shared
import Week04MNIST

public final class BatchNorm2d: Layer {
    public let gamma: Variable
    public let beta: Variable
    public let runningMean: Variable
    public let runningVar: Variable
    public let momentum: Float
    public let epsilon: Float

    public init(_ channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        gamma = Variable(Tensor.full([channels], value: 1), requiresGrad: true)
        beta = Variable(Tensor.zeros([channels]), requiresGrad: true)
        runningMean = Variable(Tensor.zeros([channels]))
        runningVar = Variable(Tensor.full([channels], value: 1))
        (self.momentum, self.epsilon) = (momentum, epsilon)
    }

    public var members: [ModuleMember] {
        [.parameter("weight", gamma), .parameter("bias", beta), .buffer("running_mean", runningMean), .buffer("running_var", runningVar)]
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try forward(x, gamma: gamma, beta: beta)
    }

    /// The op with γ and β passed in (the layer passes its own; the gradient check passes probes).
    public func forward(_ x: Variable, gamma: Variable, beta: Variable) throws -> Variable {
        guard x.value.rank == 4, x.shape[1] == gamma.shape[0] else {
            throw TensorError.shapeMismatch(op: "batchNorm2d (x [B, C, H, W])", x.shape, gamma.shape)
        }
        let (b, c, plane) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
        let m = b * plane
        var mean = [Float](repeating: 0, count: c), inverseStd = [Float](repeating: 0, count: c)
        let xs = x.value.storage
        let training = TrainingMode.isTraining
        if training {
            guard m > 1 else { throw AutogradError.invalidArgument("batchNorm2d: training needs more than one value per channel") }
            var variance = [Float](repeating: 0, count: c)
            xs.withUnsafeBufferPointer { xp in
                mean.withUnsafeMutableBufferPointer { mp in
                    variance.withUnsafeMutableBufferPointer { vp in
                        let (source, means, variances) = (SharedConstPointer(xp.baseAddress!), SharedPointer(mp.baseAddress!), SharedPointer(vp.baseAddress!))
                        Parallel.split(c, work: m) { channels in
                            for ch in channels {
                                var s: Double = 0  // per plane in Float, across planes in Double
                                for n in 0..<b {
                                    let row = source.base + (n * c + ch) * plane
                                    var t: Float = 0
                                    for i in 0..<plane { t += row[i] }
                                    s += Double(t)
                                }
                                let mu = Float(s / Double(m))
                                var ss: Double = 0
                                for n in 0..<b {
                                    let row = source.base + (n * c + ch) * plane
                                    var t: Float = 0
                                    for i in 0..<plane { let d = row[i] - mu; t += d * d }
                                    ss += Double(t)
                                }
                                means.base[ch] = mu
                                variances.base[ch] = Float(ss / Double(m))
                            }
                        }
                    }
                }
            }
            for ch in 0..<c { inverseStd[ch] = 1 / (variance[ch] + epsilon).squareRoot() }
            let unbias = Float(m) / Float(m - 1)
            for ch in 0..<c {
                runningMean.value.storage[ch] = (1 - momentum) * runningMean.value.storage[ch] + momentum * mean[ch]
                let update = momentum * variance[ch] * unbias
                runningVar.value.storage[ch] = (1 - momentum) * runningVar.value.storage[ch] + update
            }
        } else {
            for ch in 0..<c {
                mean[ch] = runningMean.value.storage[ch]
                inverseStd[ch] = 1 / (runningVar.value.storage[ch] + epsilon).squareRoot()
            }
        }
        var xhat = [Float](uninitializedCount: xs.count), out = [Float](uninitializedCount: xs.count)
        let (gs, bs) = (gamma.value.storage, beta.value.storage)
        BatchNormKernels.normalize(xs, mean: mean, inverseStd: inverseStd, gamma: gs, beta: bs, batch: b, channels: c, plane: plane,
                                   xhat: &xhat, out: &out)
        let value = try Tensor(shape: x.shape, storage: out)
        let isTraining = training
        return Variable(op: "batchNorm2d", inputs: [x, gamma, beta], value: value) { g in
            var dgamma = [Float](repeating: 0, count: c), dbeta = dgamma
            var dx = [Float](uninitializedCount: g.count)
            BatchNormKernels.backward(g.storage, xhat: xhat, gamma: gs, inverseStd: inverseStd, training: isTraining,
                                      batch: b, channels: c, plane: plane, dx: &dx, dgamma: &dgamma, dbeta: &dbeta)
            return [try Tensor(shape: x.shape, storage: dx), try Tensor(shape: [c], storage: dgamma),
                    try Tensor(shape: [c], storage: dbeta)]
        }
    }
}

/// The per-element loops of batch norm, two threads over the channels.
enum BatchNormKernels {
    static func normalize(_ xs: [Float], mean: [Float], inverseStd: [Float], gamma: [Float], beta: [Float],
                          batch b: Int, channels c: Int, plane: Int, xhat: inout [Float], out: inout [Float]) {
        xs.withUnsafeBufferPointer { xp in xhat.withUnsafeMutableBufferPointer { hp in out.withUnsafeMutableBufferPointer { op in
            let (x, h, y) = (SharedConstPointer(xp.baseAddress!), SharedPointer(hp.baseAddress!), SharedPointer(op.baseAddress!))
            Parallel.split(c, work: b * plane) { channels in
                for ch in channels {
                    let (mu, inv, scale, shift) = (mean[ch], inverseStd[ch], gamma[ch], beta[ch])
                    for n in 0..<b {
                        let base = (n * c + ch) * plane
                        let (xr, hr, yr) = (x.base + base, h.base + base, y.base + base)
                        for i in 0..<plane {
                            let v = (xr[i] - mu) * inv
                            hr[i] = v
                            yr[i] = scale * v + shift
                        }
                    }
                }
            }
        } } }
    }

    static func backward(_ gv: [Float], xhat: [Float], gamma: [Float], inverseStd: [Float], training: Bool,
                         batch b: Int, channels c: Int, plane: Int, dx: inout [Float], dgamma: inout [Float], dbeta: inout [Float]) {
        // exercise batchnorm-backward: Given ∂L/∂y and the saved x̂, compute ∂x, ∂γ and ∂β of batch norm, per channel, in training or evaluation mode.
        // hint: Per channel, two sums over its B·H·W values are all you need: Σ g and Σ g·x̂. They are ∂β and ∂γ.
        // hint: In training the batch's mean and variance depend on x, so ∂x = (ĝ − mean(ĝ) − x̂ · mean(ĝ·x̂)) / √(σ² + ε) with ĝ = γ·g; in evaluation the statistics are constants and both means drop out.
        // hint: inverseStd already holds 1/√(σ² + ε) per channel; element (n, ch, i) of [B, C, H·W] is at (n·C + ch)·plane + i.
        // tests: LayerTests/testBatchNormGradientsMatchNumerical, FusedOpTests/testTwoThreadBatchNormGradientSumsVanish
        let m = Float(b * plane)
        gv.withUnsafeBufferPointer { gp in xhat.withUnsafeBufferPointer { hp in dx.withUnsafeMutableBufferPointer { dp in
            dgamma.withUnsafeMutableBufferPointer { dgp in dbeta.withUnsafeMutableBufferPointer { dbp in
                let (g, h, d) = (SharedConstPointer(gp.baseAddress!), SharedConstPointer(hp.baseAddress!), SharedPointer(dp.baseAddress!))
                let (dG, dB) = (SharedPointer(dgp.baseAddress!), SharedPointer(dbp.baseAddress!))
                Parallel.split(c, work: b * plane) { channels in
                    for ch in channels {
                        var sumG: Float = 0, sumGX: Float = 0
                        for n in 0..<b {
                            let base = (n * c + ch) * plane
                            var t: Float = 0, tx: Float = 0
                            for i in 0..<plane { t += g.base[base + i]; tx += g.base[base + i] * h.base[base + i] }
                            sumG += t
                            sumGX += tx
                        }
                        dG.base[ch] = sumGX
                        dB.base[ch] = sumG
                        // mean(ĝ) = γ·Σg/M, mean(ĝ·x̂) = γ·Σ g·x̂/M
                        let scale = gamma[ch], inv = inverseStd[ch]
                        let meanG = training ? scale * sumG / m : 0
                        let meanGX = training ? scale * sumGX / m : 0
                        for n in 0..<b {
                            let base = (n * c + ch) * plane
                            for i in 0..<plane {
                                d.base[base + i] = (g.base[base + i] * scale - meanG - h.base[base + i] * meanGX) * inv
                            }
                        }
                    }
                }
            } }
        } } }
        // end exercise batchnorm-backward
    }
}
