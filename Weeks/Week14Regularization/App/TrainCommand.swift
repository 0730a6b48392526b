// `train`: one configuration of regularisers (default: the combination the ablation points to)
// on Fashion-MNIST — the first --limit training images, or all 60,000 with --full — or on
// CIFAR-10's binary batches in DIR (`--dataset cifar10 DIR`). The last 10 % of the training images
// are held out for validation (early stopping watches them); the test set is scored once, at the
// end, on the restored weights. Writes the curves (SVG) and the weights (safetensors).

import Foundation
import Shared
import Week04MNIST
import Week14Regularization

enum TrainCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let cifar = invocation.string("dataset") == "cifar10"
        let data: (train: ImageSplit, test: ImageSplit)
        let (name, channels, side): (String, Int, Int)
        if cifar {
            guard let folder = invocation.positionals.first else {
                throw UsageError("train --dataset cifar10 needs DIR: the folder holding data_batch_1.bin … data_batch_5.bin and test_batch.bin")
            }
            data = try CIFAR10.load(from: URL(fileURLWithPath: folder, isDirectory: true))
            (name, channels, side) = ("CIFAR-10", 3, 32)
        } else {
            guard invocation.positionals.isEmpty else { throw UsageError("train: DIR is only for --dataset cifar10") }
            data = try ImageDatasets.load(.fashionMNIST)
            (name, channels, side) = ("Fashion-MNIST", 1, 28)
        }
        let available = data.train.labels.count
        let used = invocation.flag("full") ? available : Swift.min(available, invocation.optionalInt("limit") ?? 10_000)
        let held = Swift.max(1, used / 10)
        guard used - held >= 2 else { throw UsageError("train: \(used) training images are too few to hold out a validation set") }
        let task = try ImageTask(name: name, channels: channels, side: side, train: try data.train.slice(0..<(used - held)),
                                 validation: try data.train.slice((used - held)..<used))
        let patience = invocation.int("patience")
        let regularizers = Regularizers(dropout: Float(invocation.double("dropout")), labelSmoothing: Float(invocation.double("smoothing")),
                                        weightDecay: Float(invocation.double("weight-decay")),
                                        weightDecayKind: invocation.string("decay") == "l2" ? .l2 : .decoupled,
                                        augmentation: Week14CommandLine.augmentation(invocation.string("augment")),
                                        mixupAlpha: invocation.double("mixup"), patience: patience == 0 ? nil : patience)
        let settings = RegularizationSettings(architecture: RegularizedCNN(rawValue: invocation.string("arch"))!, epochs: invocation.int("epochs"),
                                   batchSize: invocation.int("batch-size"), lr: invocation.double("lr"), seed: UInt64(invocation.int("seed")))
        if !json {
            print("\(settings.architecture.rawValue) CNN on \(name): \(used - held) training / \(held) validation / \(data.test.labels.count) test images; "
                + "\(settings.epochs) epochs, batch \(settings.batchSize), lr \(settings.lr) cosine to lr/20, seed \(settings.seed)")
            print("regularisers: \(regularizers.summary)")
            print("BLAS: \(BLASInfo.summary)")
        }
        let batches = (used - held + settings.batchSize - 1) / settings.batchSize
        var bar: ProgressBar?
        var table = TextTable(["epoch", "objective", "train loss", "train acc", "val loss", "val acc", "seconds"])
        let start = Timing.now()
        let (result, model) = try RegularizationRun.train(regularizers, settings: settings, task: task, progress: { epoch, done, loss in
            if done == 1 && !json { bar = ProgressBar("epoch \(epoch)/\(settings.epochs)", total: batches) }
            bar?.update(done, note: String(format: "loss %.4f", loss))
        }, epochDone: { point in
            bar?.finish(note: String(format: "val acc %.4f", point.validation.accuracy))
            table.add([String(point.epoch), f(point.objective), f(point.train.loss), f(point.train.accuracy), f(point.validation.loss),
                       f(point.validation.accuracy), String(format: "%.1f", point.seconds)])
            if json {
                print(JSONText.line([("epoch", .int(point.epoch)), ("objective", .number(point.objective)), ("train_loss", .number(point.train.loss)),
                                     ("train_accuracy", .number(point.train.accuracy)), ("validation_loss", .number(point.validation.loss)),
                                     ("validation_accuracy", .number(point.validation.accuracy)), ("seconds", .number(point.seconds))]))
            }
        })
        let seconds = Timing.now() - start
        let test = try RegularizationRun.score(model, data.test)
        let output = try Project.outputDirectory("Week14Regularization")
        let stem = "train-\(cifar ? "cifar10" : "fashion-mnist")"
        let curves = output.appendingPathComponent("\(stem)-curves.svg")
        try SVGPlot.save(Curves.run(title: "\(name), \(regularizers.summary): train vs validation", result.history), to: curves)
        let weights = output.appendingPathComponent("\(stem).safetensors")
        try Checkpoint.save(model, to: weights, metadata: ["architecture": settings.architecture.rawValue, "dataset": name,
                                                             "regularizers": regularizers.summary, "seed": String(settings.seed),
                                                             "test_accuracy": String(format: "%.4f", test.accuracy)])
        if json {
            print(JSONText.line([("test_accuracy", .number(test.accuracy)), ("test_loss", .number(test.loss)),
                                 ("final_epoch", .int(result.finalEpoch)), ("epochs_run", .int(result.history.count)),
                                 ("loss_gap", .number(result.lossGap)), ("seconds", .number(seconds))]))
            return
        }
        print("\n" + table.render())
        let restored = regularizers.patience == nil ? "" : " (early stopping: weights of epoch \(result.finalEpoch) of \(result.history.count))"
        print(String(format: "\ntest accuracy %.4f on %d images%@; %.0f s in all", test.accuracy, data.test.labels.count, restored, seconds))
        print("wrote " + [curves, weights].map(Project.display).joined(separator: ", "))
    }


    static func f(_ x: Double) -> String { String(format: "%.4f", x) }
}
