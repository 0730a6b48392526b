// The executable: bad flags refused by the parser, `--help` on every command, and end to end
// (built product) a short `ablate --json` with one line per configuration, `train --dataset
// cifar10 DIR` on generated binary batches, and a missing CIFAR folder or DIR → one line on stderr
// with a non-zero exit.

import Foundation
import Shared
import TestSupport
import Week14Regularization
import XCTest

final class CommandLineTests: XCTestCase {
    func testBadFlagsAreUsageErrors() {
        let cli = Week14CommandLine.parser
        for arguments in [["ablate", "--epochs", "0"], ["ablate", "--train-size", "5"], ["train", "--dropout", "1"],
                          ["train", "--dataset", "imagenet"], ["train", "--augment", "everything"], ["train", "a", "b"],
                          ["bench", "--images", "x"], ["ablate", "--bogus"]] {
            XCTAssertThrowsError(try cli.parse(arguments), "\(arguments)")
        }
        assertUsageError(cli, ["train", "--smoothing", "2"], mentions: ["--smoothing"])
        XCTAssertNoThrow(try cli.parse(["train", "--dataset", "cifar10", "/tmp/cifar", "--epochs", "2"]))
    }

    func testEveryCommandHasHelp() throws {
        for command in ["ablate", "train", "bench"] {
            let result = try Executables.run("Week14Regularization", [command, "--help"])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.stdout.contains(command), command)
        }
    }

    func environment() throws -> (TemporaryDirectory, [String: String]) {
        let data = try Fixtures.require(.fashionMNIST)
        let root = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(at: root.url.appendingPathComponent("Datasets"),
                                                   withDestinationURL: data.deletingLastPathComponent())
        return (root, ["CURRICULUM_ROOT": root.url.path])
    }

    func testShortAblationPrintsOneLinePerConfiguration() throws {
        let (root, env) = try environment()
        let result = try Executables.run("Week14Regularization", ["ablate", "--train-size", "100", "--validation-size", "100", "--epochs", "1",
                                                                   "--batch-size", "50", "--json"], environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.map { $0["configuration"] as? String }, Regularizers.ablation.map(\.name) + ["combined"])
        for line in lines {
            let gap = try XCTUnwrap(line["loss_gap"] as? Double)
            let (train, validation) = (try XCTUnwrap(line["train_loss"] as? Double), try XCTUnwrap(line["validation_loss"] as? Double))
            XCTAssertEqual(gap, validation - train, accuracy: 1e-12)
        }
        let output = root.url.appendingPathComponent("Output/Week14Regularization")
        for file in ["ablate-baseline.svg", "ablate-dropout-0-5.svg", "ablate-combined.svg", "ablate-gaps.svg", "ablate-validation-loss.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), file)
        }
    }

    func testTrainOnGeneratedCIFARBatches() throws {
        let (root, env) = try environment()
        let cifar = root.url.appendingPathComponent("cifar")
        try FileManager.default.createDirectory(at: cifar, withIntermediateDirectories: true)
        try CIFAR10Tests.write((0..<60).map { UInt8($0 % 10) }, to: cifar.appendingPathComponent("data_batch_1.bin"))
        try CIFAR10Tests.write((0..<20).map { UInt8($0 % 10) }, to: cifar.appendingPathComponent("test_batch.bin"))
        let result = try Executables.run("Week14Regularization", ["train", "--dataset", "cifar10", cifar.path, "--epochs", "1", "--arch", "small",
                                                                   "--batch-size", "18", "--json"], environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        let last = try XCTUnwrap(result.stdout.split(separator: "\n").last)
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let accuracy = try XCTUnwrap(summary["test_accuracy"] as? Double)
        XCTAssertEqual(accuracy * 20, (accuracy * 20).rounded(), accuracy: 1e-9, "a fraction of the 20 test images")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.url.appendingPathComponent("Output/Week14Regularization/train-cifar10.safetensors").path))
    }

    func testMissingCIFARIsOneLine() throws {
        let (root, env) = try environment()
        let missing = try Executables.run("Week14Regularization", ["train", "--dataset", "cifar10", root.url.appendingPathComponent("nowhere").path],
                                          environment: env)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("put CIFAR-10's binary batches"), missing.stderr)
        XCTAssertEqual(missing.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count, 1)
        let noFolder = try Executables.run("Week14Regularization", ["train", "--dataset", "cifar10"], environment: env)
        XCTAssertEqual(noFolder.status, 2)
        XCTAssertTrue(noFolder.stderr.contains("needs DIR"), noFolder.stderr)
    }
}
