// Checkpoint and resume: a run stopped after step k (mid-epoch and at an epoch's end), saved,
// rebuilt from the files alone and finished takes every step of the uninterrupted run bit for
// bit; leaving out any one piece of the state (here the loader's generator) breaks that; the model
// file holds torch's state_dict names and shapes (fixture: make_reference.py, see ScheduleTests);
// missing, corrupt and mismatched files are errors that name the file.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week13Modules
import XCTest

final class CheckpointTests: XCTestCase {
    // 60 random 12-pixel "images" in 10 classes; batch 16 → 4 batches (16, 16, 16, 12) an epoch.
    let data: (images: Tensor, labels: [Int]) = {
        var rng = SplitMix64(seed: 21)
        return (Tensor.randomUniform([60, 12], low: 0, high: 1, using: &rng), (0..<60).map { _ in rng.nextInt(below: 10) })
    }()
    let settings = RunSettings(hidden: [8], batchSize: 16, epochs: 3, maxLR: 0.01, minLR: 0.001, warmup: 3, seed: 5)

    func makeRun(prefetch: Bool = true) throws -> TrainingRun {
        try TrainingRun(settings: settings, images: data.images, labels: data.labels, prefetch: prefetch)
    }

    func losses(_ run: TrainingRun, until stop: Int? = nil) throws -> [Float] {
        var out: [Float] = []
        try run.train(until: stop) { out.append($0.loss) }
        return out
    }

    func testResumedRunIsBitIdenticalMidEpochAndAtEpochEnd() throws {
        let straight = try makeRun()
        let expected = try losses(straight)
        XCTAssertEqual(expected.count, 12)
        for stop in [6, 8] {  // step 6: batch 2 of epoch 2; step 8: the end of epoch 2
            let folder = try TemporaryDirectory()
            let first = try makeRun(prefetch: stop == 6)
            let head = try losses(first, until: stop)
            try TrainingCheckpoint.save(first, to: folder.url)
            let resumed = try TrainingCheckpoint.resume(from: folder.url, images: data.images, labels: data.labels, prefetch: stop == 8)
            XCTAssertEqual(resumed.step, stop)
            XCTAssertEqual(head + (try losses(resumed)), expected, "stopped at \(stop)")
            let comparison = RunComparison(a: [], b: [], modelA: straight.model, modelB: resumed.model)
            XCTAssertEqual(comparison.maxWeightDifference, 0, "stopped at \(stop)")
            XCTAssertTrue(comparison.identical)
        }
    }

    func testResumingWithoutTheLoaderStateDiverges() throws {
        let expected = try losses(try makeRun())
        let folder = try TemporaryDirectory()
        let first = try makeRun()
        let head = try losses(first, until: 6)
        try TrainingCheckpoint.save(first, to: folder.url)
        // Model and optimizer from the files, but a fresh loader: epoch 2 is shuffled differently.
        let partial = try TrainingRun(settings: settings, images: data.images, labels: data.labels, startingAt: 6)
        try Checkpoint.load(into: partial.model, from: folder.url.appendingPathComponent(TrainingCheckpoint.modelFile))
        try OptimizerState.load(into: partial.optimizer, from: folder.url.appendingPathComponent(TrainingCheckpoint.trainingFile))
        XCTAssertNotEqual(head + (try losses(partial)), expected)
    }

    func testModelFileHasTorchsStateDictNamesAndShapes() throws {
        let url = Fixtures.url("torch_reference.json")
        let root = try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
        let expected = try XCTUnwrap(root["mlp_state_dict"] as? [[Any]]).map { "\($0[0]) \($0[1] as! [Int])" }
        var rng = SplitMix64(seed: 1)
        let images = Tensor.randomUniform([4, 784], low: 0, high: 1, using: &rng)
        let full = try TrainingRun(settings: RunSettings(hidden: [256, 128], batchSize: 2, epochs: 1, maxLR: 0.01, minLR: 0, warmup: 0, seed: 1),
                                   images: images, labels: [0, 1, 2, 3])
        let folder = try TemporaryDirectory()
        try TrainingCheckpoint.save(full, to: folder.url)
        let file = try Safetensors.read(folder.url.appendingPathComponent(TrainingCheckpoint.modelFile))
        XCTAssertEqual(file.names.map { "\($0) \(file.entries[$0]!.shape)" }.sorted(), expected.sorted())
        XCTAssertEqual(full.model.namedTensors().map { "\($0.name) \($0.shape)" }, expected, "and in torch's order")
    }

    func testMissingCorruptAndMismatchedCheckpointsAreErrors() throws {
        let folder = try TemporaryDirectory()
        XCTAssertThrowsError(try TrainingCheckpoint.resume(from: folder.url, images: data.images, labels: data.labels))
        let first = try makeRun()
        try first.train(until: 5)
        try TrainingCheckpoint.save(first, to: folder.url)
        // fewer examples than the checkpoint was trained on
        XCTAssertThrowsError(try TrainingCheckpoint.resume(from: folder.url, images: try data.images.rows(0..<50),
                                                           labels: Array(data.labels[..<50]))) { error in
            XCTAssertTrue("\(error)".contains("60 training examples"), "\(error)")
        }
        // a model file from another step (a crash between the two writes)
        try first.train(until: 7)
        try Checkpoint.save(first.model, to: folder.url.appendingPathComponent(TrainingCheckpoint.modelFile), metadata: ["step": "7"])
        XCTAssertThrowsError(try TrainingCheckpoint.resume(from: folder.url, images: data.images, labels: data.labels)) { error in
            XCTAssertTrue("\(error)".contains("at step 7"), "\(error)")
        }
        // a truncated training file
        let training = folder.url.appendingPathComponent(TrainingCheckpoint.trainingFile)
        let bytes = try FileIO.readBytes(training)
        try AtomicFile.write(Array(bytes.prefix(bytes.count / 2)), to: training)
        XCTAssertThrowsError(try TrainingCheckpoint.resume(from: folder.url, images: data.images, labels: data.labels)) { error in
            XCTAssertTrue("\(error)".contains(training.lastPathComponent), "\(error)")
        }
    }
}
