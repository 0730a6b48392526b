// Parallel.split (week 5's two-halves split, now in Shared), SharedPointer/SharedConstPointer
// across worker threads, and [Float](uninitializedCount:). Expected ranges are worked by hand.

import Foundation
import Shared
import XCTest

final class SplitAndPointerTests: XCTestCase {
    /// Ranges seen by `Parallel.split`, sorted by their start.
    private func ranges(_ count: Int, work: Int) -> [Range<Int>] {
        let lock = NSLock()
        nonisolated(unsafe) var seen: [Range<Int>] = []
        Parallel.split(count, work: work) { range in
            lock.lock()
            seen.append(range)
            lock.unlock()
        }
        return seen.sorted { $0.lowerBound < $1.lowerBound }
    }

    func testSplitCutsAtHalfTheCountAndKeepsSmallJobsWhole() {
        // 7 × 10,000 ≥ 65,536: halves 0..<3 and 3..<7 (count / 2 = 3; forRanges would cut at 4).
        XCTAssertEqual(ranges(7, work: 10_000), [0..<3, 3..<7])
        XCTAssertEqual(ranges(2, work: 1 << 15), [0..<1, 1..<2])
        // 6 × 10,000 < 65,536: one call, the whole range.
        XCTAssertEqual(ranges(6, work: 10_000), [0..<6])
        XCTAssertEqual(ranges(1, work: 1 << 20), [0..<1])
        XCTAssertEqual(ranges(0, work: 1 << 20), [0..<0])
    }

    func testSharedPointersCarryDisjointWritesIntoWorkerThreads() {
        let count = 70_000
        let input = (0..<count).map { Float($0 % 97) }
        var output = [Float](uninitializedCount: count)
        XCTAssertEqual(output.count, count)
        input.withUnsafeBufferPointer { pi in
            output.withUnsafeMutableBufferPointer { po in
                let (source, target) = (SharedConstPointer(pi.baseAddress!), SharedPointer(po.baseAddress!))
                Parallel.split(count, work: 1) { range in
                    for i in range { target[i] = source[i] * 2 + 1 }
                }
            }
        }
        XCTAssertEqual(output, input.map { $0 * 2 + 1 })
        // The mutable-pointer initialiser of SharedConstPointer reads the same memory.
        output.withUnsafeMutableBufferPointer { po in
            XCTAssertEqual(SharedConstPointer(po.baseAddress!)[96], 96 * 2 + 1)
        }
    }
}
