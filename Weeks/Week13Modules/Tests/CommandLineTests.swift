// The executable: every command's --help, bad flags refused by the parser, and end to end (built
// product) `schedule --json` equals the library's curve, `gradcheck` passes, a short `train` is
// bit-identical after its resume (its worker killed mid-run) and a second process finishing its checkpoint reaches the same
// test accuracy, a missing or corrupt checkpoint is one line on stderr with a non-zero exit.

import Foundation
import Shared
import TestSupport
import Week13Modules
import XCTest

final class CommandLineTests: XCTestCase {
    func testBadFlagsAreUsageErrors() {
        let cli = Week13CommandLine.parser
        for arguments in [["train", "--epochs", "0"], ["train", "--lr", "-1"], ["schedule", "--kind", "sgdr"],
                          ["schedule", "--steps", "1"], ["resume"], ["inspect"], ["train", "--bogus"], ["bench", "--rounds", "x"],
                          ["worker", "--stop-at", "0"]] {
            XCTAssertThrowsError(try cli.parse(arguments), "\(arguments)")
        }
        XCTAssertNoThrow(try cli.parse(["schedule", "--kind", "one-cycle", "--steps", "50"]))
    }

    func testEveryCommandHasHelp() throws {
        for command in ["train", "resume", "schedule", "gradcheck", "inspect", "bench", "worker"] {
            let result = try Executables.run("Week13Modules", [command, "--help"])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.stdout.contains(command), command)
        }
    }

    func testScheduleJSONEqualsTheLibrary() throws {
        let root = try TemporaryDirectory()
        let result = try Executables.run("Week13Modules", ["schedule", "--kind", "warmup-cosine", "--steps", "50", "--lr", "0.5", "--json"],
                                         environment: ["CURRICULUM_ROOT": root.url.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let values = try XCTUnwrap(object["lr"] as? [Double])
        // preset: warm-up 50/10 = 5 steps, min lr 0.05, decay over the 50 steps
        assertClose(values, LRSchedule.warmupCosine(maxLR: 0.5, minLR: 0.05, warmup: 5, decaySteps: 50).curve(steps: 50), rtol: 1e-12)
        XCTAssertEqual(values[0], 0.5 / 6, accuracy: 1e-15)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.url.appendingPathComponent("Output/Week13Modules/schedule-warmup-cosine.svg").path))
    }

    func testGradcheckCommandPasses() throws {
        let result = try Executables.run("Week13Modules", ["gradcheck", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, try LayerGradCheck.cases().count)
        XCTAssertTrue(lines.allSatisfy { $0["ok"] as? Bool == true })
    }

    func testTrainThenResumeInAnotherProcessReachesTheSameModel() throws {
        let data = try Fixtures.require(.fashionMNIST)
        let root = try TemporaryDirectory()
        // Output under a temporary root (the learner's checkpoint stays), the real Datasets/ linked in.
        try FileManager.default.createSymbolicLink(at: root.url.appendingPathComponent("Datasets"),
                                                   withDestinationURL: data.deletingLastPathComponent())
        let env = ["CURRICULUM_ROOT": root.url.path]
        // 2000 images, batch 128 → 16 batches (the last 80) an epoch, 2 epochs = 32 steps; stop at 16.
        let train = try Executables.run("Week13Modules", ["train", "--limit", "2000", "--hidden", "32", "--epochs", "2", "--warmup", "5",
                                                          "--stop-at", "16", "--json"], environment: env)
        XCTAssertEqual(train.status, 0, train.stderr)
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(summary["steps"] as? Int, 32)
        XCTAssertEqual(summary["identical"] as? Bool, true)
        XCTAssertEqual(summary["max_weight_difference"] as? Double, 0)
        // The checkpoint at step 16, finished by a second process: the straight run's test accuracy.
        let checkpoint = root.url.appendingPathComponent("Output/Week13Modules/checkpoint")
        let resume = try Executables.run("Week13Modules", ["resume", checkpoint.path, "--json"], environment: env)
        XCTAssertEqual(resume.status, 0, resume.stderr)
        let resumed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(resume.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(resumed["from_step"] as? Int, 16)
        XCTAssertEqual(resumed["steps"] as? Int, 32)
        XCTAssertEqual(try XCTUnwrap(resumed["test_accuracy"] as? Double), try XCTUnwrap(summary["test_accuracy"] as? Double))
    }

    func testTheWorkerIsKilledMidRunAndTheResumeIsStillIdentical() throws {
        let data = try Fixtures.require(.fashionMNIST)
        let root = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(at: root.url.appendingPathComponent("Datasets"),
                                                   withDestinationURL: data.deletingLastPathComponent())
        // 4000 images, batch 50 → 80 steps an epoch, 2 epochs = 160 steps; the worker saves at step 4
        // and would need 156 more steps (about a second) to finish: the SIGKILL lands long before.
        let train = try Executables.run("Week13Modules", ["train", "--limit", "4000", "--hidden", "32", "--batch-size", "50",
                                                          "--epochs", "2", "--warmup", "5", "--stop-at", "4", "--json"],
                                        environment: ["CURRICULUM_ROOT": root.url.path])
        XCTAssertEqual(train.status, 0, train.stderr)
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(summary["steps"] as? Int, 160)
        XCTAssertEqual(summary["worker_killed"] as? Bool, true)
        XCTAssertLessThan(try XCTUnwrap(summary["worker_steps_lost"] as? Int), 156)
        XCTAssertEqual(summary["identical"] as? Bool, true)
        XCTAssertEqual(summary["max_loss_difference"] as? Double, 0)
    }

    func testMissingAndCorruptCheckpointsAreOneLineErrors() throws {
        let folder = try TemporaryDirectory()
        let missing = try Executables.run("Week13Modules", ["resume", folder.url.appendingPathComponent("nothing").path])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        let corrupt = folder.url.appendingPathComponent("bad.safetensors")
        try AtomicFile.write(Array("not a safetensors file at all".utf8), to: corrupt)
        let inspect = try Executables.run("Week13Modules", ["inspect", corrupt.path])
        XCTAssertNotEqual(inspect.status, 0)
        XCTAssertEqual(inspect.stderr.split(separator: "\n").count, 1, inspect.stderr)
        XCTAssertTrue(inspect.stderr.contains("bad.safetensors"), inspect.stderr)
    }
}
