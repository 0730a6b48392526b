// Index files: byte-for-byte round trips, and one clear error for every kind of damage.

import Shared
import TestSupport
@testable import Week09VectorDB
import XCTest

final class PersistenceTests: XCTestCase {
    func testCRC32MatchesTheStandardCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)  // zlib.crc32(b"123456789")
        XCTAssertEqual(CRC32.checksum([]), 0)
    }

    func allKinds() throws -> [any VectorIndex] {
        let d = 16
        let base = TestData.clusters(n: 800, d: d, seed: 21)
        let hnsw = HNSWIndex(dimension: d, metric: .cosine, m: 8, efConstruction: 40)
        hnsw.buildThreads = 2
        let lsh = LSHIndex(dimension: d, tables: 4, bits: 8)
        lsh.probes = 2
        let indexes: [any VectorIndex] = [ExactIndex(dimension: d, metric: .innerProduct), lsh, hnsw]
        for index in indexes {
            try index.add(base, ids: (0..<800).map { $0 * 7 })
            try index.remove(14)
            try index.remove(700)
        }
        return indexes
    }

    func testSaveLoadSaveIsByteForByteAndSearchesAgree() throws {
        let dir = try TemporaryDirectory()
        let queries = TestData.clusters(n: 30, d: 16, seed: 22)
        for index in try allKinds() {
            let url = dir.file("index-\(type(of: index))")
            try index.save(to: url)
            let loaded = try VectorIndexFile.load(from: url)
            XCTAssertTrue(type(of: loaded) == type(of: index))
            let second = dir.file("again-\(type(of: index))")
            try loaded.save(to: second)
            XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: second), "\(type(of: index)) bytes differ after a round trip")
            XCTAssertEqual(loaded.count, index.count)
            let before = try index.search(batch: queries, k: 10, threads: 1)
            let after = try loaded.search(batch: queries, k: 10, threads: 1)
            XCTAssertEqual(before, after, "\(type(of: index)) results differ after loading")
            XCTAssertFalse(after.flatMap { $0 }.contains { $0.id == 14 || $0.id == 700 }, "a removed id came back after loading")
        }
    }

    func testSequentialHNSWBuildsAreReproducible() throws {
        let base = TestData.clusters(n: 600, d: 8, seed: 23)
        func build() throws -> [UInt8] {
            let index = HNSWIndex(dimension: 8, m: 6, efConstruction: 30, seed: 3)
            try index.add(base, ids: Array(0..<600))
            return index.serialized()
        }
        XCTAssertEqual(try build(), try build())
    }

    func testAddingAfterLoadWorks() throws {
        let hnsw = try allKinds()[2] as! HNSWIndex
        let loaded = try HNSWIndex.deserialize(hnsw.serialized(), source: "memory")
        let extra = TestData.clusters(n: 50, d: 16, seed: 24)
        try loaded.add(extra, ids: (0..<50).map { 100_000 + $0 })
        XCTAssertEqual(try loaded.search(TestData.row(extra, 3, d: 16), k: 1).first?.id, 100_003)
        XCTAssertEqual(loaded.count, hnsw.count + 50)
    }

    /// The error text for `bytes`, which must fail to load.
    func loadError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try HNSWIndex.deserialize(bytes, source: "index.bin")
            XCTFail("damaged bytes loaded", file: file, line: line)
            return ""
        } catch {
            XCTAssertTrue(error is VectorIndexError, "\(error)", file: file, line: line)
            return "\(error)"
        }
    }

    func testDamagedFilesGiveOneClearError() throws {
        let good = (try allKinds()[2] as! HNSWIndex).serialized()
        // Truncated anywhere: header, payload, checksum.
        for cut in [0, 10, 27, good.count / 2, good.count - 1] {
            XCTAssertTrue(loadError(Array(good.prefix(cut))).contains("truncated"), "cut at \(cut)")
        }
        XCTAssertTrue(loadError(good + [0]).contains("unexpected bytes"))
        // One flipped bit in the adjacency, in a vector, in the checksum itself.
        for position in [200, good.count - 100, good.count - 2] {
            var bad = good
            bad[position] ^= 0x10
            XCTAssertTrue(loadError(bad).contains("checksum mismatch"), "flip at \(position)")
        }
        var magic = good
        magic[0] = UInt8(ascii: "X")
        XCTAssertTrue(loadError(magic).contains("wrong magic"))
        var version = good
        version[8] = 2
        XCTAssertTrue(loadError(version).contains("version 2 is not supported"))
        var kind = good
        kind[12] = 1
        XCTAssertTrue(loadError(kind).contains("exact index, not a hnsw index"))
        // A file whose CRC is right but whose graph is impossible (a neighbour id out of range):
        // validation catches it even though the checksum cannot.
        var r = ByteReader(good, source: "x", offset: 24)
        _ = try r.u32("d"); _ = try r.u32("metric"); _ = try r.u32("M"); _ = try r.u32("efc"); _ = try r.u32("ef")
        _ = try r.u64("seed")
        let nodes = Int(try r.u64("nodes"))
        let firstLink = r.offset + 8 + 4 + 4 + nodes * (1 + 8 + 1) + 4  // node 0's first neighbour on layer 0
        var payload = Array(good[24..<(good.count - 4)])
        let at = firstLink - 24
        payload.replaceSubrange(at..<(at + 4), with: withUnsafeBytes(of: Int32(99_999).littleEndian, Array.init))
        XCTAssertTrue(loadError(IndexFormat.wrap(kind: .hnsw, payload: payload)).contains("links to node 99999"))
    }

    func testMissingFileIsAFileError() {
        XCTAssertThrowsError(try VectorIndexFile.load(from: URL(fileURLWithPath: "/nonexistent/index.hnsw"))) {
            XCTAssertEqual($0 as? DataFileError, .missing(path: "/nonexistent/index.hnsw"))
        }
    }
}
