// `train` (the default): the MLP on the full training set, with a progress bar per epoch, test
// accuracy after every epoch, the confusion matrix, loss/accuracy curves as SVG and the weights.

import Foundation
import Shared
import Week04MNIST

enum TrainCommand {
    static func run(_ invocation: Invocation) throws {
        let options = try TrainingOptions(invocation)
        let (epochs, batchSize, lr, seed, hidden) = (options.epochs, options.batchSize, options.lr, options.seed, options.hidden)
        let json = invocation.flag("json")

        let data = try DataChoice.load(invocation, quiet: json)
        var trainImages = data.train.images
        var trainLabels = data.train.labels
        if let limit = options.limit {
            guard limit <= trainLabels.count else { throw UsageError("--limit must be between 1 and \(trainLabels.count)") }
            trainImages = try trainImages.rows(0..<limit)
            trainLabels = Array(trainLabels[..<limit])
        }

        var rng = SplitMix64(seed: UInt64(seed))
        let sizes = [784] + hidden + [10]
        let model = MLP.make(sizes: sizes, rng: &rng)
        let optimizer = Adam(model.parameters, lr: Float(lr))
        let batches = (trainLabels.count + batchSize - 1) / batchSize
        if !json {
            print("MLP \(sizes.map(String.init).joined(separator: "-")), \(model.parameterCount) parameters; Adam lr \(lr) (cosine to lr/20), batch \(batchSize), \(epochs) epochs, seed \(seed)")
            print("BLAS: \(BLASInfo.summary)")
        }

        var history: [EpochLog] = []
        var table = TextTable(EpochLog.columns)
        for epoch in 0..<epochs {
            optimizer.lr = Trainer.cosineLR(base: Float(lr), epoch: epoch, epochs: epochs)
            let bar = json ? nil : ProgressBar("epoch \(epoch + 1)/\(epochs)", total: batches)
            let start = Timing.now()
            let result = try Trainer.trainEpoch(model: model, optimizer: optimizer, images: trainImages, labels: trainLabels,
                                                batchSize: batchSize, rng: &rng) { done, loss in
                bar?.update(done, note: String(format: "loss %.4f", loss))
            }
            let seconds = Timing.now() - start
            bar?.finish(note: String(format: "loss %.4f", result.loss))
            let test = try Trainer.evaluate(model: model, images: data.test.images, labels: data.test.labels)
            let log = EpochLog(epoch: epoch + 1, lr: optimizer.lr, train: result, test: test, seconds: seconds)
            history.append(log)
            table.add(log.row)
            if json { print(log.jsonLine) }
        }

        let final = history.last!.test
        let secondsPerEpoch = history.map(\.seconds).reduce(0, +) / Double(history.count)
        let confusion = ConfusionMatrix(labels: data.test.labels, predictions: final.predictions, classes: 10)
        let output = try Project.outputDirectory("Week04MNIST")
        let weights = output.appendingPathComponent("mlp.safetensors")
        try Checkpoint.save(model, to: weights, metadata: ["architecture": sizes.map(String.init).joined(separator: "-"),
                                                             "dataset": data.name, "seed": String(seed),
                                                             "test_accuracy": String(format: "%.4f", final.accuracy)])
        let curves = output.appendingPathComponent("curves.svg")
        try SVGPlot.save(EpochLog.curves(title: "\(data.name) MLP: loss and accuracy by epoch", history),
                         to: curves)
        let heatmap = output.appendingPathComponent("confusion.svg")
        try SVGPlot.save(SVGPlot.heatmap(title: "\(data.name) test confusion (rows: true, columns: predicted)",
                                         values: confusion.counts.map { $0.map(Double.init) },
                                         rowLabels: data.classNames, columnLabels: data.classNames, annotate: true),
                         to: heatmap)
        if json {
            print(JSONText.line([("test_accuracy", .number(final.accuracy)), ("seconds_per_epoch", .number(secondsPerEpoch)),
                                 ("epochs", .int(epochs)), ("parameters", .int(model.parameterCount))]))
            return
        }
        print("\n" + table.render())
        print(String(format: "\ntest accuracy %.4f on %d images (%@); %.2f s per epoch of training", final.accuracy,
                     data.test.labels.count, data.name, secondsPerEpoch))
        print("\nconfusion matrix (rows: true class, columns: predicted)\n")
        print(EvaluateCommand.render(confusion, classNames: data.classNames))
        print("\nwrote \(Project.display(weights)), \(Project.display(curves)), \(Project.display(heatmap))")
    }
}
