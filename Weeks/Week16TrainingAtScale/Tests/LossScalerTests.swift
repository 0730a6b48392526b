// The loss scaler's state machine on a worked overflow sequence, and a float16 step that
// overflows: skipped, weights untouched, scale halved (torch.cuda.amp.GradScaler's semantics).
//
// Worked sequence, initial scale 8, growth 2, backoff 0.5, interval 3 (F = finite, I = inf):
//   event   F  F  I  F  F  F  I  I  F  F  F
//   scale   8  8  4  4  4  8  4  2  2  2  4
//   tracker 1  2  0  1  2  0  0  0  1  2  0

import Foundation
import Shared
import Week04MNIST
import Week13Modules
import XCTest
@testable import Week16TrainingAtScale

final class LossScalerTests: XCTestCase {
    func testWorkedOverflowSequence() {
        let scaler = LossScaler(LossScalerSettings(initialScale: 8, growthFactor: 2, backoffFactor: 0.5, growthInterval: 3))
        let events = [false, false, true, false, false, false, true, true, false, false, false]
        var scales: [Float] = [], trackers: [Int] = []
        for foundInf in events {
            scaler.update(foundInf: foundInf)
            scales.append(scaler.scale)
            trackers.append(scaler.growthTracker)
        }
        XCTAssertEqual(scales, [8, 8, 4, 4, 4, 8, 4, 2, 2, 2, 4])
        XCTAssertEqual(trackers, [1, 2, 0, 1, 2, 0, 0, 0, 1, 2, 0])
        XCTAssertEqual(scaler.skippedSteps, 3)
    }

    func testTorchDefaultsGrowAfterTwoThousandCleanSteps() {
        let scaler = LossScaler()
        XCTAssertEqual(scaler.scale, 65536)
        for _ in 0..<1999 { scaler.update(foundInf: false) }
        XCTAssertEqual(scaler.scale, 65536)
        scaler.update(foundInf: false)
        XCTAssertEqual(scaler.scale, 131072)
        scaler.update(foundInf: true)
        XCTAssertEqual(scaler.scale, 65536)
    }

    func testUnscaleDividesAndFindsInfAndNaN() throws {
        let scaler = LossScaler(LossScalerSettings(initialScale: 4))
        let a = Variable(Tensor([1, 2]), requiresGrad: true), b = Variable(Tensor([3]), requiresGrad: true)
        a.grad = Tensor([8, -2])
        XCTAssertFalse(scaler.unscale([a, b]), "b has no gradient: counts as zero")
        XCTAssertEqual(a.grad?.storage, [2, -0.5])
        b.grad = Tensor([.nan])
        XCTAssertTrue(scaler.unscale([a, b]))
        b.grad = Tensor([.infinity])
        XCTAssertTrue(scaler.unscale([b]))
    }

    func testAnOverflowingFloat16StepIsSkippedAndTheScaleBacksOff() throws {
        let data = try SyntheticImages.make(count: 64, width: 8, seed: 3)
        let settings = RunSettings(hidden: [8], batchSize: 16, epochs: 1, maxLR: 0.01, minLR: 0.001, warmup: 0, seed: 4)
        let run = try TrainingRun(settings: settings, images: data.images, labels: data.labels, prefetch: false)
        // 2^40 times any gradient of order 1e-3 or more is past float16's 65504: the first steps overflow.
        let scaler = try XCTUnwrap(MixedPrecision.configure(run, precision: .float16, scaler: LossScalerSettings(initialScale: 0x1p40)))
        let before = run.model.parameters.map(\.value.storage)
        var logs: [StepLog] = []
        try run.train(until: 1) { logs.append($0) }
        XCTAssertEqual(logs.map(\.updated), [false])
        XCTAssertEqual(run.model.parameters.map(\.value.storage), before, "a skipped step leaves the weights bit for bit")
        XCTAssertEqual(scaler.scale, 0x1p39)
        try run.train(until: 4) { logs.append($0) }
        XCTAssertEqual(scaler.skippedSteps, logs.filter { !$0.updated }.count)
        // At scale 2^10 every float16 gradient of this model fits (|∂L/∂logit| ≤ 1/16, so scaled
        // ≤ 64, and a weight's gradient sums 16 such rows of activations of order 1): all steps update.
        let second = try TrainingRun(settings: settings, images: data.images, labels: data.labels, prefetch: false)
        let fitting = try XCTUnwrap(MixedPrecision.configure(second, precision: .float16, scaler: LossScalerSettings(initialScale: 1024)))
        var updated: [Bool] = []
        try second.train { updated.append($0.updated) }
        XCTAssertEqual(updated, [true, true, true, true])
        XCTAssertEqual(fitting.scale, 1024)
        XCTAssertEqual(fitting.growthTracker, 4)
        XCTAssertNotEqual(second.model.parameters.map(\.value.storage), before)
    }

    func testStoredOpRoundsValueAndGradient() throws {
        let x = Variable(Tensor([1 + 1.0 / 4096, 3]), requiresGrad: true)
        let y = try x.stored(in: .bfloat16)
        XCTAssertEqual(y.value.storage, [1, 3])
        try y.backward(Tensor([0.1, 1 + 1.0 / 512]))
        XCTAssertEqual(x.grad?.storage, [BFloat16(0.1).float, 1], "1 + 2^-9 is below half of bfloat16's spacing 2^-7 in [1, 2): it rounds to 1")
    }
}
