// The one training loop of every week (nanoGPT's train loop, not a callback framework):
//
//   for each step:  zero grads → loss = body() (inside TrainingMode.training) → backward
//                   → afterBackward() (optional: may skip the update) → clip ‖g‖ to
//                   maxGradientNorm (optional) → lr = schedule(step) (optional)
//                   → optimizer.step() → StepLog
//
// `step(_:)` is one such step; `fit(steps:loss:)` runs many (the step-based trainers: week 6's
// char LM and forecaster, week 7's masked LM, week 9's contrastive and CLIP toys); `epoch(...)`
// runs one pass over N examples in a seeded permutation cut into batches (the epoch trainers of
// weeks 4 and 5), returning the EpochResult that week 4's EpochLog reports.
//
// The forward and backward of a step run in a nested call that returns only the loss's value,
// so the tape is released before the optimizer writes the weights (no backward closure still
// holds them, so no copy-on-write of every weight at each step). Nothing here draws random
// numbers except `epoch`'s permutation (one `rng.permutation(n)` per epoch, as week 4's loop
// always did), so a trainer moved onto this loop keeps its seeded figures bit for bit.
//
// `afterBackward` is the one hook between the gradients and the update: week 16's data
// parallelism all-reduces the gradients there, and its loss scaler unscales them and returns
// false on an overflow, which skips clipping and the optimizer (the step still counts, as
// torch's GradScaler leaves the scheduler stepping).
//
// What this file does not do: no gradient accumulation over micro-batches (write the sum in the
// loss closure), no checkpointing (Checkpoint.swift, OptimizerState.swift).

import Shared

/// What one optimizer step reports.
public struct StepLog: Sendable {
    public var step: Int
    public var loss: Float
    /// ‖g‖ before clipping (nil without clipping).
    public var gradientNorm: Double?
    public var lr: Float
    public var seconds: Double
    /// False when `afterBackward` skipped the update (an overflow under loss scaling).
    public var updated: Bool = true

    public init(step: Int, loss: Float, gradientNorm: Double? = nil, lr: Float, seconds: Double = 0, updated: Bool = true) {
        (self.step, self.loss, self.gradientNorm, self.lr, self.seconds) = (step, loss, gradientNorm, lr, seconds)
        self.updated = updated
    }
}

public final class TrainingLoop {
    public let parameters: [Variable]
    public let optimizer: any Optimizer
    public var maxGradientNorm: Float?
    /// lr at step t (1-based, counted by this loop); nil leaves `optimizer.lr` to the caller.
    public var schedule: ((Int) -> Float)?
    /// Runs after backward, before clipping and the update; returning false skips the update.
    public var afterBackward: (() throws -> Bool)?
    /// Steps taken so far.
    public private(set) var stepCount: Int

    public init(parameters: [Variable], optimizer: any Optimizer, maxGradientNorm: Float? = nil,
                schedule: ((Int) -> Float)? = nil, startingAt stepCount: Int = 0) {
        self.parameters = parameters
        self.optimizer = optimizer
        self.maxGradientNorm = maxGradientNorm
        self.schedule = schedule
        self.stepCount = stepCount
    }

    /// A loop over every parameter of `model`; `startingAt` resumes the step count (and the
    /// schedule) from a saved optimizer state's "step".
    public convenience init(model: any Module, optimizer: any Optimizer, maxGradientNorm: Float? = nil,
                            schedule: ((Int) -> Float)? = nil, startingAt stepCount: Int = 0) {
        self.init(parameters: model.parameters, optimizer: optimizer, maxGradientNorm: maxGradientNorm, schedule: schedule,
                  startingAt: stepCount)
    }

    /// One step on the loss `body` builds (its forward runs in training mode).
    @discardableResult
    public func step(_ body: () throws -> Variable) throws -> StepLog {
        let start = Timing.now()
        stepCount += 1
        for p in parameters { p.zeroGrad() }
        let loss = try backward(body)
        let update = try afterBackward?() ?? true
        let norm = update ? maxGradientNorm.map { GradientClipping.clipNorm(parameters, maxNorm: $0) } : nil
        if let schedule { optimizer.lr = schedule(stepCount) }
        if update { try optimizer.step() }
        return StepLog(step: stepCount, loss: loss, gradientNorm: norm, lr: optimizer.lr, seconds: Timing.now() - start, updated: update)
    }

    /// `steps` steps; `loss(t)` builds step t's loss (t from 1), `log` sees every step's record.
    @discardableResult
    public func fit(steps: Int, loss: (Int) throws -> Variable, log: (StepLog) -> Void = { _ in }) throws -> [StepLog] {
        var history: [StepLog] = []
        history.reserveCapacity(steps)
        for _ in 0..<steps {
            let t = stepCount + 1
            let record = try step { try loss(t) }
            history.append(record)
            log(record)
        }
        return history
    }

    /// One pass over examples 0..<n: a seeded permutation cut into batches of `batchSize` (the last
    /// may be smaller). `loss(indices, &rng)` gives the batch's mean loss and how many of its
    /// examples were classified correctly; `progress(batchesDone, runningMeanLoss)` after each.
    public func epoch(examples n: Int, batchSize: Int, rng: inout SplitMix64,
                      loss: ([Int], inout SplitMix64) throws -> (loss: Variable, correct: Int),
                      progress: (Int, Double) -> Void = { _, _ in }) throws -> EpochResult {
        guard batchSize > 0 else { throw AutogradError.invalidArgument("batch size must be positive") }
        let order = rng.permutation(n)
        var totalLoss = 0.0, correct = 0, batch = 0, start = 0
        while start < n {
            let indices = Array(order[start..<Swift.min(start + batchSize, n)])
            var batchCorrect = 0
            let record = try step {
                let result = try loss(indices, &rng)
                batchCorrect = result.correct
                return result.loss
            }
            totalLoss += Double(record.loss) * Double(indices.count)
            correct += batchCorrect
            start += batchSize
            batch += 1
            progress(batch, totalLoss / Double(Swift.min(start, n)))
        }
        return EpochResult(loss: totalLoss / Double(Swift.max(1, n)), accuracy: Double(correct) / Double(Swift.max(1, n)))
    }

    /// Forward (training mode) and backward; returns only the loss value, so the tape dies here.
    private func backward(_ body: () throws -> Variable) throws -> Float {
        let loss = try TrainingMode.training { try body() }
        try loss.backward()
        return loss.scalar
    }
}
