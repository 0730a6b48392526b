// The schedules against torch.optim.lr_scheduler (and nanoGPT's get_lr, which the fixture script
// checks equals torch's SequentialLR(LinearLR, CosineAnnealingLR)), and hand-worked values.
// Fixture (torch 2.15.0), from the repository root:
//
//   .cache/refenv/bin/python3 Weeks/Week13Modules/Tests/Fixtures/make_reference.py
//
// Tolerance 1e-12 relative: torch steps StepLR, ExponentialLR and the cosine recursively, so its
// values carry Double rounding from ~60 multiplications; a wrong formula is off by far more.

import Foundation
import Shared
import TestSupport
import Week13Modules
import XCTest

final class ScheduleTests: XCTestCase {
    func reference() throws -> [String: Any] {
        let url = Fixtures.url("torch_reference.json")
        return try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
    }

    func values(_ key: String) throws -> [Double] { try XCTUnwrap(try reference()[key] as? [Double], key) }

    func testStepExponentialWarmupCosineOneCycleEqualTorch() throws {
        assertClose(LRSchedule.step(lr: 0.1, stepSize: 7, gamma: 0.5).curve(steps: 60), try values("step"), rtol: 1e-12, "StepLR")
        assertClose(LRSchedule.exponential(lr: 0.1, gamma: 0.95).curve(steps: 60), try values("exponential"), rtol: 1e-12, "ExponentialLR")
        assertClose(LRSchedule.warmupCosine(maxLR: 0.1, minLR: 0.01, warmup: 10, decaySteps: 60).curve(steps: 61),
                    try values("warmup_cosine"), rtol: 1e-12, "SequentialLR(LinearLR, CosineAnnealingLR)")
        assertClose(LRSchedule.oneCycle(maxLR: 0.1, totalSteps: 60).curve(steps: 60), try values("one_cycle"), rtol: 1e-12, "OneCycleLR")
    }

    func testReduceOnPlateauEqualsTorch() throws {
        let plateau = ReduceOnPlateau(lr: 0.1, factor: 0.5, patience: 3, threshold: 1e-2, cooldown: 2, minLR: 0.002)
        XCTAssertEqual(plateau.curve(metrics: try values("plateau_metrics")), try values("plateau"))
    }

    func testHandWorkedValues() {
        // warm-up 3 to 1, cosine to 0 at step 7: (t+1)/4 while warming, then ½(1 + cos(π(t−3)/4)).
        let cosine = LRSchedule.warmupCosine(maxLR: 1, minLR: 0, warmup: 3, decaySteps: 7)
        assertClose([0, 2, 3, 5, 7, 9].map { cosine.lr(at: $0) }, [0.25, 0.75, 1, 0.5, 0, 0], atol: 1e-15)
        // ×0.1 every 2 steps.
        assertClose([0, 1, 2, 3, 4].map { LRSchedule.step(lr: 1, stepSize: 2, gamma: 0.1).lr(at: $0) }, [1, 1, 0.1, 0.1, 0.01], rtol: 1e-15)
        // one-cycle over 10 steps: 1/25 at 0, peak 1 at 0.3·10 − 1 = 2, 1/25/1e4 at step 9.
        let cycle = LRSchedule.oneCycle(maxLR: 1, totalSteps: 10)
        assertClose([0, 2, 9].map { cycle.lr(at: $0) }, [0.04, 1, 4e-6], rtol: 1e-12)
    }

    func testScheduleMetadataRoundTripsAndRefusesGarbage() throws {
        let schedules: [LRSchedule] = [.constant(lr: 0.3), .step(lr: 0.1, stepSize: 7, gamma: 0.5), .exponential(lr: 0.1, gamma: 0.95),
                                       .warmupCosine(maxLR: 0.002, minLR: 1e-4, warmup: 100, decaySteps: 1407),
                                       .oneCycle(maxLR: 0.1, totalSteps: 60)]
        for schedule in schedules { XCTAssertEqual(try LRSchedule(metadata: schedule.metadata), schedule) }
        var broken = schedules[3].metadata
        broken["schedule.warmup"] = "many"
        XCTAssertThrowsError(try LRSchedule(metadata: broken)) { XCTAssertEqual($0 as? ScheduleError, .badMetadata("schedule.warmup")) }
        XCTAssertThrowsError(try LRSchedule(metadata: ["schedule": "sgdr"]))
    }

    func testPlateauStateSavedMidwayContinuesTheSameCurve() throws {
        let metrics = try values("plateau_metrics")
        var whole = ReduceOnPlateau(lr: 0.1, factor: 0.5, patience: 3, threshold: 1e-2, cooldown: 2, minLR: 0.002)
        let expected = metrics.map { whole.step($0) }
        var first = ReduceOnPlateau(lr: 0.1, factor: 0.5, patience: 3, threshold: 1e-2, cooldown: 2, minLR: 0.002)
        let head = metrics[..<17].map { first.step($0) }
        var second = try ReduceOnPlateau(metadata: first.metadata)
        XCTAssertEqual(head + metrics[17...].map { second.step($0) }, expected)
    }
}
