// `train` (the default; the small ResNet unless --arch simple): a CNN on Fashion-MNIST with augmentation, a progress bar per epoch, test
// accuracy after every epoch, then curves, the confusion matrix, conv1's filters and feature maps,
// and the weights (with batch norm's running statistics) as safetensors.

import Foundation
import Shared
import Week04MNIST
import Week05CNN

enum TrainCommand {
    static func run(_ invocation: Invocation) throws {
        let arch = Architecture(rawValue: invocation.string("arch"))!
        let epochs = invocation.optionalInt("epochs") ?? Week05CommandLine.defaultEpochs(arch)
        let batchSize = invocation.int("batch-size")
        let lr = invocation.double("lr")
        let shift = invocation.int("shift")
        let seed = invocation.int("seed")
        let width = invocation.int("width")
        let json = invocation.flag("json")

        let data = try DataChoice.load(invocation, quiet: json)
        var trainImages = data.train.images, trainLabels = data.train.labels
        if let limit = invocation.optionalInt("limit") {
            guard limit <= trainLabels.count else { throw UsageError("--limit must be between 1 and \(trainLabels.count)") }
            trainImages = try trainImages.rows(0..<limit)
            trainLabels = Array(trainLabels[..<limit])
        }
        var rng = SplitMix64(seed: UInt64(seed))
        let model = arch.make(rng: &rng, width: width)
        let optimizer = Adam(model.parameters, lr: Float(lr))
        let batches = (trainLabels.count + batchSize - 1) / batchSize
        if !json {
            let trainable = model.parameters.reduce(0) { $0 + $1.value.count }
            let augmentation = shift < 0 ? "no augmentation" : "flips and ±\(shift)-pixel shifts"
            let name = arch == .resnet ? "resnet (width \(width))" : "simple"
            print("\(name) CNN, \(trainable) parameters; Adam lr \(lr) (cosine to lr/20), batch \(batchSize), \(epochs) epochs, \(augmentation), seed \(seed)")
            print("BLAS: \(BLASInfo.summary)")
        }

        var history: [EpochLog] = []
        var table = TextTable(EpochLog.columns)
        for epoch in 0..<epochs {
            optimizer.lr = Trainer.cosineLR(base: Float(lr), epoch: epoch, epochs: epochs)
            let bar = json ? nil : ProgressBar("epoch \(epoch + 1)/\(epochs)", total: batches)
            let start = Timing.now()
            let result = try CNNTrainer.trainEpoch(model: model, optimizer: optimizer, images: trainImages, labels: trainLabels,
                                                   batchSize: batchSize, maxShift: shift, rng: &rng) { done, loss in
                bar?.update(done, note: String(format: "loss %.4f", loss))
            }
            let seconds = Timing.now() - start
            bar?.finish(note: String(format: "loss %.4f", result.loss))
            let test = try CNNTrainer.evaluate(model: model, images: data.test.images, labels: data.test.labels)
            let log = EpochLog(epoch: epoch + 1, lr: optimizer.lr, train: result, test: test, seconds: seconds)
            history.append(log)
            table.add(log.row)
            if json { print(log.jsonLine) }
        }

        let final = history.last!.test
        let secondsPerEpoch = history.map(\.seconds).reduce(0, +) / Double(history.count)
        let files = try writeFiles(model: model, arch: arch, width: width, data: data, history: history, seed: seed)
        if json {
            print(JSONText.line([("test_accuracy", .number(final.accuracy)), ("seconds_per_epoch", .number(secondsPerEpoch)),
                                 ("epochs", .int(epochs))]))
            return
        }
        print("\n" + table.render())
        print(String(format: "\ntest accuracy %.4f on %d images (%@); %.1f s per epoch of training", final.accuracy,
                     data.test.labels.count, data.name, secondsPerEpoch))
        print("\nwrote " + files.map(Project.display).joined(separator: ", "))
    }

    static func writeFiles(model: Sequential, arch: Architecture, width: Int, data: LoadedData,
                           history: [EpochLog], seed: Int) throws -> [URL] {
        let final = history.last!.test
        let output = try Project.outputDirectory("Week05CNN")
        let weights = output.appendingPathComponent("\(arch.rawValue).safetensors")
        try Checkpoint.save(model, to: weights, metadata: ["architecture": arch.rawValue, "width": String(width), "dataset": data.name, "seed": String(seed),
                                                             "test_accuracy": String(format: "%.4f", final.accuracy)])
        let curves = output.appendingPathComponent("\(arch.rawValue)-curves.svg")
        try SVGPlot.save(EpochLog.curves(title: "\(data.name) \(arch.rawValue) CNN: loss and accuracy by epoch", history),
                         to: curves)
        let confusion = ConfusionMatrix(labels: data.test.labels, predictions: final.predictions, classes: 10)
        let heatmap = output.appendingPathComponent("\(arch.rawValue)-confusion.svg")
        try SVGPlot.save(SVGPlot.heatmap(title: "\(data.name) test confusion (rows: true, columns: predicted)",
                                         values: confusion.counts.map { $0.map(Double.init) },
                                         rowLabels: data.classNames, columnLabels: data.classNames, annotate: true),
                         to: heatmap)
        var files = [weights, curves, heatmap]
        let first = model.layers.first(where: { $0.name == "conv1" })?.layer
        if let conv = (first as? Conv2d) ?? (first as? ConvReLUPool)?.conv {
            let filters = Visualize.filterGrid(conv)
            let filterURL = output.appendingPathComponent("\(arch.rawValue)-filters.png")
            try ImageFile.writePNG(filters.pixels, width: filters.width, height: filters.height, to: filterURL)
            let image = Array(try data.test.images.rows(0..<1).storage)
            let maps = try Visualize.featureMapGrid(conv, image: image)
            let mapURL = output.appendingPathComponent("\(arch.rawValue)-feature-maps.png")
            try ImageFile.writePNG(maps.pixels, width: maps.width, height: maps.height, to: mapURL)
            files += [filterURL, mapURL]
        }
        return files
    }
}
