// Mixed-precision training of week 4's MLP (Micikevicius et al.): Float32 master weights, a
// 16-bit copy of the weights and 16-bit activations in the forward, loss scaling for float16.
//
//   master W (fp32) ──round──► W16 ─┐
//   x ──round──► x16 ───────────────┴─► linear (fp32 accumulate) ──round──► h16 ─► … ─► logits16
//   loss = cross-entropy(logits16) in fp32 (autocast's rule for reductions)
//   backward: ∂L·scale flows down; every 16-bit tensor's gradient is itself rounded to 16 bits
//   (where float16 overflows to inf), the master weights receive those gradients, the scaler
//   unscales them, finds inf/nan and skips the step or lets AdamW update the fp32 masters.
//
// `stored(in:)` is the one new op: the value rounded to the format; the gradient rounded the same
// way on the way back (the gradient of a 16-bit tensor is a 16-bit tensor). `scalingGradient`
// leaves the loss's value alone and multiplies the gradient by the scale, so the logged loss is
// the real one.
//
// What this file does not do: no 16-bit matmul kernel (the products run in Float32 on 16-bit
// values: the rounding is exact, the speed is not a GPU's), no autocast of arbitrary modules
// (Linear weights and the activations between layers of a Sequential only).

import Shared
import Week04MNIST
import Week13Modules

extension Variable {
    /// This tensor stored in `precision` and read back; the gradient is rounded likewise.
    public func stored(in precision: Precision) throws -> Variable {
        guard precision != .float32 else { return self }
        let value = try Tensor(shape: shape, storage: precision.round(self.value.storage))
        return Variable(op: "to_\(precision.rawValue)", inputs: [self], value: value) { g in
            [try Tensor(shape: g.shape, storage: precision.round(g.storage))]
        }
    }

    /// The same value; the gradient multiplied by `scale` on the way back (the loss scaler's seed).
    public func scalingGradient(by scale: Float) -> Variable {
        Variable(op: "scale_gradient", inputs: [self], value: value) { g in
            var out = g
            for i in out.storage.indices { out.storage[i] *= scale }
            return [out]
        }
    }
}

public enum MixedPrecision {
    /// Logits of a Sequential of Linear and parameter-free layers with 16-bit weights and activations.
    public static func logits(_ model: Sequential, _ x: Tensor, precision: Precision) throws -> Variable {
        var h = try Variable(x).stored(in: precision)
        for entry in model.layers {
            if let linear = entry.layer as? Linear {
                h = try Variable.linear(h, weight: try linear.weight.stored(in: precision),
                                        bias: try linear.bias.stored(in: precision))
            } else {
                h = try entry.layer(h)
            }
            h = try h.stored(in: precision)
        }
        return h
    }

    /// Activation elements one example keeps for backward: the input, and each layer's output.
    public static func activationsPerExample(_ model: Sequential, inputWidth: Int) -> Int {
        var width = inputWidth, total = inputWidth
        for entry in model.layers {
            if let linear = entry.layer as? Linear { width = linear.weight.shape[0] }
            total += width
        }
        return total
    }

    /// Sets `run` to train in `precision`: the 16-bit forward, and for float16 the scaler's
    /// scaled backward, unscale, overflow check and skip. Returns the scaler (nil without one).
    @discardableResult
    public static func configure(_ run: TrainingRun, precision: Precision,
                                 scaler settings: LossScalerSettings = LossScalerSettings()) -> LossScaler? {
        let model = run.model
        guard precision != .float32 else { return nil }
        let scaler: LossScaler? = precision == .float16 ? LossScaler(settings) : nil
        run.batchLoss = { batch in
            let loss = try logits(model, batch.x, precision: precision).crossEntropy(labels: batch.labels)
            return scaler.map { loss.scalingGradient(by: $0.scale) } ?? loss
        }
        if let scaler {
            let parameters = model.parameters
            run.loop.afterBackward = {
                let foundInf = scaler.unscale(parameters)
                scaler.update(foundInf: foundInf)
                return !foundInf
            }
        }
        return scaler
    }
}
