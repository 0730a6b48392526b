// HNSW: recall against exact search on fixed clustered data, deletion, and concurrency.

import Shared
import TestSupport
@testable import Week09VectorDB
import XCTest

final class HNSWTests: XCTestCase {
    static let d = 32, n = 5000

    /// 5,000 base rows and 300 queries from the same 20 clusters.
    static let all = TestData.clusters(n: n + 300, d: d, seed: 11)
    static let base = Array(all[0..<(n * d)])
    static func queries(_ count: Int, from first: Int = 0) -> [Float] {
        Array(all[((n + first) * d)..<((n + first + count) * d)])
    }

    static func build(threads: Int = 2, metric: Metric = .l2) throws -> (HNSWIndex, [Float]) {
        let index = HNSWIndex(dimension: d, metric: metric, m: 16, efConstruction: 200, seed: 5)
        index.buildThreads = threads
        try index.add(base, ids: Array(0..<n))
        return (index, base)
    }

    func testRecallAt10IsAtLeast095AgainstExactSearch() throws {
        for metric in [Metric.l2, .cosine] {
            let (index, base) = try HNSWTests.build(metric: metric)
            let queries = HNSWTests.queries(200)
            let exact = ExactIndex(dimension: HNSWTests.d, metric: metric)
            try exact.add(base, ids: Array(0..<HNSWTests.n))
            let truth = try exact.search(batch: queries, k: 10, threads: 2)
            let found = try index.search(batch: queries, k: 10, ef: 64, threads: 2)
            let recall = Recall.atK(found, truth: truth, k: 10)
            XCTAssertGreaterThanOrEqual(recall, 0.95, "\(metric) recall@10 = \(recall)")
            // Distances are the metric's, as exact search computes them.
            assertClose(found[0].map { Double($0.distance) }, found[0].map { r in
                Double(Distance.between(TestData.row(base, r.id, d: HNSWTests.d), TestData.row(queries, 0, d: HNSWTests.d), metric: metric))
            }, rtol: 1e-4, atol: 1e-4)
        }
    }

    func testRecallMeasureOnAHandExample() {
        let truth = [[SearchResult(id: 1, distance: 0), SearchResult(id: 2, distance: 1)]]
        let found = [[SearchResult(id: 2, distance: 1), SearchResult(id: 9, distance: 3)]]
        XCTAssertEqual(Recall.atK(found, truth: truth, k: 2), 0.5)
    }

    func testGraphInvariantsAfterAParallelBuild() throws {
        let (index, _) = try HNSWTests.build(threads: 2)
        XCTAssertEqual(index.count, HNSWTests.n)
        for node in 0..<index.nodeCount {
            for layer in 0...Int(index.levels[node]) {
                let list = index.links(node, layer)
                let c = Int(list.pointee)
                XCTAssertLessThanOrEqual(c, layer == 0 ? 32 : 16)
                XCTAssertGreaterThan(c, 0, "node \(node) layer \(layer) is isolated")
                let neighbours = (0..<c).map { Int(list[1 + $0]) }
                XCTAssertEqual(Set(neighbours).count, c, "duplicate edges at node \(node)")
                XCTAssertFalse(neighbours.contains(node), "self loop at node \(node)")
            }
        }
        // Each point finds itself (distance 0) as its own nearest neighbour.
        let base = HNSWTests.base
        let selfHits = try (0..<100).filter { try index.search(TestData.row(base, $0 * 50, d: HNSWTests.d), k: 1).first?.id == $0 * 50 }.count
        XCTAssertGreaterThanOrEqual(selfHits, 99)
    }

    func testDeletedItemsAreNeverReturnedButStillTraversed() throws {
        let (index, base) = try HNSWTests.build()
        let d = HNSWTests.d
        // Delete the 10 nearest of query 0 and every 3rd id: 1/3 of the graph, entry point included.
        let query = HNSWTests.queries(1, from: 299)
        var doomed = Set(try index.search(query, k: 10, ef: 100).map(\.id))
        for id in stride(from: 0, to: HNSWTests.n, by: 3) { doomed.insert(id) }
        doomed.insert(Int(index.ids[Int(index.entryPoint)]))
        for id in doomed { try index.remove(id) }
        XCTAssertEqual(index.count, HNSWTests.n - doomed.count)
        let queries = HNSWTests.queries(100) + query
        let found = try index.search(batch: queries, k: 10, ef: 64, threads: 2)
        XCTAssertFalse(found.flatMap { $0 }.contains { doomed.contains($0.id) })
        XCTAssertTrue(found.allSatisfy { $0.count == 10 })
        // Recall against exact search over the survivors stays high: the tombstones still route.
        let survivors = (0..<HNSWTests.n).filter { !doomed.contains($0) }
        let exact = ExactIndex(dimension: d)
        try exact.add(survivors.flatMap { TestData.row(base, $0, d: d) }, ids: survivors)
        let recall = Recall.atK(found, truth: try exact.search(batch: queries, k: 10, threads: 2), k: 10)
        XCTAssertGreaterThanOrEqual(recall, 0.95)
        // And after a save/load round trip.
        let reloaded = try HNSWIndex.deserialize(index.serialized(), source: "memory")
        let again = try reloaded.search(batch: queries, k: 10, ef: 64, threads: 1)
        XCTAssertFalse(again.flatMap { $0 }.contains { doomed.contains($0.id) })
        XCTAssertEqual(again, found)
    }

    func testSmallIndexesAndErrors() throws {
        let index = HNSWIndex(dimension: 3, m: 4, efConstruction: 8)
        XCTAssertEqual(try index.search([0, 0, 0], k: 3), [])
        try index.add([1, 0, 0], ids: [42])
        XCTAssertEqual(try index.search([0, 0, 0], k: 3), [SearchResult(id: 42, distance: 1)])
        try index.add([0, 2, 0, 0, 0, 3], ids: [7, 8])
        XCTAssertEqual(try index.search([0, 0, 0], k: 3).map(\.id), [42, 7, 8])
        XCTAssertThrowsError(try index.add([1, 1, 1], ids: [7])) { XCTAssertEqual($0 as? VectorIndexError, .duplicateID(7)) }
        XCTAssertThrowsError(try index.add([1, .nan, 1], ids: [9]))
        XCTAssertThrowsError(try index.remove(99)) { XCTAssertEqual($0 as? VectorIndexError, .unknownID(99)) }
        try index.remove(42)
        try index.remove(7)
        try index.remove(8)
        XCTAssertEqual(try index.search([0, 0, 0], k: 3), [])
    }
}
