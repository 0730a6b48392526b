// The Assess gate, part 4: the executable end to end — a short training run writes its files and
// its JSON summary, `evaluate` reloads the weights and agrees, `gradcheck` passes, and bad input is
// one line on stderr with a non-zero exit. Output goes to a temporary CURRICULUM_ROOT, so the
// tests never overwrite the learner's trained weights.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class CommandLineTests: XCTestCase {
    func testShortTrainingRunThenEvaluateAgree() throws {
        let data = try Fixtures.require(.fashionMNIST)
        let root = try TemporaryDirectory()
        let env = ["CURRICULUM_ROOT": root.url.path]
        let train = try Executables.run("Week04MNIST", ["train", "--epochs", "1", "--limit", "2000", "--hidden", "32", "--batch-size", "32",
                                                        "--json", "--data", data.path], environment: env)
        XCTAssertEqual(train.status, 0, train.stderr)
        let lines = train.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        XCTAssertEqual(lines.count, 2, "one line per epoch, then the summary")
        let summary = try XCTUnwrap(lines.last)
        XCTAssertEqual(summary["epochs"] as? Int, 1)
        XCTAssertEqual(summary["parameters"] as? Int, 784 * 32 + 32 + 32 * 10 + 10)
        let accuracy = try XCTUnwrap(summary["test_accuracy"] as? Double)
        XCTAssertGreaterThan(accuracy, 0.55, "measured 0.6437 (seed 42); chance is 0.1")
        XCTAssertNotNil(summary["seconds_per_epoch"] as? Double)
        let output = root.url.appendingPathComponent("Output/Week04MNIST")
        for name in ["mlp.safetensors", "curves.svg", "confusion.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), name)
        }
        // evaluate reads the architecture from the file's metadata and reproduces the accuracy.
        let evaluate = try Executables.run("Week04MNIST", ["evaluate", "--json", "--data", data.path], environment: env)
        XCTAssertEqual(evaluate.status, 0, evaluate.stderr)
        let reloaded = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(reloaded["test_accuracy"] as? Double), accuracy, accuracy: 1e-12)
    }

    func testGradcheckCommandPassesEveryOp() throws {
        let r = try Executables.run("Week04MNIST", ["gradcheck"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").filter { $0.hasPrefix("OK ") }.count, GradCheck.cases().count)
        XCTAssertFalse(r.stdout.contains("NOT OK"))
    }

    func testBadInputIsOneLineAndANonZeroExit() throws {
        let root = try TemporaryDirectory()
        let cases: [([String], Int32, String)] = [
            (["train", "--epochs", "0"], 2, "--epochs must be between 1 and 1000"),
            (["--batch-size", "many"], 2, "--batch-size expects a whole number"),
            (["--data", root.file("nowhere").path], 2, "is not a folder"),
            (["--data", root.url.path], 1, "train-images-idx3-ubyte"),
            (["evaluate", "--weights", root.file("none.safetensors").path], 2, "no weights at"),
            (["train", "--optimizer", "sgd"], 2, "unknown option --optimizer"),
        ]
        for (args, status, message) in cases {
            let r = try Executables.run("Week04MNIST", args, environment: ["CURRICULUM_ROOT": root.url.path])
            XCTAssertEqual(r.status, status, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
        }
        // A corrupt weights file is a clear error too, not a crash.
        try AtomicFile.write("not a safetensors file", to: root.file("bad.safetensors"))
        let corrupt = try Executables.run("Week04MNIST", ["evaluate", "--weights", root.file("bad.safetensors").path, "--hidden", "8"],
                                          environment: ["CURRICULUM_ROOT": root.url.path])
        XCTAssertEqual(corrupt.status, 1, corrupt.stderr)
        XCTAssertEqual(corrupt.stderr.split(separator: "\n").count, 1, corrupt.stderr)
    }

    func testDefaultPicksMNISTWhenItsFilesArePresent() throws {
        // A fake Datasets/mnist with tiny IDX files (magic 0x803 images, 0x801 labels, big-endian
        // extents): the default run must say it uses MNIST and train on its 64 images.
        let root = try TemporaryDirectory()
        let folder = root.url.appendingPathComponent("Datasets/mnist")
        func bigEndian(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((v >> $0) & 0xFF) } }
        var rng = SplitMix64(seed: 1)
        for (prefix, count) in [("train", 64), ("t10k", 16)] {
            let pixels = (0..<(count * 784)).map { _ in UInt8(rng.nextInt(below: 256)) }
            try AtomicFile.write(bigEndian(0x803) + bigEndian(count) + bigEndian(28) + bigEndian(28) + pixels,
                                 to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            let labels = (0..<count).map { UInt8($0 % 10) }
            try AtomicFile.write(bigEndian(0x801) + bigEndian(count) + labels, to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        let r = try Executables.run("Week04MNIST", ["--epochs", "1", "--hidden", "8"], environment: ["CURRICULUM_ROOT": root.url.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("data: MNIST, 64 train / 16 test images"), r.stderr)
        XCTAssertTrue(r.stdout.contains("on 16 images (MNIST)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("0 0"), "MNIST's classes are the digits: \(r.stdout)")
    }
}
