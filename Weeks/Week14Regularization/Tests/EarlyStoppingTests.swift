// Early stopping: the patience rule on a scripted sequence of validation losses, and the restore
// of the best epoch's weights exactly — every parameter and BatchNorm's running statistics — in
// a model trained a few real steps between epochs, compared with a copy taken at that epoch.

import Shared
import TestSupport
import Week04MNIST
import Week05CNN
import Week14Regularization
import XCTest

final class EarlyStoppingTests: XCTestCase {
    func testPatienceRule() {
        var rng = SplitMix64(seed: 1)
        let model = MLP.make(sizes: [2, 2], rng: &rng)
        let stopping = EarlyStopping(patience: 2)
        // best at epoch 2; epochs 3 and 4 are not better → stop after epoch 4
        XCTAssertFalse(stopping.update(epoch: 1, validationLoss: 0.50, model: model))
        XCTAssertFalse(stopping.update(epoch: 2, validationLoss: 0.42, model: model))
        XCTAssertFalse(stopping.update(epoch: 3, validationLoss: 0.45, model: model))
        XCTAssertTrue(stopping.update(epoch: 4, validationLoss: 0.42, model: model), "equal is not an improvement")
        XCTAssertEqual(stopping.bestEpoch, 2)
        XCTAssertEqual(stopping.bestLoss, 0.42)
        let strict = EarlyStopping(patience: 1, minDelta: 0.05)
        XCTAssertFalse(strict.update(epoch: 1, validationLoss: 1.0, model: model))
        XCTAssertTrue(strict.update(epoch: 2, validationLoss: 0.97, model: model), "an improvement below minDelta counts as none")
    }

    func testRestoresTheBestEpochsWeightsAndBuffersExactly() throws {
        var rng = SplitMix64(seed: 21)
        let model = RegularizedCNN.wide.make(channels: 1, side: 8, dropout: 0.2, rng: &rng)
        let x = Tensor.randomUniform([16, 64], using: &rng)
        let labels = (0..<16).map { $0 % 10 }
        let loop = TrainingLoop(model: model, optimizer: Adam(model.parameters, lr: 0.01))
        let stopping = EarlyStopping(patience: 2)
        let losses = [0.9, 0.7, 0.8, 0.75]  // scripted: epoch 2 is the best
        var copies: [[String: [Float]]] = []
        for (epoch, loss) in losses.enumerated() {
            for _ in 0..<3 { try loop.step { try Trainer.classificationLoss(model: model, x: x, labels: labels).loss } }
            copies.append(Dictionary(uniqueKeysWithValues: model.namedTensors().map { ($0.name, $0.value.value.storage) }))
            if stopping.update(epoch: epoch + 1, validationLoss: loss, model: model) { break }
        }
        XCTAssertEqual(copies.count, 4)
        XCTAssertTrue(model.namedBuffers().contains { $0.name == "bn1.running_mean" }, "the wide CNN has buffers to restore")
        XCTAssertNotEqual(copies[3]["bn1.running_mean"], copies[1]["bn1.running_mean"])
        XCTAssertNotEqual(copies[3]["fc2.weight"], copies[1]["fc2.weight"])
        try stopping.restoreBest(into: model)
        for tensor in model.namedTensors() {
            XCTAssertEqual(tensor.value.value.storage, copies[1][tensor.name], "\(tensor.name) is epoch 2's, bit for bit")
        }
    }

    func testRunWithEarlyStoppingEndsOnItsBestEpoch() throws {
        let data = try Fixtures.require(.fashionMNIST)
        let train = try ImageDatasets.load(from: data).train
        let task = try ImageTask(name: "tiny", channels: 1, side: 28, train: try train.slice(0..<200), validation: try train.slice(200..<400))
        let settings = RegularizationSettings(epochs: 8, batchSize: 20, lr: 0.01, seed: 3, trainScoreLimit: 200)
        let (result, model) = try RegularizationRun.train(Regularizers(patience: 2), settings: settings, task: task)
        let best = result.history.min { $0.validation.loss < $1.validation.loss }!
        XCTAssertEqual(result.finalEpoch, best.epoch)
        XCTAssertEqual(result.validation, best.validation, "the restored model scores what its epoch scored")
        XCTAssertEqual(try RegularizationRun.score(model, task.validation), best.validation)
        if result.stoppedEarly { XCTAssertEqual(result.history.count, best.epoch + 2) }
    }
}
