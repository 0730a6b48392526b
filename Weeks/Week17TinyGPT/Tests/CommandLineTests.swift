// The executable: bad flags refused by the parser, --help on every command, and end to end (built
// product) a missing run folder is one line on stderr with a non-zero exit.

import Foundation
import Shared
import TestSupport
import Week17TinyGPT
import XCTest

final class CommandLineTests: XCTestCase {
    func testBadFlagsAreUsageErrors() {
        let cli = Week17CommandLine.parser
        for arguments in [["train", "--steps", "0"], ["train", "--vocab", "100"], ["train", "--dropout", "1"], ["train", "--lr", "-1"],
                          ["generate", "--temperature", "-1"], ["bench", "--steps", "x"], ["export"], ["train", "--hold-out-every", "1"],
                          ["scaling", "--widths", "4"], ["compare", "--seconds", "0"], ["train", "--bogus"]] {
            XCTAssertThrowsError(try cli.parse(arguments), "\(arguments)")
        }
        XCTAssertNoThrow(try cli.parse(["train", "--layers", "2", "--steps", "5"]))
        XCTAssertNoThrow(try cli.parse(["generate", "def f(x):", "--temperature", "0"]))
    }

    func testEveryCommandHasHelp() throws {
        for command in ["train", "generate", "bench", "export", "compare", "scaling"] {
            let result = try Executables.run("Week17TinyGPT", [command, "--help"])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.stdout.contains(command), command)
        }
    }

    func testMissingRunFolderIsAOneLineError() throws {
        let folder = try TemporaryDirectory()
        for arguments in [["generate", "--model", folder.file("none").path], ["export", folder.file("out").path, "--model", folder.file("none").path],
                          ["train", "--resume", "--out", folder.file("none").path]] {
            let result = try Executables.run("Week17TinyGPT", arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
    }

    func testCorruptCheckpointIsAOneLineError() throws {
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        // a run folder whose files are not safetensors: 8 bytes of header length, then nothing
        for name in [GPTRun.modelFile, GPTRun.trainingFile] {
            try Data("garbage!".utf8).write(to: folder.url.appendingPathComponent(name))
        }
        let result = try Executables.run("Week17TinyGPT", ["generate", "--model", folder.url.path, "x"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("malformed"), result.stderr)
    }
}
