// The run that gets killed. `train` starts this executable again as `worker` with the same
// settings; the worker trains from scratch, saves its checkpoint after --stop-at steps and trains
// on, printing one JSON line per step and one when the checkpoint is on disk. As soon as `train`
// reads that line it sends SIGKILL — the process dies mid-step, as a preempted job does, and all
// that is left of it is the checkpoint folder (written atomically) and the step lines already read.
//
//   {"step":12,"loss":0.5123,"loss_bits":1057174851,"lr":0.0002}   one per step (bits: exact Float)
//   {"checkpoint":"/…/checkpoint","step":703}                      after the save
//
// What this file does not do: no retries, no timeout on a worker that trains but never reaches
// --stop-at (it always does: --stop-at is checked against the run's length first).

import Foundation
import Shared
import Week04MNIST
import Week13Modules

/// The options `train` and `worker` share, read once: the data and the run's settings.
struct RunSetup {
    let images: Tensor
    let labels: [Int]
    let settings: RunSettings
    let prefetch: Bool
    let data: (train: ImageSplit, test: ImageSplit)

    init(_ invocation: Invocation) throws {
        data = try ImageDatasets.load(.fashionMNIST)
        var (images, labels) = (data.train.images, data.train.labels)
        if let limit = invocation.optionalInt("limit") {
            guard limit <= labels.count else { throw UsageError("--limit must be between 1 and \(labels.count)") }
            (images, labels) = (try images.rows(0..<limit), Array(labels[..<limit]))
        }
        settings = RunSettings(hidden: invocation.ints("hidden"), batchSize: invocation.int("batch-size"),
                               epochs: invocation.int("epochs"), maxLR: invocation.double("lr"),
                               minLR: invocation.double("min-lr"), warmup: invocation.int("warmup"),
                               seed: UInt64(invocation.int("seed")))
        guard settings.minLR <= settings.maxLR else { throw UsageError("--min-lr must not exceed --lr") }
        guard settings.batchSize <= labels.count else { throw UsageError("--batch-size must not exceed the \(labels.count) training images") }
        (self.images, self.labels, prefetch) = (images, labels, !invocation.flag("no-prefetch"))
    }

    func makeRun() throws -> TrainingRun {
        try TrainingRun(settings: settings, images: images, labels: labels, prefetch: prefetch)
    }

    /// The same settings as command-line arguments, for the worker.
    func arguments(limit: Int?) -> [String] {
        var list = ["--epochs", String(settings.epochs), "--batch-size", String(settings.batchSize),
                    "--lr", String(settings.maxLR), "--min-lr", String(settings.minLR), "--warmup", String(settings.warmup),
                    "--hidden", settings.hidden.map(String.init).joined(separator: ","), "--seed", String(settings.seed)]
        if let limit { list += ["--limit", String(limit)] }
        if !prefetch { list.append("--no-prefetch") }
        return list
    }
}

enum WorkerCommand {
    /// `worker`: train, save at --stop-at, train on; a JSON line per step on stdout.
    static func run(_ invocation: Invocation) throws {
        let setup = try RunSetup(invocation)
        let run = try setup.makeRun()
        let stopAt = invocation.int("stop-at")
        guard stopAt < run.totalSteps else { throw UsageError("--stop-at must be below the run's \(run.totalSteps) steps") }
        let out = invocation.string("out")
        let folder = out.hasPrefix("/") ? URL(fileURLWithPath: out) : Project.root.appendingPathComponent(out)
        func emit(_ fields: [(String, JSONValue)]) { print(JSONText.line(fields)) }  // stdout is line-buffered (CLI.main)
        let log: (StepLog) -> Void = { record in
            emit([("step", .int(record.step)), ("loss", .number(Double(record.loss))),
                  ("loss_bits", .int(Int(record.loss.bitPattern))), ("lr", .number(Double(record.lr)))])
        }
        try run.train(until: stopAt, log: log)
        try TrainingCheckpoint.save(run, to: folder)
        emit([("checkpoint", .string(folder.path)), ("step", .int(run.step))])
        try run.train(log: log)
    }
}

/// The parent's side: start the worker, collect its steps, kill it once its checkpoint is saved.
enum KilledWorker {
    struct Outcome {
        /// The worker's steps up to and including the checkpoint's.
        var steps: [StepLog]
        /// Steps it took after the checkpoint before the kill landed (lost work).
        var stepsAfterCheckpoint: Int
        var killed: Bool
    }

    static func run(arguments: [String], stopAt: Int, folder: URL) throws -> Outcome {
        guard let executable = Bundle.main.executableURL else { throw WorkerError("cannot find this executable to start the worker") }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["worker"] + arguments + ["--stop-at", String(stopAt), "--out", folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var steps: [StepLog] = [], pending = Data(), saved = false, after = 0, killed = false
        let reader = pipe.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }  // end of output: the worker exited (or was killed)
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending.removeSubrange(pending.startIndex...newline)
                guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { continue }
                if object["checkpoint"] != nil {
                    saved = true
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                    killed = true
                } else if let step = object["step"] as? Int, let bits = object["loss_bits"] as? Int, let lr = object["lr"] as? Double {
                    if saved { after += 1; continue }
                    steps.append(StepLog(step: step, loss: Float(bitPattern: UInt32(truncatingIfNeeded: bits)), gradientNorm: nil,
                                         lr: Float(lr), seconds: 0))
                }
            }
        }
        process.waitUntilExit()
        guard saved else {
            throw WorkerError("the worker exited (status \(process.terminationStatus)) before saving its checkpoint at step \(stopAt)")
        }
        killed = killed && process.terminationReason == .uncaughtSignal
        return Outcome(steps: steps, stepsAfterCheckpoint: after, killed: killed)
    }
}

struct WorkerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
