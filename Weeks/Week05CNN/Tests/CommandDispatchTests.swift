// The command line without a process: `train` and `bench` each run their own handler, `train` runs
// when no command is named, bad command lines are one usage line naming the offender, and `--help`
// shows the defaults the training run uses (epochs depend on --arch: 10 for the resnet, 15 for the
// simple CNN, the README's default runs).

import Foundation
import Shared
import TestSupport
import Week05CNN
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week05CommandLine.cli(train: { _ in ran.add("train") }, bench: { _ in ran.add("bench") })
        XCTAssertEqual(cli.commands.map(\.name), ["train", "bench"])
        for args in [["train"], ["bench"], [], ["--arch", "simple"]] { try cli.run(args) }
        XCTAssertEqual(ran.all, ["train", "bench", "train", "train"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week05CommandLine.parser
        assertUsageError(cli, ["fit"], mentions: ["unknown command 'fit'", "train, bench"])
        assertUsageError(cli, ["train", "--dropout", "0.1"], mentions: ["unknown option --dropout", "'train'"])
        assertUsageError(cli, ["bench", "--epochs", "1"], mentions: ["unknown option --epochs", "'bench'"])
        assertUsageError(cli, ["--epochs", "-2"], mentions: ["--epochs must be between 1 and 1000, got -2"])
        assertUsageError(cli, ["--width", "0"], mentions: ["--width must be between 1 and 256, got 0"])
        assertUsageError(cli, ["--shift", "9"], mentions: ["--shift must be between -1 and 8, got 9"])
        assertUsageError(cli, ["--batch-size", "1"], mentions: ["--batch-size must be between 2 and 60000, got 1"])
        assertUsageError(cli, ["--lr", "0"], mentions: ["--lr must be positive and at most 10, got 0"])
        assertUsageError(cli, ["--arch", "vgg"], mentions: ["--arch must be one of simple, resnet, got 'vgg'"])
        assertUsageError(cli, ["bench", "--batches", "466"], mentions: ["--batches must be between 1 and 465, got 466"])
    }

    func testHelpShowsTheDefaultsTheTrainingRunUses() throws {
        let cli = Week05CommandLine.parser
        assertHelp(cli, "train", shows: [
            "arch": "(simple | resnet; default resnet)", "width": "(default 32; 1…256)",
            "epochs": "(default: 15 for simple, 10 for resnet; 1…1000)", "batch-size": "(default 128; 2…60000)",
            "lr": "(default 0.001; > 0 and ≤ 10)", "shift": "(default 1; -1…8)", "seed": "(default 42; ≥ 0)",
            "data": "default: Datasets/mnist if present, else Datasets/fashion-mnist", "limit": "default: all",
        ])
        assertHelp(cli, "bench", shows: ["batches": "(default 100; 1…465)", "rounds": "(default 3; 1…20)"])

        // What the training handler reads when nothing is given.
        let train = try XCTUnwrap(try cli.parse([]))
        XCTAssertEqual(train.string("arch"), Architecture.resnet.rawValue)
        XCTAssertNil(train.optionalInt("epochs"), "epochs follow the architecture")
        XCTAssertEqual(Week05CommandLine.defaultEpochs(.resnet), 10)
        XCTAssertEqual(Week05CommandLine.defaultEpochs(.simple), 15)
        XCTAssertEqual(train.int("width"), Architecture.defaultWidth)
        XCTAssertEqual(Architecture.defaultWidth, 32)
        XCTAssertEqual([train.int("batch-size"), train.int("shift"), train.int("seed")], [128, 1, Week05CommandLine.defaultSeed])
        XCTAssertEqual(train.double("lr"), 0.001)
        XCTAssertNil(train.optionalString("data"), "DataChoice.load picks MNIST if present, else Fashion-MNIST")
    }
}
