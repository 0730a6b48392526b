// One worker's whole data-parallel run: week 13's TrainingRun (fresh or resumed from its
// TrainingCheckpoint), set up for this rank — reduced precision and loss scaling (optional), the
// shard + all-reduce (DataParallelTrainer), the profiler (optional) — trained to `steps`, pausing
// at the steps the caller names (rank 0 saves the checkpoint there; the failure drill exits there).
//
//   plan + data + ProcessGroup ─► TrainingRun ─► [MixedPrecision] ─► DataParallelTrainer
//                                  ─► [Profiler] ─► train until each pause ─► WorkerResult
//
// Every rank builds the same run from the same seed, so the replicas start equal, and a
// checkpoint saved by rank 0 resumes every rank (whatever the number of workers: the global
// batch, not the shard, is in the checkpoint). Beside week 13's two files rank 0 writes
// data_parallel.json: the run's planned steps, its precision and the loss scaler's state (scale,
// growth tracker), which a resume takes up.
//
// What this file does not do: no evaluation (the caller evaluates rank 0's model), no printing.

import Foundation
import Shared
import Week04MNIST
import Week13Modules

public struct DataParallelPlan: Sendable {
    public var settings: RunSettings
    public var precision: Precision
    /// Total steps of the run (it stops early within its schedule when fewer than the epochs hold).
    public var steps: Int
    public var saveAt: Int?
    public var checkpoint: URL?
    public var resume: URL?
    public var profile: Bool
    /// Steps after which `pause` is called (besides saveAt).
    public var pauses: [Int]

    public init(settings: RunSettings, precision: Precision = .float32, steps: Int, saveAt: Int? = nil, checkpoint: URL? = nil,
                resume: URL? = nil, profile: Bool = false, pauses: [Int] = []) {
        (self.settings, self.precision, self.steps, self.saveAt, self.checkpoint) = (settings, precision, steps, saveAt, checkpoint)
        (self.resume, self.profile, self.pauses) = (resume, profile, pauses)
    }

    /// Settings for `steps` steps of batch `batchSize` over `examples`: enough epochs to hold them.
    public static func settings(steps: Int, batchSize: Int, examples: Int, hidden: [Int], lr: Double, warmup: Int, seed: UInt64) -> RunSettings {
        let perEpoch = (examples + batchSize - 1) / batchSize
        return RunSettings(hidden: hidden, batchSize: batchSize, epochs: Swift.max(1, (steps + perEpoch - 1) / perEpoch),
                           maxLR: lr, minLR: lr / 20, warmup: warmup, seed: seed)
    }
}

public struct DataParallelResult {
    public let run: TrainingRun
    /// The global batch's loss at each step this process ran.
    public let losses: [Float]
    public let seconds: Double
    public let allReduceSeconds: Double
    public let bytesSent: Int
    public let profiler: Profiler?
    public let scaler: LossScaler?
}

public enum DataParallelRun {
    public static let stateFile = "data_parallel.json"

    /// What data_parallel.json holds.
    public struct SavedState: Equatable, Sendable {
        public var steps: Int
        public var precision: Precision
        public var scale: Float?
        public var growthTracker: Int?
    }

    public static func savedState(in folder: URL) throws -> SavedState {
        let url = folder.appendingPathComponent(stateFile)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw DataFileError.missing(path: url.path) }
        guard let object = try JSONText.parse(data, path: url.path) as? [String: Any],
              let steps = JSONText.exactInt(object["steps"]), steps > 0,
              let precision = (object["precision"] as? String).flatMap(Precision.init(rawValue:)) else {
            throw TrainingCheckpointError.badMetadata("\(stateFile): steps / precision")
        }
        return SavedState(steps: steps, precision: precision, scale: (object["scale"] as? Double).map(Float.init),
                          growthTracker: JSONText.exactInt(object["growth_tracker"]))
    }

    static func saveState(_ plan: DataParallelPlan, scaler: LossScaler?, in folder: URL) throws {
        var pairs: [(String, JSONValue)] = [("steps", .int(plan.steps)), ("precision", .string(plan.precision.rawValue))]
        if let scaler { pairs += [("scale", .float(scaler.scale)), ("growth_tracker", .int(scaler.growthTracker))] }
        try AtomicFile.write(JSONText.line(pairs) + "\n", to: folder.appendingPathComponent(stateFile))
    }

    public static func train(_ plan: DataParallelPlan, images: Tensor, labels: [Int], group: ProcessGroup,
                             progress: (StepLog, Float) -> Void = { _, _ in }, pause: (Int) throws -> Void = { _ in }) throws -> DataParallelResult {
        let run: TrainingRun
        if let resume = plan.resume {
            run = try TrainingCheckpoint.resume(from: resume, images: images, labels: labels)
        } else {
            run = try TrainingRun(settings: plan.settings, images: images, labels: labels)
        }
        guard !(plan.profile && plan.precision != .float32) else {
            throw ClusterError.badEnvironment("--profile times the float32 forward; leave --precision at float32")
        }
        let profiler = plan.profile ? Profiler(rank: group.rank) : nil
        profiler?.instrumentForward(run)
        let scaler = MixedPrecision.configure(run, precision: plan.precision)
        if let scaler, let resume = plan.resume {
            let state = try savedState(in: resume)
            guard let scale = state.scale, let tracker = state.growthTracker else { throw TrainingCheckpointError.badMetadata("\(stateFile): scale") }
            scaler.restore(scale: scale, growthTracker: tracker)
        }
        let parallel = try DataParallelTrainer(run: run, group: group)
        profiler?.instrumentUpdate(run)
        let stop = Swift.min(plan.steps, run.totalSteps)
        let stops = Set(plan.pauses + [plan.saveAt].compactMap { $0 } + [stop]).filter { $0 > run.step && $0 <= stop }.sorted()
        var losses: [Float] = []
        let start = Timing.now()
        for point in stops {
            try run.train(until: point) { log in
                losses.append(parallel.lastLoss)
                profiler?.stepFinished()
                progress(log, parallel.lastLoss)
            }
            if point == plan.saveAt, group.rank == 0, let folder = plan.checkpoint {
                try TrainingCheckpoint.save(run, to: folder)
                try saveState(plan, scaler: scaler, in: folder)
            }
            if plan.pauses.contains(point) { try pause(point) }
        }
        try group.barrier()
        return DataParallelResult(run: run, losses: losses, seconds: Timing.now() - start, allReduceSeconds: parallel.allReduceSeconds,
                                  bytesSent: group.bytesSent, profiler: profiler, scaler: scaler)
    }
}

/// A small seeded classification set for tests and drills: x ~ U(0, 1)^width, label = argmax of
/// x·T for a random teacher T [width, 10] (learnable, so the loss falls).
public enum SyntheticImages {
    public static func make(count: Int, width: Int, seed: UInt64) throws -> (images: Tensor, labels: [Int]) {
        var rng = SplitMix64(seed: seed)
        let x = Tensor.randomUniform([count, width], low: 0, high: 1, using: &rng)
        let teacher = Tensor.randomNormal([width, 10], using: &rng)
        var labels: [Int] = []
        for i in 0..<count {
            var best = 0, bestScore = -Float.infinity
            for c in 0..<10 {
                var score: Float = 0
                for j in 0..<width { score += x.storage[i * width + j] * teacher.storage[j * 10 + c] }
                if score > bestScore { (best, bestScore) = (c, score) }
            }
            labels.append(best)
        }
        return (x, labels)
    }
}
