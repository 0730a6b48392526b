// The executable: bad flags refused by the parser, --help on every command, and end to end (built
// product) a missing file or a malformed vocab folder is one line on stderr with a non-zero exit.

import Foundation
import Shared
import TestSupport
import Week18Tokenizers
import XCTest

final class CommandLineTests: XCTestCase {
    func testBadFlagsAreUsageErrors() {
        let cli = Week18CommandLine.parser
        for arguments in [["demo", "--vocab-sizes", "100"], ["demo", "--bytes", "x"], ["export", "--vocab-size", "10"],
                          ["encode"], ["demo", "--bogus"]] {
            XCTAssertThrowsError(try cli.parse(arguments), "\(arguments)")
        }
        XCTAssertNoThrow(try cli.parse(["demo", "--vocab-sizes", "300,400", "--json"]))
    }

    func testEveryCommandHasHelp() throws {
        for command in ["demo", "export", "encode", "bench"] {
            let result = try Executables.run("Week18Tokenizers", [command, "--help"])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.stdout.contains(command), command)
        }
    }

    func testMissingInputsAreOneLineErrors() throws {
        let folder = try TemporaryDirectory()
        try AtomicFile.write("{\"a\": 0}", to: folder.file("vocab.json"))
        try AtomicFile.write("#version: 0.2\n", to: folder.file("merges.txt"))
        for arguments in [["export", "--file", folder.file("none.txt").path], ["encode", "--model", folder.file("none").path, "x"],
                          ["encode", "--model", folder.url.path, "x"]] {
            let result = try Executables.run("Week18Tokenizers", arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
    }
}
