// The executable: bad flags refused by the parser, --help on every command, and end to end (built
// product) a missing or corrupt checkpoint is one line on stderr with a non-zero exit; a tiny
// `train --json` then `sample` and `export` work on a temporary output folder.

import Foundation
import Shared
import TestSupport
import Week15CharLM
import XCTest

final class CommandLineTests: XCTestCase {
    func testBadFlagsAreUsageErrors() {
        let cli = Week15CommandLine.parser
        for arguments in [["train", "--steps", "0"], ["train", "--cell", "rnn"], ["train", "--lr", "-1"], ["train", "--order", "9"],
                          ["sample", "--temperature", "-1"], ["bench", "--steps", "x"], ["ngram", "--hold-out-every", "1"], ["train", "--bogus"]] {
            XCTAssertThrowsError(try cli.parse(arguments), "\(arguments)")
        }
        XCTAssertNoThrow(try cli.parse(["train", "--cell", "gru", "--steps", "5"]))
    }

    func testEveryCommandHasHelp() throws {
        for command in ["train", "sample", "ngram", "export", "bench"] {
            let result = try Executables.run("Week15CharLM", [command, "--help"])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.stdout.contains(command), command)
        }
    }

    func testMissingAndCorruptCheckpointsAreOneLineErrors() throws {
        let folder = try TemporaryDirectory()
        for command in ["sample", "export"] {
            let missing = try Executables.run("Week15CharLM", [command, "--weights", folder.file("none.safetensors").path])
            XCTAssertNotEqual(missing.status, 0)
            XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        }
        let corrupt = folder.file("corrupt.safetensors")
        try AtomicFile.write(Array("not a safetensors file".utf8), to: corrupt)
        let result = try Executables.run("Week15CharLM", ["sample", "--weights", corrupt.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testTinyTrainThenSampleAndExport() throws {
        let data = try Fixtures.require(.pythonDocs)
        let root = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(at: root.url.appendingPathComponent("Datasets"),
                                                   withDestinationURL: data.deletingLastPathComponent())
        let env = ["CURRICULUM_ROOT": root.url.path]
        let train = try Executables.run("Week15CharLM", ["train", "--sections", "tutorial", "--hidden", "16", "--steps", "4", "--batch-size", "4",
                                                         "--length", "16", "--eval-every", "2", "--order", "3", "--sample-length", "20", "--json"],
                                        environment: env)
        XCTAssertEqual(train.status, 0, train.stderr)
        let lines = train.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, 3)  // evaluations at steps 2 and 4, then the summary
        XCTAssertNotNil(lines.last?["heldout_bits_per_char"] as? Double)
        let sample = try Executables.run("Week15CharLM", ["sample", "--length", "10", "--json"], environment: env)
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let text = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(sample.stdout.utf8)) as? [String: Any])?["text"] as? String)
        XCTAssertTrue(text.hasPrefix("The "))
        let export = try Executables.run("Week15CharLM", ["export", "--json"], environment: env)
        XCTAssertEqual(export.status, 0, export.stderr)
        let written = try Safetensors.read(root.url.appendingPathComponent("Output/Week15CharLM/charlm-torch.safetensors"))
        XCTAssertEqual(Set(written.names), Set(TorchLayout.names.values))
    }
}
