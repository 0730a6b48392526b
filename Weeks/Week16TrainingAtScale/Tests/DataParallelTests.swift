// Data parallelism: N workers (threads with their own sockets) train the same run one worker
// trains on the same global batch — every step's loss and every final weight within float
// rounding (only the order of additions differs); the replicas stay bit-identical to each other;
// a run saved by rank 0 mid-way and resumed by every rank reproduces the uninterrupted run bit for
// bit (same ranks, same order of additions); a float16 run's scaler state resumes too.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week13Modules
import XCTest
@testable import Week16TrainingAtScale

final class DataParallelTests: XCTestCase {
    // 96 synthetic 12-pixel images; global batch 24 → 4 steps an epoch; 10 steps = 3 epochs.
    static let data = try! SyntheticImages.make(count: 96, width: 12, seed: 7)
    let settings = DataParallelPlan.settings(steps: 10, batchSize: 24, examples: 96, hidden: [16], lr: 0.01, warmup: 2, seed: 9)

    struct Outcome: Sendable {
        let losses: [Float]
        let weights: [[Float]]
        let step: Int
    }

    func train(ranks: Int, _ plan: DataParallelPlan) throws -> [Outcome] {
        let data = Self.data
        return try withGroups(ranks, seconds: 60) { group in
            let result = try DataParallelRun.train(plan, images: data.images, labels: data.labels, group: group)
            return Outcome(losses: result.losses, weights: result.run.model.parameters.map(\.value.storage), step: result.run.step)
        }.map { try $0.get() }
    }

    func maxDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
        var worst: Float = 0
        for (x, y) in zip(a, b) { for (u, v) in zip(x, y) { worst = max(worst, abs(u - v)) } }
        return worst
    }

    func testNWorkersEqualOneWorkerOnTheSameGlobalBatch() throws {
        let plan = DataParallelPlan(settings: settings, steps: 10)
        let one = try train(ranks: 1, plan)[0]
        XCTAssertEqual(one.losses.count, 10)
        // The same run without any data-parallel code: week 13's TrainingRun alone.
        let plain = try TrainingRun(settings: settings, images: Self.data.images, labels: Self.data.labels)
        var plainLosses: [Float] = []
        try plain.train(until: 10) { plainLosses.append($0.loss) }
        assertClose(one.losses, plainLosses, rtol: 0, atol: 1e-6)
        for ranks in [2, 3, 4] {
            let outcomes = try train(ranks: ranks, plan)
            for (r, outcome) in outcomes.enumerated() {
                XCTAssertEqual(outcome.weights, outcomes[0].weights, "N = \(ranks): rank \(r)'s replica differs from rank 0's")
            }
            assertClose(outcomes[0].losses, one.losses, rtol: 0, atol: 1e-5)
            XCTAssertLessThan(maxDifference(outcomes[0].weights, one.weights), 1e-5, "N = \(ranks) vs 1 worker")
        }
    }

    func testResumingASavedDistributedRunReproducesTheUninterruptedRun() throws {
        let folder = try TemporaryDirectory()
        let straight = try train(ranks: 2, DataParallelPlan(settings: settings, steps: 10))
        // Stopped after step 6 (mid-epoch), saved by rank 0, then rebuilt by every rank from the files.
        let first = try train(ranks: 2, DataParallelPlan(settings: settings, steps: 6, saveAt: 6, checkpoint: folder.url))
        XCTAssertEqual(try DataParallelRun.savedState(in: folder.url).steps, 6)
        let resumed = try train(ranks: 2, DataParallelPlan(settings: settings, steps: 10, resume: folder.url))
        XCTAssertEqual(first[0].losses + resumed[0].losses, straight[0].losses)
        XCTAssertEqual(resumed[0].weights, straight[0].weights)
        XCTAssertEqual(resumed[1].weights, straight[1].weights)
        XCTAssertEqual(resumed[0].step, 10)
    }

    func testAFloat16RunResumesWithItsScaler() throws {
        let folder = try TemporaryDirectory()
        let straight = try train(ranks: 2, DataParallelPlan(settings: settings, precision: .float16, steps: 10))
        _ = try train(ranks: 2, DataParallelPlan(settings: settings, precision: .float16, steps: 5, saveAt: 5, checkpoint: folder.url))
        let state = try DataParallelRun.savedState(in: folder.url)
        XCTAssertEqual(state.precision, .float16)
        XCTAssertEqual(state.scale, 65536)
        XCTAssertEqual(state.growthTracker, 5)
        let resumed = try train(ranks: 2, DataParallelPlan(settings: settings, precision: .float16, steps: 10, resume: folder.url))
        XCTAssertEqual(resumed[0].weights, straight[0].weights)
    }

    func testShardsSplitTheBatchWithoutOverlap() {
        XCTAssertEqual((0..<3).map { DataParallelTrainer.shard(10, rank: $0, worldSize: 3) }, [0..<3, 3..<6, 6..<10])
    }

    func testAMissingResumeFolderIsAnErrorNamingTheFile() throws {
        let folder = try TemporaryDirectory()
        XCTAssertThrowsError(try DataParallelRun.savedState(in: folder.url)) { XCTAssertTrue("\($0)".contains("data_parallel.json"), "\($0)") }
    }
}
