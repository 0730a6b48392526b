// Random-hyperplane LSH: the collision probability 1 − θ/π, and search quality.

import Foundation
import Shared
import TestSupport
@testable import Week09VectorDB
import XCTest

final class LSHTests: XCTestCase {
    func testSignAgreementMatchesOneMinusThetaOverPi() {
        let d = 32, planes = 64 * 64  // 4,096 hyperplanes: σ of the estimate ≤ 0.008
        let lsh = LSHIndex(dimension: d, tables: 64, bits: 64, seed: 31)
        var rng = SplitMix64(seed: 32)
        // Two orthonormal directions u, w; b = cos θ · u + sin θ · w is at angle θ from u.
        var u = (0..<d).map { _ in Float(rng.nextGaussian()) }
        Distance.normalize(&u)
        var w = (0..<d).map { _ in Float(rng.nextGaussian()) }
        let overlap = zip(u, w).reduce(0) { $0 + $1.0 * $1.1 }
        w = zip(w, u).map { $0 - overlap * $1 }
        Distance.normalize(&w)
        for theta in [Double.pi / 8, .pi / 4, .pi / 2, 2 * .pi / 3, 0.9 * .pi] {
            let b = zip(u, w).map { Float(cos(theta)) * $0 + Float(sin(theta)) * $1 }
            let p = lsh.project(u + b, count: 2)  // no data added: no centring
            let agree = (0..<planes).filter { (p[$0] > 0) == (p[planes + $0] > 0) }.count
            let expected = 1 - theta / .pi
            XCTAssertEqual(Double(agree) / Double(planes), expected, accuracy: 0.03, "θ = \(theta)")
        }
    }

    func testMoreTablesAndProbesRaiseRecall() throws {
        let d = 32
        let all = TestData.clusters(n: 3100, d: d, seed: 33)  // base and queries from the same clusters
        let base = Array(all[0..<(3000 * d)]), queries = Array(all[(3000 * d)...])
        let exact = ExactIndex(dimension: d)
        try exact.add(base, ids: Array(0..<3000))
        let truth = try exact.search(batch: queries, k: 10, threads: 2)
        func recall(tables: Int, probes: Int) throws -> Double {
            let lsh = LSHIndex(dimension: d, tables: tables, bits: 10, seed: 35)
            lsh.probes = probes
            try lsh.add(base, ids: Array(0..<3000))
            let found = try lsh.search(batch: queries, k: 10, threads: 2)
            // Every returned distance is the exact one (candidates are re-ranked exactly).
            for r in found[0] {
                XCTAssertEqual(Double(r.distance), Double(Distance.between(TestData.row(base, r.id, d: d), TestData.row(queries, 0, d: d), metric: .l2)), accuracy: 1e-3)
            }
            return Recall.atK(found, truth: truth, k: 10)
        }
        let one = try recall(tables: 1, probes: 0), many = try recall(tables: 16, probes: 0), probed = try recall(tables: 16, probes: 4)
        XCTAssertLessThan(one, many)
        XCTAssertLessThanOrEqual(many, probed)
        XCTAssertGreaterThanOrEqual(probed, 0.9, "16 tables with 4 probes: recall \(probed)")
    }
}
