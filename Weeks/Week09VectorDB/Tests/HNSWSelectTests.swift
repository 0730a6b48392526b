// HNSW's neighbour-selection heuristic (Algorithm 4) on five points placed by hand, without an
// insert: the vectors are written straight into the index's storage, so only the heuristic runs.

import Shared
import TestSupport
@testable import Week09VectorDB
import XCTest

final class HNSWSelectTests: XCTestCase {
    /// Base at the origin, l2 (squared) distances. Candidates closest first:
    ///   n0 (1, 0)       1      kept (nothing kept yet)
    ///   n1 (1.2, 0.4)   1.6    to n0: 0.04 + 0.16 = 0.2 < 1.6      → dropped
    ///   n2 (0, 1.5)     2.25   to n0: 1 + 2.25 = 3.25              → kept
    ///   n3 (−1.6, 0)    2.56   to n0: 6.76, to n2: 2.56 + 2.25     → kept
    ///   n4 (0.3, 1.7)   2.98   to n2: 0.09 + 0.04 = 0.13 < 2.98    → dropped
    /// limit 2 stops after n2; limit 3 and 4 give n0, n2, n3 (pruned ones are not added back);
    /// limit 5 is not exceeded, so all five are kept as they are.
    func testHeuristicKeepsCandidatesCloserToTheBaseThanToAnyKeptOne() {
        let points: [[Float]] = [[1, 0], [1.2, 0.4], [0, 1.5], [-1.6, 0], [0.3, 1.7]]
        let index = HNSWIndex(dimension: 2, m: 2, efConstruction: 8)
        index.reserve(points.count)
        for (node, p) in points.enumerated() { index.vector(node).update(from: p, count: 2) }
        let candidates = points.enumerated().map { node, p in Candidate(distance: p[0] * p[0] + p[1] * p[1], node: Int32(node)) }
        XCTAssertEqual(index.selectNeighbours(candidates, limit: 2).map(\.node), [0, 2])
        XCTAssertEqual(index.selectNeighbours(candidates, limit: 3).map(\.node), [0, 2, 3])
        XCTAssertEqual(index.selectNeighbours(candidates, limit: 4).map(\.node), [0, 2, 3])
        XCTAssertEqual(index.selectNeighbours(candidates, limit: 5).map(\.node), [0, 1, 2, 3, 4])
    }
}
