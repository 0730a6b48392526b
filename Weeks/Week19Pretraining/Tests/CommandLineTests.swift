// The executable: bad flags refused by the parser, --help on every command, and end to end (built
// product) a bad value is one line on stderr with a non-zero exit.

import Foundation
import Shared
import TestSupport
import Week19Pretraining
import XCTest

final class CommandLineTests: XCTestCase {
    func testBadFlagsAreUsageErrors() {
        let cli = Week19CommandLine.parser
        for arguments in [["classify", "--frozen-layers", "7"], ["classify", "--train", "x"], ["objectives", "--steps", "0"],
                          ["split", "--held-out-fraction", "1"], ["classify", "--bogus"], ["nonsense"]] {
            XCTAssertThrowsError(try cli.parse(arguments), "\(arguments)")
        }
        XCTAssertNoThrow(try cli.parse(["classify", "--frozen-layers", "0", "--json"]))
        XCTAssertNoThrow(try cli.parse(["objectives", "--steps", "5", "--hidden", "32"]))
    }

    func testEveryCommandHasHelp() throws {
        for command in ["classify", "objectives", "split"] {
            let result = try Executables.run("Week19Pretraining", [command, "--help"])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.stdout.contains(command), command)
        }
    }

    func testBadValuesAreOneLineErrors() throws {
        for arguments in [["classify", "--max-tokens", "2"], ["objectives", "--hidden", "30"], ["split", "--min-per-class", "x"]] {
            let result = try Executables.run("Week19Pretraining", arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
    }
}
