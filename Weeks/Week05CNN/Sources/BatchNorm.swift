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
// The running statistics are buffers, not trainable: they appear in `parameters` (so checkpoints
// save them, named like torch's state_dict) as Variables that require no gradient.
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
    public var training = true

    public init(_ channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        gamma = Variable(Tensor.full([channels], value: 1), requiresGrad: true)
        beta = Variable(Tensor.zeros([channels]), requiresGrad: true)
        runningMean = Variable(Tensor.zeros([channels]))
        runningVar = Variable(Tensor.full([channels], value: 1))
        (self.momentum, self.epsilon) = (momentum, epsilon)
    }

    public var parameters: [(name: String, value: Variable)] {
        [("weight", gamma), ("bias", beta), ("running_mean", runningMean), ("running_var", runningVar)]
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
        if training {
            guard m > 1 else { throw AutogradError.invalidArgument("batchNorm2d: training needs more than one value per channel") }
            var variance = [Float](repeating: 0, count: c)
            for ch in 0..<c {
                var s: Double = 0, ss: Double = 0
                for n in 0..<b { let base = (n * c + ch) * plane; for i in 0..<plane { s += Double(xs[base + i]) } }
                let mu = s / Double(m)
                for n in 0..<b {
                    let base = (n * c + ch) * plane
                    for i in 0..<plane { let d = Double(xs[base + i]) - mu; ss += d * d }
                }
                mean[ch] = Float(mu)
                variance[ch] = Float(ss / Double(m))
                inverseStd[ch] = 1 / (variance[ch] + epsilon).squareRoot()
            }
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
        var xhat = [Float](repeating: 0, count: xs.count), out = xhat
        let (gs, bs) = (gamma.value.storage, beta.value.storage)
        for n in 0..<b { for ch in 0..<c {
            let base = (n * c + ch) * plane
            for i in 0..<plane {
                let h = (xs[base + i] - mean[ch]) * inverseStd[ch]
                xhat[base + i] = h
                out[base + i] = gs[ch] * h + bs[ch]
            }
        } }
        let value = try Tensor(shape: x.shape, storage: out)
        let isTraining = training
        return Variable(op: "batchNorm2d", inputs: [x, gamma, beta], value: value) { g in
            let gv = g.storage
            var dgamma = [Float](repeating: 0, count: c), dbeta = dgamma
            for n in 0..<b { for ch in 0..<c {
                let base = (n * c + ch) * plane
                for i in 0..<plane { dgamma[ch] += gv[base + i] * xhat[base + i]; dbeta[ch] += gv[base + i] }
            } }
            var dx = [Float](repeating: 0, count: gv.count)
            for ch in 0..<c {
                // mean(ĝ) = γ·Σg/M, mean(ĝ·x̂) = γ·Σ g·x̂/M
                let meanG = isTraining ? gs[ch] * dbeta[ch] / Float(m) : 0
                let meanGX = isTraining ? gs[ch] * dgamma[ch] / Float(m) : 0
                for n in 0..<b {
                    let base = (n * c + ch) * plane
                    for i in 0..<plane {
                        let gh = gv[base + i] * gs[ch]
                        dx[base + i] = (gh - meanG - xhat[base + i] * meanGX) * inverseStd[ch]
                    }
                }
            }
            return [try Tensor(shape: x.shape, storage: dx), try Tensor(shape: [c], storage: dgamma),
                    try Tensor(shape: [c], storage: dbeta)]
        }
    }
}
