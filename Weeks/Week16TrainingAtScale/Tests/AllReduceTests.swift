// The ring all-reduce equals the sum, for N = 1…4 ranks over loopback (threads of this process,
// each with its own sockets, exactly as separate processes would have), on random buffers whose
// lengths do and do not divide by N (including fewer elements than ranks); every rank ends with
// bit-identical values. A rank that drops out makes the others fail with an error naming the
// lost connection within the socket timeout, never hang.

import Foundation
import Shared
import XCTest
@testable import Week16TrainingAtScale

/// Runs `body(rank)` on `count` threads with a joined ProcessGroup each; waits at most `seconds`.
func withGroups<T>(_ count: Int, timeout: Double = 5, seconds: Double = 30,
                   _ body: @escaping @Sendable (ProcessGroup) throws -> T) throws -> [Result<T, Error>] {
    let master = try Socket.listen(port: 0, label: "test: rendezvous")
    let port = master.port
    let box = ResultBox<T>(count)
    let done = DispatchGroup()
    nonisolated(unsafe) let listener = master
    for rank in 0..<count {
        done.enter()
        Thread.detachNewThread {
            defer { done.leave() }
            do {
                let group = try ProcessGroup.join(WorkerEnvironment(rank: rank, worldSize: count, masterPort: port), timeout: timeout,
                                                  masterListener: rank == 0 ? listener : nil)
                defer { group.close() }
                box.set(rank, .success(try body(group)))
            } catch {
                box.set(rank, .failure(error))
            }
        }
    }
    guard done.wait(timeout: .now() + seconds) == .success else {
        XCTFail("ranks did not finish within \(seconds) s")
        return []
    }
    master.close()
    return box.results
}

final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<T, Error>?]
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result<T, Error>) { lock.lock(); values[i] = value; lock.unlock() }
    var results: [Result<T, Error>] { lock.lock(); defer { lock.unlock() }; return values.map { $0! } }
}

final class AllReduceTests: XCTestCase {
    static func buffer(rank: Int, count: Int) -> [Float] {
        var rng = SplitMix64(seed: UInt64(100 + rank))
        return Tensor.randomNormal([count], using: &rng).storage
    }

    func testRingAllReduceEqualsTheSumForOneToFourRanks() throws {
        for ranks in 1...4 {
            for count in [1, 3, 1000, 4099] {
                let results = try withGroups(ranks) { group -> [Float] in
                    var values = Self.buffer(rank: group.rank, count: count)
                    try group.allReduceSum(&values)
                    return values
                }
                let outputs = try results.map { try $0.get() }
                // The sum in Double, rank by rank: an independent reference.
                var expected = [Double](repeating: 0, count: count)
                for r in 0..<ranks { for (i, v) in Self.buffer(rank: r, count: count).enumerated() { expected[i] += Double(v) } }
                var worst = 0.0
                for (got, want) in zip(outputs[0], expected) { worst = max(worst, abs(Double(got) - want)) }
                XCTAssertLessThan(worst, 1e-5, "N = \(ranks), \(count) elements: max |Δ| \(worst)")
                for r in 1..<ranks { XCTAssertEqual(outputs[r], outputs[0], "rank \(r) differs from rank 0 (N = \(ranks))") }
            }
        }
    }

    func testChunksCoverTheBufferOnce() {
        for n in 1...5 {
            for count in [0, 1, 4, 17] {
                let chunks = (0..<n).map { ProcessGroup.chunk($0, of: n, count: count) }
                XCTAssertEqual(chunks.flatMap { Array($0) }, Array(0..<count))
            }
        }
    }

    func testARankThatLeavesMakesTheOthersFailWithinTheTimeout() throws {
        let start = Date()
        let results = try withGroups(3, timeout: 2) { group -> Int in
            var values = [Float](repeating: 1, count: 64)
            try group.allReduceSum(&values)
            if group.rank == 1 { group.close(); return 1 }  // rank 1 "dies" after one all-reduce
            for _ in 0..<10 { try group.allReduceSum(&values) }
            return 0
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(try results[1].get(), 1)
        for rank in [0, 2] {
            XCTAssertThrowsError(try results[rank].get(), "rank \(rank) should fail") { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("rank \(rank): ring"), text)
                XCTAssertTrue(text.contains("closed the connection") || text.contains("no progress within"), text)
            }
        }
    }

    func testEnvironmentErrorsNameTheVariable() {
        XCTAssertThrowsError(try WorkerEnvironment(environment: [:])) { XCTAssertTrue("\($0)".contains("WORLD_SIZE is not set"), "\($0)") }
        XCTAssertThrowsError(try WorkerEnvironment(environment: ["WORLD_SIZE": "2", "RANK": "2", "MASTER_PORT": "1", "MASTER_ADDR": "x"])) {
            XCTAssertTrue("\($0)".contains("RANK=2 is not valid"), "\($0)")
        }
        XCTAssertEqual(try WorkerEnvironment(environment: ["WORLD_SIZE": "2", "RANK": "1", "MASTER_PORT": "29500", "MASTER_ADDR": "localhost"]),
                       WorkerEnvironment(rank: 1, worldSize: 2, masterAddress: "localhost", masterPort: 29500))
    }

    func testRendezvousTimesOutWhenRankZeroNeverComes() throws {
        let start = Date()
        let probe = try Socket.listen(port: 0, label: "probe")
        let port = probe.port
        probe.close()
        XCTAssertThrowsError(try ProcessGroup.join(WorkerEnvironment(rank: 1, worldSize: 2, masterPort: port), timeout: 1)) {
            XCTAssertTrue("\($0)".contains("rendezvous with rank 0"), "\($0)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }
}
