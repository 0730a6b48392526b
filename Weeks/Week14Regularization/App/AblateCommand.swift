// `ablate` (the default): the same CNN, seed, subset and budget under each regulariser alone, then
// the regularisers that shrank the loss gap without costing validation accuracy, combined. Prints
// the table of gaps, writes one train-vs-validation SVG per configuration, an overlay of the
// validation losses and a bar chart of the gaps.

import Foundation
import Shared
import Week14Regularization

enum AblateCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let (trainSize, validationSize) = (invocation.int("train-size"), invocation.int("validation-size"))
        let data = try ImageDatasets.load(.fashionMNIST).train
        guard trainSize + validationSize <= data.labels.count else {
            throw UsageError("--train-size + --validation-size must be at most \(data.labels.count)")
        }
        let task = try ImageTask(name: "Fashion-MNIST", channels: 1, side: 28,
                                 train: try data.slice(0..<trainSize), validation: try data.slice(trainSize..<(trainSize + validationSize)))
        let settings = RegularizationSettings(architecture: RegularizedCNN(rawValue: invocation.string("arch"))!, epochs: invocation.int("epochs"),
                                   batchSize: invocation.int("batch-size"), lr: invocation.double("lr"), seed: UInt64(invocation.int("seed")))
        if !json {
            print("\(settings.architecture.rawValue) CNN on Fashion-MNIST: train on images 0..<\(trainSize), validate on \(trainSize)..<\(trainSize + validationSize); "
                + "\(settings.epochs) epochs, batch \(settings.batchSize), lr \(settings.lr) cosine to lr/20, seed \(settings.seed)")
            print("BLAS: \(BLASInfo.summary)")
        }
        let output = try Project.outputDirectory("Week14Regularization")
        var rows: [(name: String, settings: Regularizers, result: RunResult, seconds: Double)] = []
        var files: [URL] = []
        func train(_ name: String, _ regularizers: Regularizers) throws {
            let batches = (trainSize + settings.batchSize - 1) / settings.batchSize
            let bar = json ? nil : ProgressBar(name, total: settings.epochs * batches)
            let start = Timing.now()
            let (result, _) = try RegularizationRun.train(regularizers, settings: settings, task: task, progress: { epoch, done, loss in
                bar?.update((epoch - 1) * batches + done, note: String(format: "epoch %d loss %.4f", epoch, loss))
            })
            let seconds = Timing.now() - start
            bar?.finish(note: String(format: "gap %.4f, val acc %.4f", result.lossGap, result.validation.accuracy))
            rows.append((name, regularizers, result, seconds))
            let url = output.appendingPathComponent("ablate-\(Curves.slug(name)).svg")
            try SVGPlot.save(Curves.run(title: "\(name): train vs validation (\(regularizers.summary))", result.history), to: url)
            files.append(url)
            if json { print(jsonLine(name, regularizers, result, seconds)) }
        }
        for row in Regularizers.ablation { try train(row.name, row.settings) }
        let baseline = rows[0].result
        let helpful = rows.dropFirst().filter { $0.result.lossGap < baseline.lossGap && $0.result.validation.accuracy >= baseline.validation.accuracy }
        try train("combined", Regularizers.combining(helpful.map(\.settings)))

        let overlay = output.appendingPathComponent("ablate-validation-loss.svg")
        try SVGPlot.save(SVGPlot.line(title: "validation loss by epoch, each configuration", xLabel: "epoch", yLabel: "validation loss",
                                      series: rows.map { Series(name: $0.name, x: $0.result.history.map { Double($0.epoch) },
                                                                y: $0.result.history.map(\.validation.loss)) }), to: overlay)
        let bars = output.appendingPathComponent("ablate-gaps.svg")
        try SVGPlot.save(SVGPlot.bar(title: "validation loss − train loss at the end of each run", labels: rows.map(\.name),
                                     values: rows.map(\.result.lossGap), yLabel: "loss gap"), to: bars)
        files += [overlay, bars]
        if json { return }
        var table = TextTable(["configuration", "train loss", "val loss", "loss gap", "train acc", "val acc", "acc gap", "epoch", "seconds"])
        for row in rows {
            let r = row.result
            let epoch = r.stoppedEarly || row.settings.patience != nil ? "\(r.finalEpoch) of \(r.history.count)" : "\(r.finalEpoch)"
            table.add([row.name, f(r.train.loss), f(r.validation.loss), f(r.lossGap), f(r.train.accuracy), f(r.validation.accuracy),
                       f(r.accuracyGap), epoch, String(format: "%.1f", row.seconds)])
        }
        print("\n" + table.render())
        print("combined = \(rows.last!.settings.summary)")
        print("\nwrote " + files.map(Project.display).joined(separator: ", "))
    }


    static func f(_ x: Double) -> String { String(format: "%.4f", x) }

    static func jsonLine(_ name: String, _ settings: Regularizers, _ r: RunResult, _ seconds: Double) -> String {
        JSONText.line([("configuration", .string(name)), ("settings", .string(settings.summary)),
                       ("train_loss", .number(r.train.loss)), ("validation_loss", .number(r.validation.loss)),
                       ("loss_gap", .number(r.lossGap)), ("train_accuracy", .number(r.train.accuracy)),
                       ("validation_accuracy", .number(r.validation.accuracy)), ("accuracy_gap", .number(r.accuracyGap)),
                       ("final_epoch", .int(r.finalEpoch)), ("epochs_run", .int(r.history.count)), ("seconds", .number(seconds))])
    }
}
