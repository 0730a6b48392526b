// A training checkpoint: everything a TrainingRun needs to continue as if it had never stopped,
// as two safetensors files in one folder.
//
//   model.safetensors      the module tree's tensors under torch's state_dict names (fc1.weight,
//                          fc1.bias, …) — what `safetensors.torch.load_file` hands to a
//                          same-architecture torch module's load_state_dict; metadata: step, sizes
//   training.safetensors   tensors: the optimizer's state (state.<i>.exp_avg, state.<i>.exp_avg_sq)
//                          metadata: the optimizer's (kind, step, lr, groups), the schedule
//                          (LRSchedule.metadata), the run's settings (run.*), where the run
//                          stands (loop_step, epoch, batch) and the loader's generator (loader_rng:
//                          three words — its snapshot before this epoch's permutation, or after
//                          it at an epoch's end)
//
// Each file is written atomically (Safetensors.write → AtomicFile), the model first; both carry
// the step, and loading refuses a pair whose steps differ (a crash between the two writes), a
// different dataset size, or a schedule other than the settings give — each with one line naming
// the file and what is wrong.
//
// What this file does not do: no keeping of the last k checkpoints, no sharding.

import Foundation
import Shared
import Week04MNIST

public enum TrainingCheckpointError: Error, CustomStringConvertible, Equatable {
    case badMetadata(String)
    case mismatch(String)

    public var description: String {
        switch self {
        case let .badMetadata(key): return "checkpoint metadata '\(key)' is missing or not a valid value"
        case let .mismatch(message): return message
        }
    }
}

public enum TrainingCheckpoint {
    public static let modelFile = "model.safetensors"
    public static let trainingFile = "training.safetensors"

    public static func save(_ run: TrainingRun, to folder: URL) throws {
        let architecture = ([run.model.parameters.first?.shape.last ?? 0] + run.settings.hidden + [10]).map(String.init)
        try Checkpoint.save(run.model, to: folder.appendingPathComponent(modelFile),
                            metadata: ["step": String(run.step), "architecture": architecture.joined(separator: "-"), "format": "pt"])
        let state = run.optimizer.state
        var metadata = state.metadata.merging(run.settings.metadata) { a, _ in a }
        metadata.merge(run.schedule.metadata) { a, _ in a }
        let rng = run.batch == 0 ? run.loader.snapshot : run.loader.epochStartSnapshot
        metadata["loop_step"] = String(run.step)
        metadata["epoch"] = String(run.epoch)
        metadata["batch"] = String(run.batch)
        metadata["examples"] = String(run.loader.count)
        metadata["loader_rng"] = rng.map(String.init).joined(separator: ",")
        try Safetensors.write(state.tensors, metadata: metadata, to: folder.appendingPathComponent(trainingFile))
    }

    /// The run saved in `folder`, over the same images and labels, ready to `train()` on.
    public static func resume(from folder: URL, images: Tensor, labels: [Int], prefetch: Bool = true) throws -> TrainingRun {
        // exercise resume-run: Rebuild a TrainingRun from a checkpoint folder so that it continues exactly as the uninterrupted run would.
        // hint: Start from the settings in training.safetensors' metadata and build a fresh run at the saved step, after checking the saved example count matches this data.
        // hint: Load the model weights and the optimizer state from their files, refusing a pair whose steps differ or a schedule other than the settings give.
        // hint: The loader must replay the same shuffle: restore its generator from loader_rng, set epoch and batch, and if the run stopped mid-epoch draw that epoch's order again.
        // tests: CheckpointTests/testResumedRunIsBitIdenticalMidEpochAndAtEpochEnd
        let trainingURL = folder.appendingPathComponent(trainingFile), modelURL = folder.appendingPathComponent(modelFile)
        let metadata = try Safetensors.read(trainingURL).metadata
        func int(_ key: String) throws -> Int {
            guard let v = metadata[key].flatMap(Int.init), v >= 0 else { throw TrainingCheckpointError.badMetadata(key) }
            return v
        }
        let settings = try RunSettings(metadata: metadata)
        let step = try int("loop_step")
        guard try int("examples") == labels.count else {
            throw TrainingCheckpointError.mismatch("\(trainingURL.path): saved for \(try int("examples")) training examples, this data has \(labels.count)")
        }
        let run = try TrainingRun(settings: settings, images: images, labels: labels, prefetch: prefetch, startingAt: step)
        guard try LRSchedule(metadata: metadata) == run.schedule else {
            throw TrainingCheckpointError.mismatch("\(trainingURL.path): its schedule differs from the one its settings give")
        }
        let modelMetadata = try Checkpoint.load(into: run.model, from: modelURL)
        guard modelMetadata["step"] == String(step) else {
            throw TrainingCheckpointError.mismatch("\(modelURL.path) is at step \(modelMetadata["step"] ?? "?"), \(trainingURL.path) at step \(step): the pair was not saved together")
        }
        try OptimizerState.load(into: run.optimizer, from: trainingURL)
        let words = (metadata["loader_rng"] ?? "").split(separator: ",").compactMap { UInt64($0) }
        guard words.count == 3 else { throw TrainingCheckpointError.badMetadata("loader_rng") }
        try run.loader.resume(fromEpochStart: words)
        (run.epoch, run.batch) = (try int("epoch"), try int("batch"))
        guard run.batch < run.loader.batchesPerEpoch, run.epoch * run.loader.batchesPerEpoch + run.batch == step else {
            throw TrainingCheckpointError.mismatch("\(trainingURL.path): epoch \(run.epoch), batch \(run.batch) is not step \(step)")
        }
        if run.batch > 0 { run.order = run.loader.nextEpoch() }
        return run
        // end exercise resume-run
    }
}
