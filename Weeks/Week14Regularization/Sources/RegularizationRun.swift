// One training run of the week's CNN under a set of regularisers, on week 4's TrainingLoop:
//
//   each epoch:   the loop's seeded permutation → batches; each batch
//                 gather [B, C·S·S] → augment → targets (one-hot or smoothed) → mixup
//                 → forward (training mode: dropout on) → cross-entropy against the targets
//                 → backward → Adam (L2) or AdamW (decoupled) step at the cosine lr (week 13's
//                 LRSchedule, per step, from lr to lr/20)
//   after it:     evaluation mode (dropout off, BatchNorm's running statistics), plain
//                 cross-entropy and accuracy on the training images (no augmentation) and on the
//                 validation images; early stopping sees the validation loss
//   at the end:   with early stopping, the best epoch's weights are restored and scored again
//
// The generalisation gap reported is validation loss − training loss (and training − validation
// accuracy), both measured the same way in evaluation mode, so a regulariser that only makes the
// training objective harder (smoothing, mixup, augmentation) is not credited for that.
// Everything random (initialisation, dropout masks, order, augmentation, mixup) follows `seed`.
//
// What this file does not do: no resumable checkpoints (week 13's TrainingCheckpoint), no
// validation split of its own (the caller passes the two sets).

import Shared
import Week04MNIST
import Week05CNN
import Week13Modules

/// Training and validation images ([N, C·S·S] rows in 0…1) of one classification task.
public struct ImageTask: Sendable {
    public var name: String
    public var channels: Int
    public var side: Int
    public var train: ImageSplit
    public var validation: ImageSplit

    public init(name: String, channels: Int, side: Int, train: ImageSplit, validation: ImageSplit) throws {
        for split in [train, validation] where split.images.rowLength != channels * side * side || split.images.rowCount != split.labels.count {
            throw TensorError.invalidShape(split.images.shape, reason: "\(name): expected [\(split.labels.count), \(channels * side * side)] images (\(channels)×\(side)×\(side))")
        }
        (self.name, self.channels, self.side, self.train, self.validation) = (name, channels, side, train, validation)
    }
}

/// Loss and accuracy of the model on one set, in evaluation mode.
public struct Score: Equatable, Sendable {
    public var loss: Double
    public var accuracy: Double
}

/// One epoch of a run.
public struct CurvePoint: Sendable {
    public var epoch: Int
    /// The regularised training objective, averaged over the epoch's batches (what the optimizer saw).
    public var objective: Double
    public var train: Score
    public var validation: Score
    public var seconds: Double
}

public struct RunResult: Sendable {
    public var history: [CurvePoint]
    /// The epoch whose weights the model ends with (the last one without early stopping).
    public var finalEpoch: Int
    public var train: Score
    public var validation: Score
    public var stoppedEarly: Bool

    /// validation loss − training loss.
    public var lossGap: Double { validation.loss - train.loss }
    /// training accuracy − validation accuracy.
    public var accuracyGap: Double { train.accuracy - validation.accuracy }
}

public struct RegularizationSettings: Sendable {
    public var architecture: RegularizedCNN
    public var epochs: Int
    public var batchSize: Int
    public var lr: Double
    public var seed: UInt64
    /// At most this many training images are scored after each epoch (the first ones).
    public var trainScoreLimit: Int

    public init(architecture: RegularizedCNN = .small, epochs: Int, batchSize: Int = 64, lr: Double = 0.002, seed: UInt64,
                trainScoreLimit: Int = 10_000) {
        (self.architecture, self.epochs, self.batchSize, self.lr, self.seed) = (architecture, epochs, batchSize, lr, seed)
        self.trainScoreLimit = trainScoreLimit
    }
}

public enum RegularizationRun {
    /// Trains a fresh model under `regularizers`; `progress(epoch, batchesDone, runningObjective)`
    /// after each batch, `epochDone` after each epoch. Returns the history and the final model.
    public static func train(_ regularizers: Regularizers, settings: RegularizationSettings, task: ImageTask,
                             progress: (Int, Int, Double) -> Void = { _, _, _ in },
                             epochDone: (CurvePoint) -> Void = { _ in }) throws -> (result: RunResult, model: Sequential) {
        var rng = SplitMix64(seed: settings.seed)
        let model = settings.architecture.make(channels: task.channels, side: task.side, dropout: regularizers.dropout, rng: &rng)
        let groups = ParameterGroup.decayingMatrices(model.namedParameters(), weightDecay: regularizers.weightDecay)
        let optimizer = Adam(groups: groups, lr: Float(settings.lr), decoupledWeightDecay: regularizers.weightDecayKind == .decoupled)
        let n = task.train.labels.count
        let batchesPerEpoch = (n + settings.batchSize - 1) / settings.batchSize
        let schedule = LRSchedule.warmupCosine(maxLR: settings.lr, minLR: settings.lr / 20, warmup: 0,
                                               decaySteps: Swift.max(1, settings.epochs * batchesPerEpoch - 1))
        let loop = TrainingLoop(model: model, optimizer: optimizer, schedule: { Float(schedule.lr(at: $0 - 1)) })
        let scored = try trainScoreSet(task.train, limit: settings.trainScoreLimit)
        let stopping = regularizers.patience.map { EarlyStopping(patience: $0) }
        var history: [CurvePoint] = []
        var stoppedEarly = false
        for epoch in 1...settings.epochs {
            let start = Timing.now()
            let result = try loop.epoch(examples: n, batchSize: settings.batchSize, rng: &rng, loss: { indices, rng in
                try batchLoss(model: model, task: task, indices: indices, regularizers: regularizers, rng: &rng)
            }, progress: { progress(epoch, $0, $1) })
            let point = CurvePoint(epoch: epoch, objective: result.loss, train: try score(model, scored),
                                   validation: try score(model, task.validation), seconds: Timing.now() - start)
            history.append(point)
            epochDone(point)
            if let stopping, stopping.update(epoch: epoch, validationLoss: point.validation.loss, model: model) {
                stoppedEarly = epoch < settings.epochs
                break
            }
        }
        var finalEpoch = history.count
        var final = (train: history[finalEpoch - 1].train, validation: history[finalEpoch - 1].validation)
        if let stopping {
            try stopping.restoreBest(into: model)
            finalEpoch = stopping.bestEpoch
            final = (try score(model, scored), try score(model, task.validation))
        }
        return (RunResult(history: history, finalEpoch: finalEpoch, train: final.train, validation: final.validation,
                          stoppedEarly: stoppedEarly), model)
    }

    /// The batch's regularised loss and how many of its (original) labels the logits get right.
    static func batchLoss(model: Sequential, task: ImageTask, indices: [Int], regularizers: Regularizers,
                          rng: inout SplitMix64) throws -> (loss: Variable, correct: Int) {
        var x = try Trainer.gatherBatch(task.train.images, indices)
        let labels = indices.map { task.train.labels[$0] }
        x = try Augmentation.apply(x, channels: task.channels, width: task.side, height: task.side,
                                   policy: regularizers.augmentation, rng: &rng)
        if regularizers.labelSmoothing == 0 && regularizers.mixupAlpha == 0 {
            return try Trainer.classificationLoss(model: model, x: x, labels: labels)
        }
        var targets = try SoftTargets.smoothed(labels: labels, classes: 10, smoothing: regularizers.labelSmoothing)
        if regularizers.mixupAlpha > 0 {
            (x, targets, _) = try Mixup.apply(x: x, targets: targets, alpha: regularizers.mixupAlpha, rng: &rng)
        }
        let logits = try model(Variable(x))
        let predicted = try logits.value.argmax(axis: 1)
        return (try logits.softCrossEntropy(targets: targets), zip(predicted, labels).filter { $0 == $1 }.count)
    }

    /// Plain cross-entropy and accuracy in evaluation mode.
    public static func score(_ model: any Layer, _ split: ImageSplit) throws -> Score {
        let evaluation = try CNNTrainer.evaluate(model: model, images: split.images, labels: split.labels)
        return Score(loss: evaluation.loss, accuracy: evaluation.accuracy)
    }

    static func trainScoreSet(_ split: ImageSplit, limit: Int) throws -> ImageSplit {
        split.labels.count > limit ? try split.slice(0..<limit) : split
    }
}

extension ImageSplit {
    /// The images and labels of rows `range`.
    public func slice(_ range: Range<Int>) throws -> ImageSplit {
        ImageSplit(images: try images.rows(range), labels: Array(labels[range]), width: width, height: height)
    }
}
