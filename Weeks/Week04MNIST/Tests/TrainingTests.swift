// The Assess gate, part 3: training on real data, the confusion matrix, the schedule and the
// command line's errors.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class TrainingTests: XCTestCase {
    func testFixedSeedSubsetRunReachesStatedAccuracy() throws {
        // 2,000 Fashion-MNIST training images, MLP 784-256-128-10, Adam 1e-3, batch 64, 3 epochs,
        // seed 42 → measured test accuracy on the first 1,000 test images: 0.757 (losses 1.455, 0.781, 0.663).
        // Asserted as ≥ 0.73, a margin of 0.027 for BLAS summation-order differences across machines.
        let folder = try Fixtures.require(.fashionMNIST)
        let data = try ImageDatasets.load(.fashionMNIST, from: folder)
        let images = try data.train.images.rows(0..<2000), labels = Array(data.train.labels[..<2000])
        let testImages = try data.test.images.rows(0..<1000), testLabels = Array(data.test.labels[..<1000])
        var rng = SplitMix64(seed: 42)
        let model = MLP.make(sizes: [784, 256, 128, 10], rng: &rng)
        let adam = Adam(model.parameters, lr: 1e-3)
        var losses: [Double] = []
        for _ in 0..<3 {
            losses.append(try Trainer.trainEpoch(model: model, optimizer: adam, images: images, labels: labels,
                                                 batchSize: 64, rng: &rng).loss)
        }
        let result = try Trainer.evaluate(model: model, images: testImages, labels: testLabels)
        print("subset run: epoch losses \(losses), test accuracy \(result.accuracy)")
        XCTAssertLessThan(losses[2], losses[0], "training loss falls")
        XCTAssertGreaterThanOrEqual(result.accuracy, 0.73)
        XCTAssertEqual(result.predictions.count, 1000)
    }

    func testConfusionMatrixCountsAWorkedExample() {
        // true  0 0 1 1 2 2 2;  predicted  0 1 1 1 2 0 2  →  rows (true): [1 1 0] [0 2 0] [1 0 2]
        let m = ConfusionMatrix(labels: [0, 0, 1, 1, 2, 2, 2], predictions: [0, 1, 1, 1, 2, 0, 2], classes: 3)
        XCTAssertEqual(m.counts, [[1, 1, 0], [0, 2, 0], [1, 0, 2]])
        XCTAssertEqual(m.total, 7, "counts sum to N")
        assertClose(m.perClassAccuracy, [0.5, 1, 2.0 / 3], rtol: 1e-12)
    }

    func testEvaluationPredictionsAreArgmaxAndConfusionSumsToN() throws {
        // A fixed linear "model" whose logits are the inputs themselves: predictions = argmax per row.
        var rng = SplitMix64(seed: 3)
        let x = Tensor.randomNormal([37, 10], using: &rng)
        let identity = Linear(10, 10, rng: &rng)
        identity.weight.value = .eye(10)
        identity.bias.value = .zeros([10])
        let labels = (0..<37).map { $0 % 10 }
        let result = try Trainer.evaluate(model: identity, images: x, labels: labels, batchSize: 8)
        XCTAssertEqual(result.predictions, try x.argmax(axis: 1))
        let expectedCorrect = zip(try x.argmax(axis: 1), labels).filter { $0 == $1 }.count
        XCTAssertEqual(result.accuracy, Double(expectedCorrect) / 37, accuracy: 1e-12)
        XCTAssertEqual(ConfusionMatrix(labels: labels, predictions: result.predictions, classes: 10).total, 37)
    }

    func testGatherBatchEqualsSharedGatherRows() throws {
        var rng = SplitMix64(seed: 6)
        let images = Tensor.randomUniform([20, 7], using: &rng)
        let indices = [19, 0, 3, 3, 11]
        XCTAssertEqual(try Trainer.gatherBatch(images, indices), try images.gatherRows(indices))
        XCTAssertThrowsError(try Trainer.gatherBatch(images, [2, 20]))
    }

    func testCosineScheduleEndpoints() {
        // lr_min = base/20; epoch 0 → base; halfway → (base + min)/2; cos(π·9/10) near the end.
        XCTAssertEqual(Trainer.cosineLR(base: 1e-3, epoch: 0, epochs: 10), 1e-3, accuracy: 1e-9)
        XCTAssertEqual(Trainer.cosineLR(base: 1e-3, epoch: 5, epochs: 10), 5.25e-4, accuracy: 1e-9)
        let last = 5e-5 + (1e-3 - 5e-5) * 0.5 * (1 + cos(Double.pi * 0.9))
        XCTAssertEqual(Double(Trainer.cosineLR(base: 1e-3, epoch: 9, epochs: 10)), last, accuracy: 1e-9)
    }

    func testCommandLineRejectsBadValues() throws {
        let cli = Week04CommandLine.parser
        func trainingOptions(_ args: [String]) throws -> TrainingOptions { try TrainingOptions(try cli.parse(args)!) }
        let defaults = try trainingOptions([])
        XCTAssertEqual([defaults.epochs, defaults.batchSize, defaults.seed], [TrainingOptions.defaultEpochs, 128, 42])
        XCTAssertEqual(defaults.hidden, [256, 128])
        XCTAssertEqual(try trainingOptions(["train", "--hidden", "64", "--epochs=3"]).hidden, [64])
        for bad in [["--epochs", "abc"], ["--epochs", "0"], ["--batch-size", "-1"], ["--lr", "0"], ["--lr", "nan"],
                    ["--hidden", "0,5"], ["--hidden", "2.5"], ["--seed", "-3"], ["--limit", "0"]] {
            XCTAssertThrowsError(try trainingOptions(bad), "\(bad)") { XCTAssertTrue($0 is UsageError, "\(bad): \($0)") }
        }
        XCTAssertThrowsError(try cli.parse(["train", "--epoch", "3"])) { XCTAssertTrue($0 is UsageError) }
        XCTAssertThrowsError(try cli.parse(["fly"])) { XCTAssertTrue($0 is UsageError) }
    }

    func testMissingDataFolderIsOneClearError() throws {
        let empty = try TemporaryDirectory()
        let missing = try Week04CommandLine.parser.parse(["--data", empty.url.appendingPathComponent("nope").path])!
        XCTAssertThrowsError(try DataChoice.load(missing, quiet: true)) { error in
            XCTAssertTrue("\(error)".contains("is not a folder"), "\(error)")
        }
        let noFiles = try Week04CommandLine.parser.parse(["--data", empty.url.path])!
        XCTAssertThrowsError(try DataChoice.load(noFiles, quiet: true)) { error in
            XCTAssertTrue("\(error)".contains("train-images-idx3-ubyte"), "the message names the missing file: \(error)")
        }
    }
}
