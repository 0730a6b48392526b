// The profiler: a profiled run's Chrome trace parses as JSON with the fields chrome://tracing and
// Perfetto need (name, ph "X", ts, dur, pid, tid) on every event; every layer gets one forward and
// one backward span per step, in the order backward runs; the table's shares sum to 1.

import Foundation
import Shared
import Week04MNIST
import Week13Modules
import XCTest
@testable import Week16TrainingAtScale

final class ProfilerTests: XCTestCase {
    func testTraceParsesAndHasTheRequiredFields() throws {
        let data = try SyntheticImages.make(count: 48, width: 10, seed: 2)
        let settings = DataParallelPlan.settings(steps: 3, batchSize: 16, examples: 48, hidden: [8], lr: 0.01, warmup: 0, seed: 1)
        let results = try withGroups(2) { group -> String in
            let result = try DataParallelRun.train(DataParallelPlan(settings: settings, steps: 3, profile: true),
                                                   images: data.images, labels: data.labels, group: group)
            return result.profiler!.traceJSON()
        }
        let text = try results[1].get()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let events = try XCTUnwrap(object["traceEvents"] as? [[String: Any]])
        XCTAssertFalse(events.isEmpty)
        for event in events {
            XCTAssertNotNil(event["name"] as? String, "\(event)")
            XCTAssertEqual(event["ph"] as? String, "X")
            XCTAssertNotNil(event["ts"] as? Double, "\(event)")
            XCTAssertGreaterThanOrEqual(event["dur"] as? Double ?? -1, 0, "\(event)")
            XCTAssertEqual(event["pid"] as? Int, 1, "rank 1's trace")
            XCTAssertEqual(event["tid"] as? Int, 0)
        }
        let names = events.compactMap { $0["name"] as? String }
        for name in ["fc1 forward", "relu1 forward", "fc2 forward", "cross-entropy forward", "cross-entropy backward",
                     "fc2 backward", "relu1 backward", "fc1 backward", "all-reduce", "update (clip, lr, AdamW)"] {
            XCTAssertEqual(names.filter { $0 == name }.count, 3, "\(name): one span per step")
        }
        let firstStep = Array(names.prefix(while: { $0 != "update (clip, lr, AdamW)" }))
        XCTAssertEqual(firstStep, ["fc1 forward", "relu1 forward", "fc2 forward", "cross-entropy forward", "cross-entropy backward",
                                   "fc2 backward", "relu1 backward", "fc1 backward", "all-reduce"])
    }

    func testSummaryGroupsByOpTypeAndSharesSumToOne() {
        let profiler = Profiler()
        profiler.record("fc1 forward", category: "Linear forward", from: 0, to: 0.003)
        profiler.record("fc2 forward", category: "Linear forward", from: 0.003, to: 0.004)
        profiler.record("relu1 forward", category: "relu forward", from: 0.004, to: 0.005)
        let rows = profiler.summary()
        XCTAssertEqual(rows.map(\.category), ["Linear forward", "relu forward"])
        XCTAssertEqual(rows.map(\.calls), [2, 1])
        XCTAssertEqual(rows[0].seconds, 0.004, accuracy: 1e-12)
        XCTAssertEqual(rows.reduce(0) { $0 + $1.share }, 1, accuracy: 1e-12)
    }
}
