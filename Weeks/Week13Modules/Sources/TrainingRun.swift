// One resumable training run: week 4's MLP on images, fed by the DataLoader, stepped by week 4's
// TrainingLoop with AdamW (decay on matrices only) under a warm-up + cosine schedule per step.
//
//   settings ──► model (seeded init) ─┐
//   loader (seeded shuffle) ──► batch ─► TrainingLoop.step: lr = schedule(step) → AdamW
//
// Where the run stands is (epoch, batch within the epoch, loop step) plus the loader's generator;
// TrainingCheckpoint.swift saves exactly that with the model and the optimizer, so a run stopped
// after any step and resumed from disk takes the same steps as one that never stopped — bit for
// bit, because nothing else is random and every kernel is deterministic for fixed inputs.
//
// What this file does not do: no evaluation inside the loop (the caller evaluates), no early
// stopping, no gradient clipping.

import Foundation
import Shared
import Week04MNIST

/// The settings of a run; all of them are saved in its checkpoint.
public struct RunSettings: Equatable, Sendable {
    public var hidden: [Int]
    public var batchSize: Int
    public var epochs: Int
    public var maxLR: Double
    public var minLR: Double
    public var warmup: Int
    public var weightDecay: Double
    public var seed: UInt64

    public init(hidden: [Int], batchSize: Int, epochs: Int, maxLR: Double, minLR: Double, warmup: Int,
                weightDecay: Double = 0.01, seed: UInt64) {
        (self.hidden, self.batchSize, self.epochs) = (hidden, batchSize, epochs)
        (self.maxLR, self.minLR, self.warmup, self.weightDecay, self.seed) = (maxLR, minLR, warmup, weightDecay, seed)
    }

    public var metadata: [String: String] {
        ["run.hidden": hidden.map(String.init).joined(separator: ","), "run.batch_size": String(batchSize),
         "run.epochs": String(epochs), "run.max_lr": String(maxLR), "run.min_lr": String(minLR), "run.warmup": String(warmup),
         "run.weight_decay": String(weightDecay), "run.seed": String(seed)]
    }

    public init(metadata: [String: String]) throws {
        func text(_ key: String) throws -> String {
            guard let value = metadata["run." + key] else { throw TrainingCheckpointError.badMetadata("run." + key) }
            return value
        }
        func number<T: LosslessStringConvertible>(_ key: String, _ type: T.Type) throws -> T {
            guard let value = T(try text(key)) else { throw TrainingCheckpointError.badMetadata("run." + key) }
            return value
        }
        let hidden = try text("hidden").split(separator: ",").map { Int($0) }
        guard !hidden.isEmpty, hidden.allSatisfy({ ($0 ?? 0) > 0 }) else { throw TrainingCheckpointError.badMetadata("run.hidden") }
        self.init(hidden: hidden.map { $0! }, batchSize: try number("batch_size", Int.self), epochs: try number("epochs", Int.self),
                  maxLR: try number("max_lr", Double.self), minLR: try number("min_lr", Double.self),
                  warmup: try number("warmup", Int.self), weightDecay: try number("weight_decay", Double.self),
                  seed: try number("seed", UInt64.self))
        guard batchSize > 0, epochs > 0, warmup >= 0 else { throw TrainingCheckpointError.badMetadata("run.batch_size/epochs/warmup") }
    }
}

/// A collated batch: images [B, D] and their labels.
public struct ImageBatch: Sendable {
    public var x: Tensor
    public var labels: [Int]

    public init(x: Tensor, labels: [Int]) {
        self.x = x
        self.labels = labels
    }
}

public final class TrainingRun {
    public let settings: RunSettings
    public let model: Sequential
    public let optimizer: AdamW
    public let loader: DataLoader<ImageBatch>
    public let schedule: LRSchedule
    /// The loop the run steps (week 16 sets its `afterBackward` to all-reduce and unscale).
    public let loop: TrainingLoop
    /// The loss of one batch, mean cross-entropy of the MLP by default (week 16 replaces it with
    /// a worker's share of the batch, or a reduced-precision forward).
    public var batchLoss: (ImageBatch) throws -> Variable
    /// The epoch in progress (0-based) and the next batch in it.
    public internal(set) var epoch = 0
    public internal(set) var batch = 0
    var order: [[Int]] = []

    /// A fresh run (or the skeleton a checkpoint is loaded into, `startingAt` its step).
    public init(settings: RunSettings, images: Tensor, labels: [Int], prefetch: Bool = true, startingAt step: Int = 0) throws {
        guard images.shape.count == 2, images.rowCount == labels.count else {
            throw DataLoaderError.invalid("images \(images.shape) and \(labels.count) labels do not pair up")
        }
        self.settings = settings
        var rng = SplitMix64(seed: settings.seed)
        model = MLP.make(sizes: [images.rowLength] + settings.hidden + [10], rng: &rng)
        optimizer = AdamW(groups: ParameterGroup.decayingMatrices(model.namedParameters(), weightDecay: Float(settings.weightDecay)),
                          lr: Float(settings.maxLR))
        loader = try DataLoader(count: labels.count, batchSize: settings.batchSize, shuffle: true, seed: settings.seed &+ 1,
                                prefetch: prefetch) { indices in
            ImageBatch(x: try Trainer.gatherBatch(images, indices), labels: indices.map { labels[$0] })
        }
        let schedule = LRSchedule.warmupCosine(maxLR: settings.maxLR, minLR: settings.minLR, warmup: settings.warmup,
                                               decaySteps: settings.epochs * loader.batchesPerEpoch)
        self.schedule = schedule
        // The loop counts steps from 1; the schedule's t is the steps already taken (nanoGPT's iter_num).
        loop = TrainingLoop(model: model, optimizer: optimizer, schedule: { Float(schedule.lr(at: $0 - 1)) }, startingAt: step)
        let model = model
        batchLoss = { try Trainer.classificationLoss(model: model, x: $0.x, labels: $0.labels).loss }
    }

    public var step: Int { loop.stepCount }
    public var totalSteps: Int { settings.epochs * loader.batchesPerEpoch }
    public var isFinished: Bool { step >= totalSteps }

    /// Trains until `stop` steps have been taken in all (the end of the run by default).
    public func train(until stop: Int? = nil, log: (StepLog) -> Void = { _ in }) throws {
        let stop = Swift.min(stop ?? totalSteps, totalSteps)
        while step < stop {
            if batch == 0 { order = loader.nextEpoch() }
            let end = Swift.min(order.count, batch + (stop - step))
            try loader.forEach(order, range: batch..<end) { k, data in
                let record = try loop.step { try batchLoss(data) }
                batch = k + 1
                log(record)
            }
            if batch == order.count { (epoch, batch) = (epoch + 1, 0) }
        }
    }
}
