// The command line: bad flags are one usage line; end to end with the built executable, `launch`
// of 2 worker processes trains what 1 worker trains (synthetic data), and in the failure drill a
// killed worker makes the others exit non-zero with a line naming the lost neighbour, within a
// bound; a worker started without torchrun's environment says which variable is missing.

import Foundation
import Shared
import TestSupport
import XCTest
@testable import Week16TrainingAtScale

final class CommandLineTests: XCTestCase {
    let cli = Week16CommandLine.parser
    let small = ["--data", "synthetic", "--hidden", "8", "--batch-size", "32", "--timeout", "5"]

    func testBadFlagsAreOneLineUsageErrors() {
        assertUsageError(cli, ["launch", "--workers", "0"], mentions: ["--workers must be between 1 and 16"])
        assertUsageError(cli, ["worker", "--precision", "float8"], mentions: ["--precision"])
        assertUsageError(cli, ["bench", "--workers", "1"], mentions: ["--workers must be between 2 and 8"])
        assertUsageError(cli, ["memory", "--segment", "0"], mentions: ["--segment must be at least 1"])
        assertUsageError(cli, ["resume"], mentions: ["DIR"])
        assertHelp(cli, "worker", shows: ["steps": "(default 200", "timeout": "(default 30"])
    }

    func testTwoWorkerProcessesTrainWhatOneTrains() throws {
        let folder = try TemporaryDirectory()
        var losses: [[Double]] = []
        for workers in [1, 2] {
            let out = folder.file("run\(workers)").path
            let result = try Executables.run("Week16TrainingAtScale", ["launch", "--workers", String(workers), "--steps", "12", "--out", out, "--json"] + small)
            XCTAssertEqual(result.status, 0, result.stderr)
            let data = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("summary.json"))
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            XCTAssertEqual(object["world_size"] as? Int, workers)
            losses.append(try XCTUnwrap(object["losses"] as? [Double]))
        }
        XCTAssertEqual(losses[0].count, 12)
        assertClose(losses[1], losses[0], rtol: 0, atol: 1e-5)
    }

    func testAKilledWorkerMakesTheOthersExitNonZeroWithinABound() throws {
        let folder = try TemporaryDirectory()
        let start = Date()
        let result = try Executables.run("Week16TrainingAtScale", ["launch", "--workers", "3", "--steps", "100000", "--crash-rank", "1", "--crash-at", "2",
                                                                 "--out", folder.url.path] + small)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "the survivors must stop within the socket timeout")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("rank 1: failure drill"), result.stderr)
        for rank in [0, 2] {
            let line = result.stderr.split(separator: "\n").first { $0.contains("error: rank \(rank):") }
            XCTAssertNotNil(line, "rank \(rank) printed no error line: \(result.stderr)")
            XCTAssertTrue(line.map { $0.contains("closed the connection") || $0.contains("no progress within") } ?? false, result.stderr)
        }
        XCTAssertTrue(result.stderr.contains("rank 0 exited 1, rank 1 exited 3, rank 2 exited 1"), result.stderr)
    }

    func testAWorkerWithoutTheEnvironmentNamesWhatIsMissing() throws {
        var environment = ProcessInfo.processInfo.environment
        for key in ["RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"] { environment.removeValue(forKey: key) }
        let result = try Executables.run("Week16TrainingAtScale", ["worker", "--data", "synthetic"], environment: ["WORLD_SIZE": ""])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("WORLD_SIZE"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testResumeOfAMissingFolderIsOneLine() throws {
        let result = try Executables.run("Week16TrainingAtScale", ["resume", "/nonexistent/checkpoint"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("data_parallel.json"), result.stderr)
    }
}
