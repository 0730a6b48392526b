// The command line without a process: each declared command runs its own handler, `demo` runs
// when none is named, bad command lines are one usage line naming the offender (the ranges are the
// library's own checks, caught before anything runs), and `--help` shows the defaults the library
// uses when it is called without them.

import Foundation
import Shared
import TestSupport
import Week02Optimization
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week02CommandLine.cli(demo: { _ in ran.add("demo") }, minimize: { _ in ran.add("minimize") },
                                        mcmc: { _ in ran.add("mcmc") }, bootstrap: { _ in ran.add("bootstrap") },
                                        abtest: { _ in ran.add("abtest") }, gmm: { _ in ran.add("gmm") },
                                        tsne: { _ in ran.add("tsne") }, bench: { _ in ran.add("bench") })
        let names = ["demo", "minimize", "mcmc", "bootstrap", "abtest", "gmm", "tsne", "bench"]
        XCTAssertEqual(cli.commands.map(\.name), names)
        let withFile: Set = ["bootstrap", "gmm", "tsne"]
        for name in names { try cli.run(withFile.contains(name) ? [name, "data.csv"] : [name]) }
        try cli.run([])
        XCTAssertEqual(ran.all, names + ["demo"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week02CommandLine.parser
        assertUsageError(cli, ["optimize"], mentions: ["unknown command 'optimize'", "minimize"])
        assertUsageError(cli, ["minimize", "--momentum", "0.9"], mentions: ["unknown option --momentum", "'minimize'"])
        let ranges: [([String], String)] = [
            (["minimize", "--steps", "-1"], "--steps must be between 0 and 100000000, got -1"),
            (["mcmc", "--step", "0"], "--step must be positive, got 0"),
            (["mcmc", "--burn-in", "-5"], "--burn-in must be at least 0, got -5"),
            (["mcmc", "--samples", "9"], "--samples must be at least 10, got 9"),
            (["bootstrap", "d.csv", "--resamples", "5"], "--resamples must be at least 10, got 5"),
            (["bootstrap", "d.csv", "--confidence", "1"], "--confidence must be positive and less than 1, got 1"),
            (["abtest", "--rate-a", "1.5"], "--rate-a must be positive and less than 1, got 1.5"),
            (["abtest", "--alpha", "0"], "--alpha must be positive and less than 1, got 0"),
            (["gmm", "d.csv", "--k", "0"], "--k must be at least 1, got 0"),
            (["gmm", "d.csv", "--reg", "-1e-3"], "--reg must be at least 0, got -1e-3"),
            (["gmm", "d.csv", "--max-iterations", "0"], "--max-iterations must be at least 1, got 0"),
            (["tsne", "d.csv", "--perplexity", "1"], "--perplexity must be greater than 1, got 1"),
            (["tsne", "d.csv", "--points", "4"], "--points must be at least 5, got 4"),
            (["bench", "--points", "2000"], "--points must be between 50 and 1797, got 2000"),
        ]
        for (arguments, message) in ranges { assertUsageError(cli, arguments, mentions: [message]) }
    }

    func testHelpShowsTheDefaultsTheLibraryUses() throws {
        let cli = Week02CommandLine.parser
        assertHelp(cli, "minimize", shows: ["steps": "(default 20000; 0…100000000)", "function": "default rosenbrock",
                                            "optimizer": "default adam", "start": "default: -1.5,2; beale 1,1"])
        assertHelp(cli, "mcmc", shows: ["samples": "(default 50000; ≥ 10)", "step": "(default 2.5; > 0)", "burn-in": "(default 1000; ≥ 0)"])
        assertHelp(cli, "bootstrap", shows: ["resamples": "(default 2000; ≥ 10)", "confidence": "(default 0.95; > 0 and < 1)"])
        assertHelp(cli, "abtest", shows: ["alpha": "(default 0.05; > 0 and < 1)", "threshold": "(default 0.95; > 0 and < 1)",
                                          "rate-a": "(default 0.1; > 0 and < 1)"])
        assertHelp(cli, "gmm", shows: ["max-iterations": "(default 200; ≥ 1)", "reg": "(default 1e-06; ≥ 0)", "restarts": "(default 5; ≥ 1)"])
        assertHelp(cli, "tsne", shows: ["perplexity": "(default 30; > 1)", "iterations": "(default 1000; ≥ 1)", "init": "default pca"])
        assertHelp(cli, "bench", shows: ["points": "(default 500; 50…1797)"])

        // The defaults are the library's own: what it uses when called without them.
        let minimize = try XCTUnwrap(try cli.parse(["minimize"]))
        XCTAssertEqual(minimize.int("steps"), RaceSettings.maxSteps)
        XCTAssertEqual(try TestFunction.named(minimize.string("function")).defaultStart, [-1.5, 2])
        XCTAssertEqual(TestFunction.beale.defaultStart, [1, 1])
        let tsne = try XCTUnwrap(try cli.parse(["tsne", "d.csv"]))
        XCTAssertEqual(tsne.double("perplexity"), TSNESettings().perplexity)
        XCTAssertEqual(tsne.int("iterations"), TSNESettings().iterations)
        let abtest = try XCTUnwrap(try cli.parse(["abtest"]))
        let settings = ABTestSettings(rateA: 0.1, rateB: 0.12, visitors: 2000, trials: 1000)
        XCTAssertEqual([abtest.double("alpha"), abtest.double("threshold")], [settings.alpha, settings.threshold])
        XCTAssertEqual(abtest.int("seed"), Int(settings.seed))
    }
}
