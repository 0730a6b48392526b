// `train` (the default) and `resume DIR`.
//
// train: run A goes straight through; run B is a worker process (WorkerProcess.swift) that saves
// its checkpoint (model.safetensors + training.safetensors) after --stop-at steps, trains on, and is
// killed with SIGKILL; run C is rebuilt in this process from those files alone and finishes. B's steps followed by C's must equal A's:
// every step's loss, and every weight at the end, compared bit for bit. Then the test accuracy,
// the curves (SVG) and, for the torch load check, the final model and a probe batch of logits.

import Foundation
import Shared
import Week04MNIST
import Week13Modules

enum TrainCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let setup = try RunSetup(invocation)
        let (images, labels, settings, prefetch, data) = (setup.images, setup.labels, setup.settings, setup.prefetch, setup.data)
        let out = invocation.string("out")
        let folder = out.hasPrefix("/") ? URL(fileURLWithPath: out) : Project.root.appendingPathComponent(out)

        let straight = try TrainingRun(settings: settings, images: images, labels: labels, prefetch: prefetch)
        let total = straight.totalSteps
        guard settings.warmup < total else { throw UsageError("--warmup must be below the run's \(total) steps") }
        let stopAt = invocation.optionalInt("stop-at") ?? total / 2
        guard stopAt < total else { throw UsageError("--stop-at must be below the run's \(total) steps") }
        if !json {
            print("MLP \(([images.rowLength] + settings.hidden + [10]).map(String.init).joined(separator: "-")), AdamW (decay \(settings.weightDecay) on matrices), batch \(settings.batchSize), \(settings.epochs) epochs = \(total) steps, seed \(settings.seed)")
            print("lr: linear warm-up over \(settings.warmup) steps to \(settings.maxLR), cosine to \(settings.minLR) at step \(total) (nanoGPT's get_lr); prefetch \(prefetch ? "on" : "off")")
        }

        var a: [StepLog] = []
        let seconds = try timed { try train(straight, label: "A: straight through", json: json) { a.append($0) } }
        if !json { print("B: a worker process trains the same run, saves its checkpoint after step \(stopAt), and is killed (SIGKILL)") }
        let worker = try KilledWorker.run(arguments: setup.arguments(limit: invocation.optionalInt("limit")), stopAt: stopAt, folder: folder)
        var b = worker.steps
        if !json {
            let fate = worker.killed ? "killed \(worker.stepsAfterCheckpoint) step(s) after it (that work is lost)" : "finished before the kill landed"
            print("saved \(Project.display(folder))/{\(TrainingCheckpoint.modelFile),\(TrainingCheckpoint.trainingFile)} at step \(stopAt); worker \(fate)")
        }
        let resumed = try TrainingCheckpoint.resume(from: folder, images: images, labels: labels, prefetch: prefetch)
        try train(resumed, label: "C: resumed from disk", json: json) { b.append($0) }

        let comparison = RunComparison(a: a, b: b, modelA: straight.model, modelB: resumed.model)
        let test = try Trainer.evaluate(model: resumed.model, images: data.test.images, labels: data.test.labels)
        let output = try Project.outputDirectory("Week13Modules")
        let final = output.appendingPathComponent("final")
        try TrainingCheckpoint.save(resumed, to: final)
        let probe = output.appendingPathComponent("probe.safetensors")
        let probeImages = try data.test.images.rows(0..<16)
        let logits = try Autograd.noGrad { try resumed.model(Variable(probeImages)).value }
        try Safetensors.write(["x": probeImages, "logits": logits], metadata: ["model": final.path + "/" + TrainingCheckpoint.modelFile], to: probe)
        let plot = output.appendingPathComponent("resume.svg")
        try SVGPlot.save(SVGPlot.line(title: "training loss per step: straight through vs stopped at \(stopAt) and resumed", xLabel: "step",
                                      yLabel: "loss", series: [Series(name: "A straight", y: a.map { Double($0.loss) }),
                                                               Series(name: "B+C resumed", y: b.map { Double($0.loss) })]),
                         to: plot)
        let lrPlot = output.appendingPathComponent("lr.svg")
        try SVGPlot.save(SVGPlot.line(title: "learning rate per step (warm-up + cosine)", xLabel: "step", yLabel: "lr",
                                      series: [Series(name: "lr", y: a.map { Double($0.lr) })]), to: lrPlot)
        if json {
            print(JSONText.line([("steps", .int(total)), ("stop_at", .int(stopAt)), ("identical", .bool(comparison.identical)),
                                 ("max_loss_difference", .number(comparison.maxLossDifference)),
                                 ("max_weight_difference", .number(comparison.maxWeightDifference)),
                                 ("test_accuracy", .number(test.accuracy)), ("seconds_straight", .number(seconds)),
                                 ("worker_killed", .bool(worker.killed)), ("worker_steps_lost", .int(worker.stepsAfterCheckpoint))]))
        } else {
            print(comparison.report(stopAt: stopAt))
            print(String(format: "test accuracy %.4f on %d images; run A took %.1f s", test.accuracy, data.test.labels.count, seconds))
            print("wrote \(Project.display(plot)), \(Project.display(lrPlot)), \(Project.display(final))/, \(Project.display(probe))")
        }
        guard comparison.identical else { throw ResumeMismatch(report: comparison.report(stopAt: stopAt)) }
    }

    static func resume(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let folder = URL(fileURLWithPath: invocation.positionals[0])
        let trainingURL = folder.appendingPathComponent(TrainingCheckpoint.trainingFile)
        guard FileManager.default.fileExists(atPath: trainingURL.path) else {
            throw UsageError("\(folder.path) holds no \(TrainingCheckpoint.trainingFile) (write one with `Week13Modules train`)")
        }
        let metadata = try Safetensors.read(trainingURL).metadata
        let data = try ImageDatasets.load(.fashionMNIST)
        guard let examples = metadata["examples"].flatMap(Int.init), examples > 0, examples <= data.train.labels.count else {
            throw TrainingCheckpointError.badMetadata("examples")
        }
        let run = try TrainingCheckpoint.resume(from: folder, images: try data.train.images.rows(0..<examples),
                                                labels: Array(data.train.labels[..<examples]), prefetch: !invocation.flag("no-prefetch"))
        let start = run.step
        var last: StepLog?
        try train(run, label: "resumed at step \(start)", json: json) { last = $0 }
        try TrainingCheckpoint.save(run, to: folder)
        let test = try Trainer.evaluate(model: run.model, images: data.test.images, labels: data.test.labels)
        if json {
            print(JSONText.line([("from_step", .int(start)), ("steps", .int(run.step)), ("test_accuracy", .number(test.accuracy)),
                                 ("last_loss", last.map { .number(Double($0.loss)) } ?? .null)]))
        } else {
            print(String(format: "steps %d → %d; test accuracy %.4f; checkpoint %@ updated", start, run.step, test.accuracy, Project.display(folder)))
        }
    }

    /// Trains `run` (to `stop` or its end) with a progress bar, passing every step to `log`.
    static func train(_ run: TrainingRun, until stop: Int? = nil, label: String, json: Bool, log: (StepLog) -> Void) throws {
        let end = stop ?? run.totalSteps
        let bar = json ? nil : ProgressBar(label, total: end - run.step)
        let first = run.step
        try run.train(until: stop) { record in
            log(record)
            bar?.update(record.step - first, note: String(format: "loss %.4f lr %.2e", record.loss, record.lr))
        }
        bar?.finish()
    }

    static func timed(_ body: () throws -> Void) throws -> Double {
        let start = Timing.now()
        try body()
        return Timing.now() - start
    }
}

struct ResumeMismatch: Error, CustomStringConvertible {
    let report: String
    var description: String { "the resumed run differs from the uninterrupted one: " + report }
}
