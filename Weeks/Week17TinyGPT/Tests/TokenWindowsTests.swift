// The dataset: a window's targets are its inputs shifted by one token, random batches stay inside
// the stream, and the evaluation windows cover the stream once without overlap.

import Foundation
import Shared
import Week17TinyGPT
import XCTest

final class TokenWindowsTests: XCTestCase {
    func testWindowsAreShiftedByOne() throws {
        let data = try TokenWindows(tokens: [10, 11, 12, 13, 14, 15], context: 3)
        XCTAssertEqual(data.window(at: 0).inputs, [10, 11, 12])
        XCTAssertEqual(data.window(at: 0).targets, [11, 12, 13])
        XCTAssertEqual(data.window(at: 2).inputs, [12, 13, 14])
        XCTAssertEqual(data.window(at: 2).targets, [13, 14, 15])   // the last start: its last target is the last token
        XCTAssertEqual(data.startCount, 3)
        var rng = SplitMix64(seed: 3)
        let batch = data.randomBatch(50, rng: &rng)
        for (inputs, targets) in zip(batch.inputs, batch.targets) {
            XCTAssertEqual(Array(inputs.dropFirst()), Array(targets.dropLast()))
            XCTAssertEqual(targets.last! - inputs.first!, 3)
            XCTAssertTrue((10...12).contains(inputs.first!))
        }
        XCTAssertEqual(Set(batch.inputs.map { $0[0] }), [10, 11, 12], "50 draws reach every start")
    }

    func testEvaluationWindowsCoverTheStreamOnce() throws {
        let data = try TokenWindows(tokens: Array(0..<23), context: 4)
        let batches = data.evaluationBatches(batchSize: 2)
        // (23 − 1) / 4 = 5 windows: targets 1…20, each once; batches of 2, 2, 1
        XCTAssertEqual(batches.map(\.inputs.count), [2, 2, 1])
        XCTAssertEqual(batches.flatMap(\.targets).flatMap { $0 }, Array(1...20))
        XCTAssertEqual(batches.flatMap(\.inputs).flatMap { $0 }, Array(0..<20))
        XCTAssertEqual(data.evaluationBatches(batchSize: 8, limit: 3).flatMap(\.inputs).count, 3)
    }

    func testTooShortAStreamIsAClearError() {
        XCTAssertThrowsError(try TokenWindows(tokens: [1, 2, 3], context: 3)) { error in
            XCTAssertEqual(error as? TokenWindowsError, .tooShort(tokens: 3, context: 3))
            XCTAssertTrue("\(error)".contains("--context"))
        }
    }
}
