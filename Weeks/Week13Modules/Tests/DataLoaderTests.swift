// The DataLoader: batch counts worked by hand, every epoch a permutation, the same seed the same
// order, prefetch the same batches as no prefetch (and really built off the calling thread), a
// saved epoch start repeats the epoch, and bad arguments or a failing collate are errors.

import Foundation
import Shared
import Week13Modules
import XCTest

final class DataLoaderTests: XCTestCase {
    func loader(count: Int = 10, batch: Int = 3, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 1,
                prefetch: Bool = false) throws -> DataLoader<[Int]> {
        try DataLoader(count: count, batchSize: batch, shuffle: shuffle, dropLast: dropLast, seed: seed, prefetch: prefetch) { $0 }
    }

    func collected(_ l: DataLoader<[Int]>, _ epoch: [[Int]], range: Range<Int>? = nil) throws -> [[Int]] {
        var out: [[Int]] = []
        try l.forEach(epoch, range: range) { _, batch in out.append(batch) }
        return out
    }

    func testBatchCountsAndSizes() throws {
        // 10 examples in batches of 3: 3 + 3 + 3 + 1, or three full batches with drop-last.
        XCTAssertEqual(try loader().nextEpoch().map(\.count), [3, 3, 3, 1])
        XCTAssertEqual(try loader(dropLast: true).nextEpoch().map(\.count), [3, 3, 3])
        XCTAssertEqual(try loader(shuffle: false).nextEpoch(), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]])
    }

    func testEachEpochIsANewPermutationAndSeedsRepeat() throws {
        let a = try loader(count: 50, batch: 7), b = try loader(count: 50, batch: 7)
        let first = a.nextEpoch(), second = a.nextEpoch()
        XCTAssertEqual(first.flatMap { $0 }.sorted(), Array(0..<50))
        XCTAssertEqual(second.flatMap { $0 }.sorted(), Array(0..<50))
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(b.nextEpoch(), first)
        XCTAssertNotEqual(try loader(count: 50, batch: 7, seed: 2).nextEpoch(), first)
    }

    func testPrefetchGivesTheSameBatchesBuiltOffThisThread() throws {
        let plain = try loader(count: 40, batch: 6)
        let threads = ThreadLog()
        let prefetching = try DataLoader(count: 40, batchSize: 6, seed: 1, prefetch: true) { indices -> [Int] in
            threads.record(Thread.isMainThread)
            return indices
        }
        let epoch = plain.nextEpoch()
        XCTAssertEqual(try collected(prefetching, prefetching.nextEpoch()), try collected(plain, epoch))
        // Batch 0 is collated here; batches 1…6 on the background thread.
        XCTAssertEqual(threads.onMain, [Thread.isMainThread] + Array(repeating: false, count: 6))
        XCTAssertEqual(try collected(prefetching, epoch, range: 2..<4), Array(epoch[2..<4]))
    }

    func testSavedEpochStartRepeatsTheEpoch() throws {
        let l = try loader(count: 30, batch: 4)
        _ = l.nextEpoch()
        let snapshot = l.snapshot
        let second = l.nextEpoch()
        try l.resume(fromEpochStart: snapshot)
        XCTAssertEqual(l.nextEpoch(), second)
        XCTAssertThrowsError(try l.resume(fromEpochStart: [1]))
    }

    func testBadArgumentsAndCollateErrors() throws {
        XCTAssertThrowsError(try loader(count: 0))
        XCTAssertThrowsError(try loader(batch: 0))
        XCTAssertThrowsError(try loader(count: 2, batch: 3, dropLast: true))
        struct Broken: Error {}
        for prefetch in [false, true] {
            let l = try DataLoader(count: 9, batchSize: 3, seed: 1, prefetch: prefetch) { indices -> [Int] in
                if indices.contains(where: { $0 == 4 }) { throw Broken() }
                return indices
            }
            var seen = 0
            XCTAssertThrowsError(try l.forEach(l.nextEpoch()) { _, _ in seen += 1 }) { XCTAssertTrue($0 is Broken) }
            XCTAssertLessThan(seen, 3, "the batch holding example 4 is never handed out")
        }
    }
}

final class ThreadLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var onMain: [Bool] = []
    func record(_ main: Bool) { lock.lock(); onMain.append(main); lock.unlock() }
}
