// Exact search against the naive loop, for every metric, with removal.

import Shared
import TestSupport
@testable import Week09VectorDB
import XCTest

final class ExactIndexTests: XCTestCase {
    func testMatchesNaiveLoopForEveryMetric() throws {
        let d = 16, n = 500
        let base = TestData.clusters(n: n, d: d, seed: 1)
        let queries = TestData.clusters(n: 20, d: d, seed: 2)
        let ids = (0..<n).map { 1000 + 3 * $0 }  // ids unrelated to row numbers
        for metric in Metric.allCases {
            let index = ExactIndex(dimension: d, metric: metric)
            index.blockSize = 7  // several GEMM blocks, one partial
            try index.add(base, ids: ids)
            let found = try index.search(batch: queries, k: 5, threads: 2)
            for q in 0..<20 {
                let expected = TestData.naive(base, ids: ids, d: d, query: TestData.row(queries, q, d: d), k: 5, metric: metric)
                XCTAssertEqual(found[q].map(\.id), expected.map(\.id), "\(metric) query \(q)")
                assertClose(found[q].map { Double($0.distance) }, expected.map(\.distance), rtol: 1e-3, atol: 1e-3, "\(metric) query \(q)")
            }
        }
    }

    func testRemovedIDsAreNeverReturnedAndCountsFollow() throws {
        let d = 8
        let base = TestData.clusters(n: 200, d: d, seed: 3)
        let index = ExactIndex(dimension: d)
        try index.add(base, ids: Array(0..<200))
        let query = TestData.row(base, 5, d: d)
        XCTAssertEqual(try index.search(query, k: 1).first?.id, 5)
        try index.remove(5)
        XCTAssertEqual(index.count, 199)
        let after = try index.search(query, k: 199)
        XCTAssertEqual(after.count, 199)
        XCTAssertFalse(after.contains { $0.id == 5 })
        XCTAssertThrowsError(try index.remove(5)) { XCTAssertEqual($0 as? VectorIndexError, .unknownID(5)) }
        XCTAssertThrowsError(try index.add(TestData.row(base, 0, d: d), ids: [7])) { XCTAssertEqual($0 as? VectorIndexError, .duplicateID(7)) }
        try index.add(TestData.row(base, 0, d: d), ids: [5])  // a removed id may come back
        XCTAssertEqual(try index.search(TestData.row(base, 0, d: d), k: 2).map(\.id).sorted(), [0, 5])
    }

    func testWrongDimensionsAreErrors() {
        let index = ExactIndex(dimension: 4)
        XCTAssertThrowsError(try index.add([1, 2, 3], ids: [0]))
        XCTAssertThrowsError(try index.search([1, 2, 3], k: 1)) {
            XCTAssertEqual($0 as? VectorIndexError, .dimensionMismatch(expected: 4, got: 3, what: "the query"))
        }
        XCTAssertThrowsError(try index.search([1, 2, 3, 4], k: 0))
    }
}
