// Dynamic loss scaling with torch.cuda.amp.GradScaler's semantics.
//
// Small gradients underflow in float16 (below 6e-8 they are 0), so the loss is multiplied by a
// large `scale` before backward and the gradients divided by it before the update. Too large a
// scale overflows instead (a gradient becomes inf or nan); then the step is skipped and the scale
// backs off. The state machine, per step (torch's `_amp_update_scale_`):
//
//   found inf/nan in the unscaled gradients:  skip the optimizer step,
//                                             scale ← scale · backoff (0.5), tracker ← 0
//   otherwise:                                step, tracker ← tracker + 1,
//                                             and when tracker = interval (2000):
//                                             scale ← scale · growth (2), tracker ← 0
//
// starting from scale 2^16 = 65536 and tracker 0 (torch's defaults).
//
// What this file does not do: no per-optimizer bookkeeping (one optimizer per scaler), no
// gradient clipping of its own (unscale first, then clip, as torch's recipe says).

import Week04MNIST

public struct LossScalerSettings: Equatable, Sendable {
    public var initialScale: Float = 65536
    public var growthFactor: Float = 2
    public var backoffFactor: Float = 0.5
    public var growthInterval: Int = 2000

    public init(initialScale: Float = 65536, growthFactor: Float = 2, backoffFactor: Float = 0.5, growthInterval: Int = 2000) {
        (self.initialScale, self.growthFactor, self.backoffFactor, self.growthInterval) =
            (initialScale, growthFactor, backoffFactor, growthInterval)
    }
}

/// A reference type: the loss closure reads `scale` and the loop's hook updates it.
public final class LossScaler {
    public let settings: LossScalerSettings
    public private(set) var scale: Float
    /// Consecutive steps without an overflow since the last change of scale.
    public private(set) var growthTracker = 0
    public private(set) var skippedSteps = 0

    public init(_ settings: LossScalerSettings = LossScalerSettings()) {
        self.settings = settings
        scale = settings.initialScale
    }

    /// Takes up a saved state (a resumed run).
    public func restore(scale: Float, growthTracker: Int) {
        self.scale = scale
        self.growthTracker = growthTracker
    }

    /// One step of the state machine; `foundInf` is whether the step's gradients overflowed.
    public func update(foundInf: Bool) {
        // exercise loss-scale-update: Advance the dynamic loss scale by one step: back off after an overflow, grow after enough clean steps.
        // hint: An overflowing step multiplies the scale by the backoff factor, counts a skipped step and restarts the run of clean steps.
        // hint: A clean step lengthens the run; only when the run reaches growthInterval does the scale grow, and the run starts again from zero.
        // tests: LossScalerTests/testWorkedOverflowSequence, LossScalerTests/testTorchDefaultsGrowAfterTwoThousandCleanSteps
        if foundInf {
            scale *= settings.backoffFactor
            growthTracker = 0
            skippedSteps += 1
            return
        }
        growthTracker += 1
        if growthTracker == settings.growthInterval {
            scale *= settings.growthFactor
            growthTracker = 0
        }
        // end exercise loss-scale-update
    }

    /// Divides every gradient by the scale and reports whether any is inf or nan (then the
    /// caller skips the step). Missing gradients count as zero.
    public func unscale(_ parameters: [Variable]) -> Bool {
        let inverse = 1 / scale
        var finite = true
        for p in parameters {
            guard var g = p.grad else { continue }
            for i in g.storage.indices {
                let v = g.storage[i] * inverse
                if !v.isFinite { finite = false }
                g.storage[i] = v
            }
            p.grad = g
        }
        return !finite
    }
}
