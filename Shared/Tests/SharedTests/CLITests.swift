// The typed options and the dispatch: range and type errors name the option, the value and what is
// allowed; `--help` shows each declared default; a command runs only its own handler.

import Foundation
@testable import Shared
import TestSupport
import XCTest

final class CLITests: XCTestCase {
    func makeCLI(_ ran: CallLog) -> CLI {
        CLI(program: "demo", summary: "test", commands: [
            Subcommand("train", summary: "first, the default", options: [
                .epochs(default: 15), .batchSize(default: 128, range: 1...60_000), .lr(default: 0.001, range: .above(0, atMost: 10)),
                .seed(default: 42), .limit(), .json,
                .int("k", "K", default: 10, range: 1...1000, help: "neighbours"),
                .double("dropout", "P", default: 0.1, range: .atLeast(0, below: 1), help: "dropout"),
                .choice("arch", ["resnet", "simple"], default: "resnet", help: "network"),
                .ints("hidden", default: [256, 128], range: .within(1...8192), help: "widths"),
                .out(default: "Output/demo/model.safetensors", help: "weights"),
            ], run: { _ in ran.add("train") }),
            Subcommand("evaluate", summary: "second", options: [.path("weights", whenAbsent: "the trained model", help: "weights")],
                       run: { _ in ran.add("evaluate") }),
            Subcommand("bench", summary: "third", run: { _ in ran.add("bench") }),
        ])
    }

    func usageMessage(_ cli: CLI, _ args: [String], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try cli.parse(args)
            XCTFail("\(args) parsed", file: file, line: line)
            return ""
        } catch let error as UsageError {
            return error.message
        } catch {
            XCTFail("\(args): not a UsageError: \(error)", file: file, line: line)
            return ""
        }
    }

    func testUnknownCommandOptionAndMissingValue() {
        let cli = makeCLI(CallLog())
        XCTAssertEqual(usageMessage(cli, ["fly"]), "unknown command 'fly' (commands: train, evaluate, bench; see --help)")
        XCTAssertEqual(usageMessage(cli, ["train", "--batch", "3"]), "unknown option --batch for 'train' (see demo train --help)")
        XCTAssertEqual(usageMessage(cli, ["bench", "--epochs", "3"]), "unknown option --epochs for 'bench' (see demo bench --help)")
        XCTAssertEqual(usageMessage(cli, ["--epochs"]), "--epochs needs a value (N)")
        XCTAssertEqual(usageMessage(cli, ["--json=1"]), "--json takes no value")
    }

    func testRangeAndTypeErrorsNameOptionValueAndRange() {
        let cli = makeCLI(CallLog())
        let cases: [([String], String)] = [
            (["--epochs", "0"], "--epochs must be between 1 and 1000, got 0"),
            (["--epochs", "1001"], "--epochs must be between 1 and 1000, got 1001"),
            (["--epochs", "ten"], "--epochs expects a whole number (1…1000), got 'ten'"),
            (["--epochs", "2.5"], "--epochs expects a whole number (1…1000), got '2.5'"),
            (["--lr", "0"], "--lr must be positive and at most 10, got 0"),
            (["--lr", "11"], "--lr must be positive and at most 10, got 11"),
            (["--lr", "nan"], "--lr expects a number (> 0 and ≤ 10), got 'nan'"),
            (["--seed", "-3"], "--seed must be at least 0, got -3"),
            (["--limit=0"], "--limit must be at least 1, got 0"),
            (["--dropout", "1"], "--dropout must be at least 0 and less than 1, got 1"),
            (["--arch", "vgg"], "--arch must be one of resnet, simple, got 'vgg'"),
            (["--hidden", "64,0"], "--hidden must be between 1 and 8192, got 0"),
            (["--k", "-1"], "--k must be between 1 and 1000, got -1"),
            (["--hidden", "64,x"], "--hidden expects comma-separated whole numbers (1…8192), got '64,x'"),
        ]
        for (args, message) in cases { XCTAssertEqual(usageMessage(cli, args), message, "\(args)") }
        // The ends of a closed range are allowed; an open end is not.
        XCTAssertEqual(try cli.parse(["--epochs", "1000", "--lr=10", "--dropout", "0"])?.int("epochs"), 1000)
    }

    func testValuesDefaultsAndFlags() throws {
        let cli = makeCLI(CallLog())
        let defaults = try XCTUnwrap(try cli.parse([]))
        XCTAssertEqual(defaults.command, "train")
        XCTAssertEqual(defaults.int("epochs"), 15)
        XCTAssertEqual(defaults.int("batch-size"), 128)
        XCTAssertEqual(defaults.double("lr"), 0.001)
        XCTAssertEqual(defaults.int("seed"), 42)
        XCTAssertEqual(defaults.ints("hidden"), [256, 128])
        XCTAssertEqual(defaults.string("out"), "Output/demo/model.safetensors")
        XCTAssertNil(defaults.optionalInt("limit"))
        XCTAssertFalse(defaults.flag("json"))
        XCTAssertFalse(defaults.isGiven("epochs"))
        let given = try XCTUnwrap(try cli.parse(["train", "--epochs=3", "--lr", "0.5", "--limit", "7", "--json", "--arch=simple", "--hidden", "64"]))
        XCTAssertEqual(given.int("epochs"), 3)
        XCTAssertEqual(given.double("lr"), 0.5)
        XCTAssertEqual(given.optionalInt("limit"), 7)
        XCTAssertTrue(given.flag("json"))
        XCTAssertTrue(given.isGiven("epochs"))
        XCTAssertEqual(given.string("arch"), "simple")
        XCTAssertEqual(given.ints("hidden"), [64])
        XCTAssertEqual(try cli.parse(["evaluate", "--weights", "w.st"])?.optionalString("weights"), "w.st")
    }

    func testHelpShowsTheDeclaredDefaults() throws {
        let cli = makeCLI(CallLog())
        let help = cli.help(for: cli.commands[0])
        for expected in ["--epochs N", "passes over the training set (default 15; 1…1000)",
                         "--batch-size B", "(default 128; 1…60000)",
                         "--lr LR", "(default 0.001; > 0 and ≤ 10)",
                         "--seed S", "random seed (default 42; ≥ 0)",
                         "--limit N", "(default: all; ≥ 1)",
                         "neighbours (default 10; 1…1000)", "dropout (default 0.1; ≥ 0 and < 1)",
                         "network (resnet | simple; default resnet)", "widths (default 256,128; 1…8192)",
                         "weights (default Output/demo/model.safetensors)"] {
            XCTAssertTrue(help.contains(expected), "missing '\(expected)' in\n\(help)")
        }
        // Every option's rendered default is the value a parse without it returns.
        let defaults = try XCTUnwrap(try cli.parse([]))
        for option in cli.commands[0].options {
            guard let d = option.defaultValue else { continue }
            let read: String
            switch option.kind {
            case .int: read = "\(defaults.int(option.name))"
            case .double: read = "\(defaults.double(option.name))"
            case .string: read = defaults.string(option.name)
            case .ints: read = defaults.ints(option.name).map(String.init).joined(separator: ",")
            case .doubles, .flag: continue
            }
            XCTAssertTrue(help.contains("default \(read)"), "--\(option.name): \(d) vs \(read)")
        }
        XCTAssertTrue(cli.help().contains("demo [train] [options]"), cli.help())
        XCTAssertTrue(cli.help(for: cli.commands[1]).contains("(default: the trained model)"))
    }

    func testEachCommandRunsOnlyItsOwnHandler() throws {
        let ran = CallLog()
        let cli = makeCLI(ran)
        try cli.run([])
        try cli.run(["evaluate"])
        try cli.run(["bench"])
        try cli.run(["train", "--epochs", "2"])
        XCTAssertEqual(ran.all, ["train", "evaluate", "bench", "train"])
        XCTAssertThrowsError(try cli.run(["predict"]))
        XCTAssertEqual(ran.all.count, 4, "an unknown command runs nothing")
    }

    func testPositionalsAfterDoubleDashAndNegativeNumbers() throws {
        let cli = CLI(program: "p", summary: "s", commands: [
            Subcommand("go", arguments: "X…", positionals: 1...3, summary: "g",
                       options: [.double("shift", default: 1, range: .atLeast(-1), help: "h")], run: { _ in }),
        ])
        let a = try XCTUnwrap(try cli.parse(["-2.5", "--shift", "-1", "--", "--json"]))
        XCTAssertEqual(a.positionals, ["-2.5", "--json"])
        XCTAssertEqual(a.double("shift"), -1)
    }
}
