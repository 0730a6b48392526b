// `bench`: the simple CNN's training step here vs the same im2col step in numpy, on the same first
// N batches of Fashion-MNIST (batch 128, Adam 1e-3, no augmentation), measured in the same run;
// seconds per epoch are seconds per batch × 469 (60,000 / 128 rounded up).

import Foundation
import Shared
import Week04MNIST
import Week05CNN

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let batches = try invocation.int("batches", default: 60)
        guard batches >= 1 && batches <= 469 else { throw UsageError("--batches must be between 1 and 469, got \(batches)") }
        let json = invocation.flag("json")
        let folder = try Dataset.fashionMNIST.locate()
        let train = try ImageDatasets.load(.fashionMNIST).train
        let batchSize = 128, perEpoch = 469.0
        var rng = SplitMix64(seed: 42)
        let model = Architecture.simple.make(rng: &rng)
        let optimizer = Adam(TrainingMode.trainable(model), lr: 1e-3)
        let bar = json ? nil : ProgressBar("Swift", total: batches)
        var loss: Float = 0
        let start = Timing.now()
        for b in 0..<batches {
            let x = try train.images.rows((b * batchSize)..<((b + 1) * batchSize))
            loss = try Trainer.gradientStep(model: model, x: x, labels: Array(train.labels[(b * batchSize)..<((b + 1) * batchSize)])).loss
            try optimizer.step()
            bar?.update(b + 1)
        }
        let ours = (Timing.now() - start) / Double(batches)
        bar?.finish()
        if !json { FileHandle.standardError.write(Data("numpy: running the same step in python3 …\n".utf8)) }
        let numpy = NumpyCNN.run(folder: folder, batches: batches, batchSize: batchSize)
        if json {
            print(JSONText.line([("seconds_per_epoch", .number(ours * perEpoch)),
                                 ("numpy_seconds_per_epoch", numpy.map { .number($0.secondsPerBatch * perEpoch) } ?? .null),
                                 ("numpy_over_swift", numpy.map { .number($0.secondsPerBatch / ours) } ?? .null),
                                 ("batches", .int(batches)), ("threads", .int(BLASInfo.threads))]))
            return
        }
        print("simple CNN, batch 128, Adam 1e-3, first \(batches) batches of Fashion-MNIST, \(BLASInfo.threads) BLAS thread(s)\n")
        var table = TextTable(["implementation", "s / batch", "s / epoch (×469)", "loss after"])
        table.add(["Swift (im2col + sgemm)", String(format: "%.4f", ours), String(format: "%.1f", ours * perEpoch), String(format: "%.4f", loss)])
        if let numpy {
            table.add(["numpy (same im2col step)", String(format: "%.4f", numpy.secondsPerBatch),
                       String(format: "%.1f", numpy.secondsPerBatch * perEpoch), String(format: "%.4f", numpy.loss)])
        }
        print(table.render())
        if let numpy {
            print(String(format: "\nnumpy / Swift: %.2f× (above 1: this code is faster)", numpy.secondsPerBatch / ours))
        } else {
            print("\n(numpy column missing: python3 with numpy was not found, or the script failed)")
        }
        print("outside figure: PyTorch CPU, same net and batch on 2 threads: 7.7 s/epoch (measured on this machine by the curriculum lead)")
    }
}
