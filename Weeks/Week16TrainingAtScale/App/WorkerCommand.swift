// `worker`: one rank of a data-parallel run, configured by torchrun's environment (RANK,
// WORLD_SIZE, MASTER_ADDR, MASTER_PORT). Every rank trains; rank 0 shows progress, saves the
// checkpoint (--save-at), writes the final model and summary.json under --out and, with --profile,
// every rank writes trace-rank<r>.json there. A lost neighbour is one line on stderr naming this
// rank and what failed, and exit status 1.

import Foundation
import Shared
import Week04MNIST
import Week13Modules
import Week16TrainingAtScale

enum WorkerCommand {
    static func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : Project.root.appendingPathComponent(path)
    }

    static func data(_ invocation: Invocation, seed: UInt64) throws -> (images: Tensor, labels: [Int]) {
        if invocation.string("data") == "synthetic" { return try SyntheticImages.make(count: 512, width: 32, seed: seed) }
        let train = try ImageDatasets.load(.fashionMNIST).train
        return (train.images, train.labels)
    }

    static func run(_ invocation: Invocation) throws {
        let environment = try WorkerEnvironment(environment: ProcessInfo.processInfo.environment)
        let json = invocation.flag("json"), rank = environment.rank
        let seed = UInt64(invocation.int("seed"))
        let (images, labels) = try data(invocation, seed: seed)
        let batch = invocation.int("batch-size")
        guard batch <= labels.count else { throw UsageError("--batch-size must not exceed the \(labels.count) training images") }
        let saved = try invocation.optionalString("resume").map { try DataParallelRun.savedState(in: resolve($0)) }
        let steps = saved.flatMap { invocation.isGiven("steps") ? nil : $0.steps } ?? invocation.int("steps")
        let precision = saved?.precision ?? Precision(rawValue: invocation.string("precision"))!
        let settings = DataParallelPlan.settings(steps: steps, batchSize: batch, examples: labels.count,
                                                 hidden: invocation.ints("hidden"), lr: invocation.double("lr"),
                                                 warmup: invocation.int("warmup"), seed: seed)
        let crashRank = invocation.optionalInt("crash-rank"), crashAt = invocation.int("crash-at")
        let out = resolve(invocation.string("out"))
        let plan = DataParallelPlan(settings: settings, precision: precision, steps: steps, saveAt: invocation.optionalInt("save-at"),
                                    checkpoint: resolve(invocation.string("checkpoint")),
                                    resume: invocation.optionalString("resume").map(resolve), profile: invocation.flag("profile"),
                                    pauses: crashRank == rank ? [crashAt] : [])
        let result: DataParallelResult
        do {
            let group = try ProcessGroup.join(environment, timeout: invocation.double("timeout"))
            let bar = rank == 0 && !json ? ProgressBar("rank 0 of \(environment.worldSize): training", total: plan.steps) : nil
            result = try DataParallelRun.train(plan, images: images, labels: labels, group: group, progress: { log, loss in
                bar?.update(log.step, note: String(format: "loss %.4f", loss))
            }, pause: { step in
                FileHandle.standardError.write(Data("rank \(rank): failure drill — exiting abruptly after step \(step)\n".utf8))
                exit(3)
            })
            bar?.finish(note: String(format: "%.1f s", result.seconds))
            group.close()
        } catch let error as ClusterError {
            throw WorkerFailure(rank: rank, message: error.description)
        }
        if let profiler = result.profiler {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try AtomicFile.write(profiler.traceJSON(), to: out.appendingPathComponent("trace-rank\(rank).json"))
        }
        guard rank == 0 else { return }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let model = out.appendingPathComponent("model.safetensors")
        try Checkpoint.save(result.run.model, to: model, metadata: ["step": String(result.run.step), "world_size": String(environment.worldSize)])
        let taken = result.losses.count
        let summary = JSONText.line([
            ("world_size", .int(environment.worldSize)), ("precision", .string(plan.precision.rawValue)),
            ("steps", .int(taken)), ("last_step", .int(result.run.step)), ("seconds", .number(result.seconds)),
            ("images_per_second", .number(Double(taken * batch) / result.seconds)),
            ("allreduce_seconds", .number(result.allReduceSeconds)), ("bytes_sent_per_rank", .int(result.bytesSent)),
            ("final_loss", .float(result.losses.last ?? .nan)), ("losses", .floats(result.losses)),
            ("skipped_steps", .int(result.scaler?.skippedSteps ?? 0)), ("model", .string(model.path)),
        ])
        try AtomicFile.write(summary + "\n", to: out.appendingPathComponent("summary.json"))
        if json {
            print(summary)
        } else {
            print(String(format: "rank 0 of %d: %d steps in %.1f s (%.0f images/s), all-reduce %.1f s, loss %.4f → %.4f",
                         environment.worldSize, taken, result.seconds, Double(taken * batch) / result.seconds, result.allReduceSeconds,
                         result.losses.first ?? .nan, result.losses.last ?? .nan))
            print("wrote \(Project.display(model)) and summary.json")
            if let folder = plan.checkpoint, plan.saveAt != nil { print("checkpoint at step \(plan.saveAt!) in \(Project.display(folder))") }
        }
    }
}

/// A worker that lost its group: one line naming the rank.
struct WorkerFailure: Error, CustomStringConvertible {
    let rank: Int
    let message: String
    var description: String { message.hasPrefix("rank \(rank):") ? message : "rank \(rank): \(message)" }
}
