// The command line without a process: each declared command runs its own handler, `all` runs when
// none is named, bad command lines are one usage line naming the offender, and `--help` shows the
// defaults `all` really runs its parts with (README: seed 6, 1500 char-LM steps, window 12 and 400
// forecast steps).

import Foundation
import Shared
import TestSupport
import Week06Sequences
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week06CommandLine.cli(all: { _ in ran.add("all") }, vanishing: { _ in ran.add("vanishing") },
                                        charlm: { _ in ran.add("charlm") }, sample: { _ in ran.add("sample") },
                                        forecast: { _ in ran.add("forecast") }, bench: { _ in ran.add("bench") })
        let names = ["all", "vanishing", "charlm", "sample", "forecast", "bench"]
        XCTAssertEqual(cli.commands.map(\.name), names)
        for name in names { try cli.run([name]) }
        try cli.run([])
        try cli.run(["--seed", "3"])
        XCTAssertEqual(ran.all, names + ["all", "all"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week06CommandLine.parser
        assertUsageError(cli, ["generate"], mentions: ["unknown command 'generate'", "sample"])
        assertUsageError(cli, ["sample", "--steps", "3"], mentions: ["unknown option --steps", "'sample'"])
        assertUsageError(cli, ["all", "--json"], mentions: ["unknown option --json", "'all'"])
        assertUsageError(cli, ["vanishing", "--steps", "1"], mentions: ["--steps must be at least 2, got 1"])
        assertUsageError(cli, ["charlm", "--hidden", "0"], mentions: ["--hidden must be at least 1, got 0"])
        assertUsageError(cli, ["sample", "--temperature", "-0.5"], mentions: ["--temperature must be at least 0, got -0.5"])
        assertUsageError(cli, ["forecast", "--epochs", "0"], mentions: ["--epochs must be at least 1, got 0"])
        assertUsageError(cli, ["forecast", "--window", "0"], mentions: ["--window must be at least 1, got 0"])
        assertUsageError(cli, ["--seed", "-1"], mentions: ["--seed must be at least 0, got -1"])
    }

    func testHelpShowsTheDefaultsAllRunsWith() throws {
        let cli = Week06CommandLine.parser
        assertHelp(cli, "all", shows: ["seed": "(default 6; ≥ 0)"])
        assertHelp(cli, "vanishing", shows: ["steps": "(default 40; ≥ 2)"])
        assertHelp(cli, "charlm", shows: ["steps": "(default 1500; ≥ 1)", "hidden": "(default 128; ≥ 1)",
                                          "temperature": "(default 0.8; ≥ 0)", "length": "(default 400; ≥ 0)",
                                          "file": "default: Datasets/python-docs/tutorial/*.rst.txt"])
        assertHelp(cli, "sample", shows: ["prime": "(default The )", "weights": "default: Output/Week06Sequences/charlm.safetensors"])
        assertHelp(cli, "forecast", shows: ["window": "(default 12; ≥ 1)", "epochs": "(default 400; ≥ 1)",
                                            "column": "(default SUNACTIVITY)", "file": "default: Datasets/statsmodels/sunspots.csv"])
        assertHelp(cli, "bench", shows: ["steps": "(default 5; ≥ 1)"])

        // `all` runs each part through defaultRun: the declared defaults, with all's seed.
        let charlm = try Week06CommandLine.defaultRun("charlm", seed: 11)
        XCTAssertEqual([charlm.int("steps"), charlm.int("hidden"), charlm.int("length"), charlm.int("seed")], [1500, 128, 400, 11])
        XCTAssertEqual(charlm.double("temperature"), 0.8)
        XCTAssertFalse(charlm.flag("json"))
        let forecast = try Week06CommandLine.defaultRun("forecast", seed: Week06Defaults.seed)
        XCTAssertEqual([forecast.int("window"), forecast.int("epochs"), forecast.int("seed")], [12, 400, 6])
        XCTAssertEqual(forecast.string("column"), "SUNACTIVITY")
        XCTAssertEqual(try Week06CommandLine.defaultRun("vanishing", seed: 6).int("steps"), 40)
        XCTAssertEqual(try XCTUnwrap(try cli.parse([])).int("seed"), Week06Defaults.seed)
    }
}
