// The gate's main claim on a budget that runs in the test: on a fixed seed and a fixed subset of
// Fashion-MNIST (training images 0..<200, validation images 200..<400, the small CNN, 12 epochs
// of batch 20 at lr 0.005), each regulariser of the ablation, switched on alone, ends with a
// smaller generalisation gap (validation loss − training loss, both plain cross-entropy in
// evaluation mode) than the baseline, which overfits (gap ≈ 0.6; the regularised runs 0.40–0.58
// when this was written). What is independent of the code under test is the comparison: the
// same seeded run with one switch changed.

import Shared
import TestSupport
import Week14Regularization
import XCTest

final class RegularizerEffectTests: XCTestCase {
    func testEachRegularizerShrinksTheGap() throws {
        let data = try Fixtures.require(.fashionMNIST)
        let train = try ImageDatasets.load(from: data).train
        let task = try ImageTask(name: "gate", channels: 1, side: 28, train: try train.slice(0..<200), validation: try train.slice(200..<400))
        let settings = RegularizationSettings(architecture: .small, epochs: 12, batchSize: 20, lr: 0.005, seed: 14, trainScoreLimit: 200)
        let rows = Regularizers.ablation
        XCTAssertEqual(rows[0].settings, .baseline)
        let baseline = try RegularizationRun.train(.baseline, settings: settings, task: task).result
        XCTAssertGreaterThan(baseline.lossGap, 0.3, "the baseline overfits this subset")
        XCTAssertGreaterThan(baseline.accuracyGap, 0.1)
        for (name, regularizers) in rows.dropFirst() {
            let r = try RegularizationRun.train(regularizers, settings: settings, task: task).result
            XCTAssertLessThan(r.lossGap, baseline.lossGap, "\(name): gap \(r.lossGap) vs the baseline's \(baseline.lossGap)")
        }
    }
}
