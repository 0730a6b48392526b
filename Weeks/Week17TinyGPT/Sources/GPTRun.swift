// One resumable GPT training run: the tiny GPT, AdamW with nanoGPT's decay groups (week 4's
// ParameterGroup.decayingMatrices: weight decay on the ≥ 2-D tensors — every matmul weight and the
// embeddings — none on biases and LayerNorm gains), week 13's warm-up + cosine schedule per step,
// gradient-norm clipping and dropout, stepped by week 4's TrainingLoop on random windows.
//
//   settings ──► TinyGPT (seeded init) ─┐
//   batch generator (seed + 1) ──► randomBatch(B) ──► TrainingLoop.step:
//                       loss → backward → clip ‖g‖ → lr = schedule(step − 1) → AdamW
//
// Where the run stands is the loop's step, the batch generator and the dropout generators;
// `save`/`resume` write and read exactly that with the model and the optimizer state (week 4's
// Checkpoint and OptimizerState, safetensors files), so a run stopped after any step and resumed
// takes the same steps as one that never stopped — bit for bit (the gate checks it).
//
// What this file does not do: no gradient accumulation, no evaluation (the caller evaluates between
// steps: `train(until:)` returns at any step), no early stopping.

import Foundation
import Shared
import Week04MNIST
import Week13Modules

public enum GPTRunError: Error, CustomStringConvertible, Equatable {
    case badMetadata(path: String, key: String)
    case mismatch(String)

    public var description: String {
        switch self {
        case let .badMetadata(path, key): return "\(path): checkpoint metadata '\(key)' is missing or not a valid value"
        case let .mismatch(message): return message
        }
    }
}

/// Everything that defines a run; saved in its checkpoint.
public struct GPTRunSettings: Equatable, Sendable {
    public var model: TinyGPTConfig
    public var batchSize: Int
    public var steps: Int
    public var maxLR: Double
    public var minLR: Double
    public var warmup: Int
    public var weightDecay: Double
    public var clip: Double
    public var seed: UInt64

    public init(model: TinyGPTConfig, batchSize: Int, steps: Int, maxLR: Double, minLR: Double? = nil, warmup: Int,
                weightDecay: Double = 0.1, clip: Double = 1, seed: UInt64) {
        (self.model, self.batchSize, self.steps, self.maxLR, self.minLR) = (model, batchSize, steps, maxLR, minLR ?? maxLR / 10)
        (self.warmup, self.weightDecay, self.clip, self.seed) = (warmup, weightDecay, clip, seed)
    }

    /// Warm-up over `warmup` steps, cosine down to minLR at the last step (nanoGPT's get_lr).
    public var schedule: LRSchedule {
        .warmupCosine(maxLR: maxLR, minLR: minLR, warmup: warmup, decaySteps: steps)
    }

    public var metadata: [String: String] {
        let m = model
        let numbers: [(String, String)] = [
            ("vocab", "\(m.vocabularySize)"), ("context", "\(m.context)"), ("width", "\(m.width)"), ("layers", "\(m.layers)"),
            ("heads", "\(m.heads)"), ("dropout", "\(m.dropout)"), ("batch_size", "\(batchSize)"), ("steps", "\(steps)"),
            ("max_lr", "\(maxLR)"), ("min_lr", "\(minLR)"), ("warmup", "\(warmup)"), ("weight_decay", "\(weightDecay)"),
            ("clip", "\(clip)"), ("seed", "\(seed)")]
        return Dictionary(uniqueKeysWithValues: numbers.map { ("run." + $0.0, $0.1) })
    }

    public init(metadata: [String: String], path: String) throws {
        func value<T: LosslessStringConvertible>(_ key: String, _: T.Type) throws -> T {
            guard let text = metadata["run." + key], let v = T(text) else { throw GPTRunError.badMetadata(path: path, key: "run." + key) }
            return v
        }
        let model = TinyGPTConfig(vocabularySize: try value("vocab", Int.self), context: try value("context", Int.self),
                                  width: try value("width", Int.self), layers: try value("layers", Int.self),
                                  heads: try value("heads", Int.self), dropout: try value("dropout", Float.self))
        self.init(model: model, batchSize: try value("batch_size", Int.self), steps: try value("steps", Int.self),
                  maxLR: try value("max_lr", Double.self), minLR: try value("min_lr", Double.self),
                  warmup: try value("warmup", Int.self), weightDecay: try value("weight_decay", Double.self),
                  clip: try value("clip", Double.self), seed: try value("seed", UInt64.self))
        guard batchSize > 0, steps > 0, warmup >= 0 else { throw GPTRunError.badMetadata(path: path, key: "run.batch_size/steps/warmup") }
    }
}

public final class GPTRun {
    public static let modelFile = "model.safetensors"
    public static let trainingFile = "training.safetensors"

    public let settings: GPTRunSettings
    public let model: TinyGPT
    public let optimizer: AdamW
    public let loop: TrainingLoop
    public let data: TokenWindows
    /// Draws the training windows.
    public internal(set) var batchRNG: SplitMix64

    /// A fresh run over `data` (windows of the model's context), or the skeleton a checkpoint is
    /// loaded into (`startingAt` its step).
    public init(settings: GPTRunSettings, data: TokenWindows, startingAt start: Int = 0) throws {
        guard data.context == settings.model.context else {
            throw GPTRunError.mismatch("the data's windows are \(data.context) tokens, the model's context is \(settings.model.context)")
        }
        self.settings = settings
        self.data = data
        model = try TinyGPT(config: settings.model, seed: settings.seed)
        optimizer = AdamW(groups: ParameterGroup.decayingMatrices(model.namedParameters(), weightDecay: Float(settings.weightDecay)),
                          lr: Float(settings.maxLR), beta1: 0.9, beta2: 0.95)
        let schedule = settings.schedule
        // The loop counts steps from 1; the schedule's t is the steps already taken (nanoGPT's iter_num).
        loop = TrainingLoop(model: model, optimizer: optimizer, maxGradientNorm: Float(settings.clip),
                            schedule: { Float(schedule.lr(at: $0 - 1)) }, startingAt: start)
        batchRNG = SplitMix64(seed: settings.seed &+ 1)
    }

    public var step: Int { loop.stepCount }
    public var isFinished: Bool { step >= settings.steps }

    /// Steps until `stop` steps have been taken in all (the end of the run by default); `log`
    /// sees each step's record and may throw to stop the run.
    public func train(until stop: Int? = nil, log: (StepLog) throws -> Void = { _ in }) throws {
        let stop = min(stop ?? settings.steps, settings.steps)
        while step < stop {
            let batch = data.randomBatch(settings.batchSize, rng: &batchRNG)
            let record = try loop.step { try model.loss(batch) }
            try log(record)
        }
    }

    /// Writes model.safetensors (the module tree's names) and training.safetensors (optimizer
    /// state; metadata: the settings, the step, the generators) into `folder`, each atomically.
    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Checkpoint.save(model, to: folder.appendingPathComponent(Self.modelFile), metadata: ["step": String(step), "format": "pt"])
        let state = optimizer.state
        var metadata = state.metadata.merging(settings.metadata) { a, _ in a }
        metadata["loop_step"] = String(step)
        metadata["batch_rng"] = batchRNG.snapshot.map(String.init).joined(separator: ",")
        metadata["dropout_rng"] = model.gpt.transformer.dropoutSnapshot.map(String.init).joined(separator: ",")
        try Safetensors.write(state.tensors, metadata: metadata, to: folder.appendingPathComponent(Self.trainingFile))
    }

    /// The run saved in `folder`, over `data`, ready to `train()` on from where it stopped.
    public static func resume(from folder: URL, data: TokenWindows) throws -> GPTRun {
        let trainingURL = folder.appendingPathComponent(trainingFile), modelURL = folder.appendingPathComponent(modelFile)
        guard FileManager.default.fileExists(atPath: trainingURL.path) else { throw DataFileError.missing(path: trainingURL.path) }
        let metadata = try Safetensors.read(trainingURL).metadata
        func words(_ key: String) throws -> [UInt64] {
            let list = (metadata[key] ?? "").split(separator: ",").map { UInt64($0) }
            guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else { throw GPTRunError.badMetadata(path: trainingURL.path, key: key) }
            return list.map { $0! }
        }
        let settings = try GPTRunSettings(metadata: metadata, path: trainingURL.path)
        guard let step = metadata["loop_step"].flatMap(Int.init), step >= 0, step <= settings.steps else {
            throw GPTRunError.badMetadata(path: trainingURL.path, key: "loop_step")
        }
        let run = try GPTRun(settings: settings, data: data, startingAt: step)
        let modelMetadata = try Checkpoint.load(into: run.model, from: modelURL)
        guard modelMetadata["step"] == String(step) else {
            throw GPTRunError.mismatch("\(modelURL.path) is at step \(modelMetadata["step"] ?? "?"), \(trainingURL.path) at step \(step): the pair was not saved together")
        }
        try OptimizerState.load(into: run.optimizer, from: trainingURL)
        guard let batchRNG = SplitMix64(snapshot: try words("batch_rng")) else {
            throw GPTRunError.badMetadata(path: trainingURL.path, key: "batch_rng")
        }
        run.batchRNG = batchRNG
        let dropout = try words("dropout_rng")
        do { try run.model.gpt.transformer.restoreDropout(dropout) } catch {
            throw GPTRunError.badMetadata(path: trainingURL.path, key: "dropout_rng")
        }
        return run
    }
}

extension GPTRun {
    /// The trained model alone (for generation and export), from a run folder.
    public static func loadModel(from folder: URL) throws -> TinyGPT {
        let trainingURL = folder.appendingPathComponent(trainingFile), modelURL = folder.appendingPathComponent(modelFile)
        guard FileManager.default.fileExists(atPath: trainingURL.path) else { throw DataFileError.missing(path: trainingURL.path) }
        let settings = try GPTRunSettings(metadata: try Safetensors.read(trainingURL).metadata, path: trainingURL.path)
        let model = try TinyGPT(config: settings.model, seed: settings.seed)
        try Checkpoint.load(into: model, from: modelURL)
        return model
    }
}
