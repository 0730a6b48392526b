// The executable end to end on small .npy files: build → search → delete → search, the bench on
// the user's data (without hnswlib), and bad input as one line on stderr with a non-zero exit.
// Files go to a temporary CURRICULUM_ROOT.

import Foundation
import Shared
import TestSupport
import XCTest

final class CommandLineTests: XCTestCase {
    func writeData(_ dir: TemporaryDirectory) throws -> (base: URL, queries: URL, wrong: URL) {
        let base = dir.file("base.npy"), queries = dir.file("queries.npy"), wrong = dir.file("wrong.npy")
        try NPY.write(try Tensor(shape: [400, 8], storage: TestData.clusters(n: 400, d: 8, seed: 41)), to: base)
        // The first query is base row 17 itself.
        let q = TestData.row(TestData.clusters(n: 400, d: 8, seed: 41), 17, d: 8) + TestData.clusters(n: 4, d: 8, seed: 42)
        try NPY.write(try Tensor(shape: [5, 8], storage: q), to: queries)
        try NPY.write(Tensor.zeros([3, 5]), to: wrong)
        return (base, queries, wrong)
    }

    func testBuildSearchDeleteRoundTrip() throws {
        let dir = try TemporaryDirectory()
        let (base, queries, _) = try writeData(dir)
        let env = ["CURRICULUM_ROOT": dir.url.path]
        let index = dir.file("base.hnsw").path
        let build = try Executables.run("Week09VectorDB", ["build", base.path, "--out", index, "--m", "8", "--ef-construction", "50"], environment: env)
        XCTAssertEqual(build.status, 0, build.stderr)
        let search = try Executables.run("Week09VectorDB", ["search", index, queries.path, "--k", "3", "--json"], environment: env)
        XCTAssertEqual(search.status, 0, search.stderr)
        let lines = search.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual((lines[0]["ids"] as? [Int])?.first, 17)
        XCTAssertEqual((lines[0]["ids"] as? [Int])?.count, 3)
        let delete = try Executables.run("Week09VectorDB", ["delete", index, "17,3"], environment: env)
        XCTAssertEqual(delete.status, 0, delete.stderr)
        XCTAssertTrue(delete.stdout.contains("398 remain"), delete.stdout)
        let again = try Executables.run("Week09VectorDB", ["search", index, queries.path, "--k", "3", "--json", "--ef", "20"], environment: env)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stdout.contains("[17,") || again.stdout.contains(" 17,") || again.stdout.contains(" 17]"))
        // Deleting an unknown id changes nothing on disk.
        let before = try Data(contentsOf: URL(fileURLWithPath: index))
        let unknown = try Executables.run("Week09VectorDB", ["delete", index, "5,99999"], environment: env)
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("id 99999 is not in the index"), unknown.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: index)), before)
    }

    func testBenchOnUserDataPrintsJSONLines() throws {
        let dir = try TemporaryDirectory()
        let (base, queries, _) = try writeData(dir)
        let r = try Executables.run("Week09VectorDB", ["bench", "--data", base.path, "--queries", queries.path, "--k", "5",
                                                       "--ef", "8,32", "--m", "8", "--ef-construction", "40", "--threads", "1", "--json", "--no-reference"],
                                    environment: ["CURRICULUM_ROOT": dir.url.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let searches = rows.filter { $0["recall"] != nil }
        XCTAssertEqual(searches.filter { $0["index"] as? String == "exact" }.count, 1)
        XCTAssertEqual(searches.filter { $0["index"] as? String == "lsh" }.count, 5)
        let hnsw = searches.filter { $0["index"] as? String == "hnsw" }
        XCTAssertEqual(hnsw.map { $0["ef"] as? Int }, [8, 32])
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(hnsw.last?["recall"] as? Double), 0.95)
        XCTAssertNotNil(hnsw.last?["qps"] as? Double)
    }

    func testBadInputIsOneLineAndANonZeroExit() throws {
        let dir = try TemporaryDirectory()
        let (base, queries, wrong) = try writeData(dir)
        let index = dir.file("i.hnsw").path
        XCTAssertEqual(try Executables.run("Week09VectorDB", ["build", base.path, "--out", index]).status, 0)
        var corrupt = [UInt8](try Data(contentsOf: URL(fileURLWithPath: index)))
        corrupt[100] ^= 1
        try Data(corrupt).write(to: dir.file("corrupt.hnsw"))
        try Data(corrupt.prefix(50)).write(to: dir.file("short.hnsw"))
        let cases: [([String], Int32, String)] = [
            (["build", dir.file("missing.npy").path], 1, "file not found"),
            (["bench", "--data", base.path, "--queries", wrong.path, "--no-reference"], 1, "dimension 5"),
            (["bench", "--data", base.path], 2, "--queries"),
            (["search", index, wrong.path], 1, "dimension 5"),
            (["search", dir.file("corrupt.hnsw").path, queries.path], 1, "checksum mismatch"),
            (["search", dir.file("short.hnsw").path, queries.path], 1, "truncated"),
            (["search", base.path, queries.path], 1, "wrong magic"),
            (["search", index, queries.path, "--k", "0"], 2, "--k must be at least 1"),
            (["delete", index, "1,x"], 2, "comma-separated integers"),
            (["build", base.path, "--metric", "manhattan"], 2, "--metric"),
            (["build", base.path, "--bogus"], 2, "unknown option"),
        ]
        for (arguments, status, needle) in cases {
            let r = try Executables.run("Week09VectorDB", arguments, environment: ["CURRICULUM_ROOT": dir.url.path])
            XCTAssertEqual(r.status, status, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(needle), "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(arguments): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Fatal error"), "\(arguments)")
        }
    }
}
