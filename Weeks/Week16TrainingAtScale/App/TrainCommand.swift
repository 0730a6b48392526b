// `train` (the default): the tour on Fashion-MNIST, four tables.
//
//   1. data parallelism  `launch --workers N` for each N of --workers (separate processes, TCP
//                        ring): time, throughput, all-reduce time, and how far each run's losses
//                        and final weights are from the first's (equal within float rounding)
//   2. mixed precision   one worker per format (float32 / float16 + loss scaling / bfloat16):
//                        ms per step, the bytes weights and activations take, skipped steps,
//                        final scale, test accuracy
//   3. checkpointing     `memory` per depth, plain and in √layers segments, each in a fresh
//                        process: peak resident memory, step time, gradients equal
//   4. profile           `profile` with 2 workers: time per op type and a Chrome trace

import Foundation
import Shared
import Week04MNIST
import Week13Modules
import Week16TrainingAtScale

enum TrainCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json"), seed = invocation.int("seed")
        let data = try ImageDatasets.load(.fashionMNIST)
        let output = try Project.outputDirectory("Week16TrainingAtScale")
        if !json { print("Fashion-MNIST (\(data.train.labels.count) training images), MLP 784-256-128-10, AdamW + warm-up/cosine, seed \(seed); BLAS: \(BLASInfo.summary)\n") }
        try dataParallel(invocation, test: data.test, output: output, json: json)
        try mixedPrecision(invocation, data: data, json: json)
        try checkpointing(invocation, json: json)
        let profile = try ProfileCommand.profile(workers: 2, steps: 30, quiet: json)
        if json {
            for row in profile.rows { print(JSONText.line([("table", .string("profile")), ("op", .string(row.category)), ("seconds", .number(row.seconds))])) }
        } else {
            print("\n4. profile — " + ProfileCommand.table(profile.rows, workers: 2, steps: 30))
            print("wrote \(Project.display(profile.trace)) (open in ui.perfetto.dev or chrome://tracing)")
        }
    }

    static func summary(_ folder: URL) throws -> [String: Any] {
        let url = folder.appendingPathComponent("summary.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              let object = try JSONText.parse(data, path: url.path) as? [String: Any] else { throw DataFileError.missing(path: url.path) }
        return object
    }

    static func loadModel(_ folder: URL) throws -> Sequential {
        var rng = SplitMix64(seed: 0)
        let model = MLP.make(sizes: [784, 256, 128, 10], rng: &rng)
        _ = try Checkpoint.load(into: model, from: folder.appendingPathComponent("model.safetensors"))
        return model
    }

    static func dataParallel(_ invocation: Invocation, test: ImageSplit, output: URL, json: Bool) throws {
        let steps = invocation.int("steps"), seed = invocation.int("seed")
        if !json { print("1. data parallelism — global batch 128, \(steps) steps; each run is `launch --workers N` (N processes, a TCP ring on loopback, 1 BLAS thread each when N > 1)") }
        var table = TextTable(["workers", "seconds", "images/s", "all-reduce s", "final loss", "max |Δloss| vs first", "max |Δweight| vs first", "test accuracy"])
        var reference: (losses: [Double], model: Sequential)?
        var curves: [Series] = []
        for workers in invocation.ints("workers") {
            let folder = output.appendingPathComponent("workers-\(workers)")
            try LaunchCommand.launch(workers: workers, port: try LaunchCommand.freePort(),
                                     arguments: ["--steps", String(steps), "--seed", String(seed), "--out", folder.path] + (json ? ["--json"] : []), grace: 35)
            let result = try summary(folder)
            let losses = (result["losses"] as? [Double]) ?? []
            let model = try loadModel(folder)
            let accuracy = try Trainer.evaluate(model: model, images: test.images, labels: test.labels).accuracy
            var lossGap = 0.0, weightGap = 0.0
            if let reference {
                for (a, b) in zip(losses, reference.losses) { lossGap = max(lossGap, abs(a - b)) }
                for (p, q) in zip(model.parameters, reference.model.parameters) {
                    for (u, v) in zip(p.value.storage, q.value.storage) { weightGap = max(weightGap, Double(abs(u - v))) }
                }
            } else {
                reference = (losses, model)
            }
            let seconds = result["seconds"] as? Double ?? .nan
            curves.append(Series(name: "\(workers) worker\(workers == 1 ? "" : "s")", y: losses))
            if json {
                print(JSONText.line([("table", .string("data_parallel")), ("workers", .int(workers)), ("seconds", .number(seconds)),
                                     ("images_per_second", .number(result["images_per_second"] as? Double ?? .nan)),
                                     ("max_loss_difference", .number(lossGap)), ("max_weight_difference", .number(weightGap)),
                                     ("test_accuracy", .number(accuracy))]))
            }
            table.add([String(workers), String(format: "%.2f", seconds), String(format: "%.0f", result["images_per_second"] as? Double ?? .nan),
                       String(format: "%.2f", result["allreduce_seconds"] as? Double ?? .nan),
                       String(format: "%.4f", losses.last ?? .nan), String(format: "%.2e", lossGap), String(format: "%.2e", weightGap),
                       String(format: "%.4f", accuracy)])
        }
        let url = output.appendingPathComponent("data-parallel-loss.svg")
        try SVGPlot.save(SVGPlot.line(title: "training loss per step, global batch 128", xLabel: "step", yLabel: "loss", series: curves), to: url)
        if !json { print("\n" + table.render() + "\nwrote \(Project.display(url)) (the curves lie on top of each other)") }
    }

    static func mixedPrecision(_ invocation: Invocation, data: (train: ImageSplit, test: ImageSplit), json: Bool) throws {
        let steps = invocation.int("precision-steps"), seed = UInt64(invocation.int("seed"))
        let settings = DataParallelPlan.settings(steps: steps, batchSize: 128, examples: data.train.labels.count, hidden: [256, 128],
                                                 lr: 0.002, warmup: 20, seed: seed)
        if !json { print("\n2. mixed precision — one worker, \(steps) steps, batch 128; master weights float32, AdamW on them") }
        var table = TextTable(["storage", "ms/step", "weights MB (master + copy)", "activations MB/batch", "skipped steps", "final scale", "final loss", "test accuracy"])
        let group = try ProcessGroup.join(WorkerEnvironment(rank: 0, worldSize: 1, masterPort: 1))
        for precision in Precision.allCases {
            let bar = json ? nil : ProgressBar("\(precision.rawValue)", total: steps)
            let result = try DataParallelRun.train(DataParallelPlan(settings: settings, precision: precision, steps: steps),
                                                   images: data.train.images, labels: data.train.labels, group: group) { log, loss in
                bar?.update(log.step, note: String(format: "loss %.4f", loss))
            }
            bar?.finish()
            let model = result.run.model
            let parameters = model.parameterCount
            let weights = Double(parameters * 4 + (precision == .float32 ? 0 : parameters * precision.bytes)) / 1e6
            let activations = Double(MixedPrecision.activationsPerExample(model, inputWidth: 784) * 128 * precision.bytes) / 1e6
            let accuracy = try Trainer.evaluate(model: model, images: data.test.images, labels: data.test.labels).accuracy
            let perStep = 1e3 * result.seconds / Double(result.losses.count)
            if json {
                print(JSONText.line([("table", .string("mixed_precision")), ("precision", .string(precision.rawValue)), ("ms_per_step", .number(perStep)),
                                     ("weights_mb", .number(weights)), ("activations_mb", .number(activations)),
                                     ("skipped_steps", .int(result.scaler?.skippedSteps ?? 0)), ("test_accuracy", .number(accuracy))]))
            }
            table.add([precision.rawValue, String(format: "%.2f", perStep), String(format: "%.2f", weights), String(format: "%.2f", activations),
                       result.scaler.map { String($0.skippedSteps) } ?? "-", result.scaler.map { String(format: "%.0f", $0.scale) } ?? "-",
                       String(format: "%.4f", result.losses.last ?? .nan), String(format: "%.4f", accuracy)])
        }
        if !json { print(table.render()) }
    }

    static func checkpointing(_ invocation: Invocation, json: Bool) throws {
        if !json { print("\n3. gradient checkpointing — one forward + backward of 784 → D × 512 → 10 (ReLU), batch 1024; each cell a fresh `memory` process") }
        var table = TextTable(["hidden layers", "segment", "peak MB plain", "peak MB checkpointed", "saved", "time ×", "gradients equal"])
        var plainCurve: [Double] = [], checkpointedCurve: [Double] = []
        let depths = invocation.ints("depths")
        for depth in depths {
            let layers = 2 * depth + 1
            let segment = Swift.max(1, Int(Double(layers).squareRoot().rounded()))
            let plain = try probe(["--depth", String(depth)])
            let checkpointed = try probe(["--depth", String(depth), "--segment", String(segment)])
            let (a, b) = (plain["peak_bytes"] as? Double ?? .nan, checkpointed["peak_bytes"] as? Double ?? .nan)
            let (ta, tb) = (plain["seconds"] as? Double ?? .nan, checkpointed["seconds"] as? Double ?? .nan)
            let equal = (plain["gradient_sum"] as? Double) == (checkpointed["gradient_sum"] as? Double) && (plain["loss"] as? Double) == (checkpointed["loss"] as? Double)
            if json {
                print(JSONText.line([("table", .string("checkpointing")), ("depth", .int(depth)), ("segment", .int(segment)),
                                     ("peak_bytes_plain", .number(a)), ("peak_bytes_checkpointed", .number(b)),
                                     ("seconds_plain", .number(ta)), ("seconds_checkpointed", .number(tb)), ("gradients_equal", .bool(equal))]))
            }
            plainCurve.append(a / 1e6)
            checkpointedCurve.append(b / 1e6)
            table.add([String(depth), String(segment), String(format: "%.0f", a / 1e6), String(format: "%.0f", b / 1e6),
                       String(format: "%.0f %%", 100 * (a - b) / a), String(format: "%.2f", tb / ta), equal ? "yes" : "NO"])
        }
        let url = try Project.outputDirectory("Week16TrainingAtScale").appendingPathComponent("checkpointing-memory.svg")
        let x = depths.map(Double.init)
        try SVGPlot.save(SVGPlot.line(title: "peak resident memory of one training step", xLabel: "hidden layers", yLabel: "MB",
                                      series: [Series(name: "plain", x: x, y: plainCurve), Series(name: "checkpointed (√ segments)", x: x, y: checkpointedCurve)]),
                         to: url)
        if !json { print(table.render() + "\nwrote \(Project.display(url))") }
    }

    /// Runs `memory … --json` in a fresh process and reads its line.
    static func probe(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = LaunchCommand.executable
        process.arguments = ["memory", "--json"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LaunchFailure(message: "memory \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus))")
        }
        return object
    }
}
