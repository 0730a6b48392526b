// Index files under TestSupport's fuzz harness. Most mutations are stopped by the length and CRC
// checks, so a second run re-seals every mutated file (payload length and CRC-32 recomputed)
// before loading: that drives the mutations into the field-by-field payload validation. Every
// loaded index must then answer a search without trapping.

import Shared
import TestSupport
@testable import Week09VectorDB
import XCTest

final class IndexFileFuzzTests: XCTestCase {
    func seeds() throws -> [[UInt8]] {
        let d = 4
        let base = TestData.clusters(n: 40, d: d, clusters: 4, seed: 31)
        let hnsw = HNSWIndex(dimension: d, metric: .l2, m: 4, efConstruction: 16, seed: 5)
        let lsh = LSHIndex(dimension: d, tables: 2, bits: 4)
        let indexes: [any VectorIndex] = [ExactIndex(dimension: d, metric: .cosine), lsh, hnsw]
        var out: [[UInt8]] = []
        for index in indexes {
            try index.add(base, ids: Array(0..<40))
            try index.remove(3)
            out.append(index.serialized())
        }
        return out
    }

    /// Loads any kind and runs one search (a loaded index must be searchable).
    func loadAndSearch(_ bytes: [UInt8]) throws -> Int {
        let index: any VectorIndex
        switch try IndexFormat.peekKind(bytes, source: "fuzz.index") {
        case .exact: index = try ExactIndex.deserialize(bytes, source: "fuzz.index")
        case .lsh: index = try LSHIndex.deserialize(bytes, source: "fuzz.index")
        case .hnsw: index = try HNSWIndex.deserialize(bytes, source: "fuzz.index")
        }
        let query = [Float](repeating: 0.5, count: index.dimension)
        return try index.search(batch: query, k: 5, threads: 1).count
    }

    /// The bytes with the header's payload length and the trailing CRC-32 made consistent again.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 28 else { return bytes }
        var b = Array(bytes.prefix(bytes.count - 4))
        let length = UInt64(b.count - 24)
        for i in 0..<8 { b[16 + i] = UInt8(truncatingIfNeeded: length >> UInt64(8 * i)) }
        let crc = CRC32.checksum(b)
        for i in 0..<4 { b.append(UInt8(truncatingIfNeeded: crc >> UInt32(8 * i))) }
        return b
    }

    func testFuzzIndexFilesAsStored() throws {
        let report = Fuzz.run("index file", seeds: try seeds()) { try loadAndSearch($0) }
        XCTAssertGreaterThan(report.errors, report.cases / 2, "the CRC must catch most damage")
    }

    func testFuzzIndexPayloadsResealed() throws {
        let report = Fuzz.run("index payload (resealed)", seeds: try seeds(), seed: 19) { try loadAndSearch(Self.resealed($0)) }
        XCTAssertGreaterThan(report.errors, 0)
    }

    func testHugePayloadLengthIsTruncatedNotAnOverflow() throws {
        // A payload length of 2^64 − 1 used to overflow 24 + length + 4 and trap.
        var bytes = try seeds()[0]
        for i in 16..<24 { bytes[i] = 0xFF }
        XCTAssertThrowsError(try ExactIndex.deserialize(bytes, source: "x.index")) { error in
            XCTAssertTrue("\(error)".contains("truncated: the header promises"), "\(error)")
        }
    }

    func testNaNVectorIsRefusedAtLoad() throws {
        var bytes = try seeds()[0]
        // The exact payload ends with the vectors: overwrite the last float with NaN and reseal.
        let nan = Float.nan.bitPattern
        let at = bytes.count - 8
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: nan >> UInt32(8 * i)) }
        XCTAssertThrowsError(try ExactIndex.deserialize(Self.resealed(bytes), source: "x.index")) { error in
            XCTAssertTrue("\(error)".contains("vectors: value 159 is nan"), "\(error)")
        }
    }

    func testNonFiniteQueryIsRefusedByEveryIndex() throws {
        for bytes in try seeds() {
            let index: any VectorIndex
            switch try IndexFormat.peekKind(bytes, source: "seed") {
            case .exact: index = try ExactIndex.deserialize(bytes, source: "seed")
            case .lsh: index = try LSHIndex.deserialize(bytes, source: "seed")
            case .hnsw: index = try HNSWIndex.deserialize(bytes, source: "seed")
            }
            XCTAssertThrowsError(try index.search([0, .nan, 0, 0], k: 3)) {
                XCTAssertEqual($0 as? VectorIndexError, .invalidArgument("the query contains a non-finite value (nan)"))
            }
            XCTAssertThrowsError(try index.search(batch: [0, 0, 0, 0, 1, .infinity, 0, 0], k: 3, threads: 1)) {
                XCTAssertEqual($0 as? VectorIndexError, .invalidArgument("the query batch contains a non-finite value (inf)"))
            }
        }
    }
}
