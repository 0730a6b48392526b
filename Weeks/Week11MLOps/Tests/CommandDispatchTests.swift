// The command line without a process: each declared command runs its own handler, `demo` runs when
// none is named, bad command lines are one usage line naming the offender, and `--help` shows the
// defaults the code uses (serve's host and workers are HTTPServerConfiguration's own).

import Foundation
import Shared
import TestSupport
import Week11MLOps
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week11CommandLine.cli(demo: { _ in ran.add("demo") }, serve: { _ in ran.add("serve") },
                                        load: { _ in ran.add("load") }, dashboard: { _ in ran.add("dashboard") })
        XCTAssertEqual(cli.commands.map(\.name), ["demo", "serve", "load", "dashboard"])
        for args in [["demo"], ["serve"], ["load"], ["dashboard"], ["dashboard", "a.prom", "b.prom"], []] { try cli.run(args) }
        XCTAssertEqual(ran.all, ["demo", "serve", "load", "dashboard", "dashboard", "demo"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week11CommandLine.parser
        assertUsageError(cli, ["start"], mentions: ["unknown command 'start'", "serve"])
        assertUsageError(cli, ["serve", "--threads", "4"], mentions: ["unknown option --threads", "'serve'"])
        assertUsageError(cli, ["load", "--workers", "4"], mentions: ["unknown option --workers", "'load'"])
        assertUsageError(cli, ["serve", "--port", "65536"], mentions: ["--port must be between 0 and 65535, got 65536"])
        assertUsageError(cli, ["serve", "--workers", "0"], mentions: ["--workers must be between 1 and 1024, got 0"])
        assertUsageError(cli, ["load", "--concurrency", "0"], mentions: ["--concurrency must be between 1 and 1024, got 0"])
        assertUsageError(cli, ["--requests", "0"], mentions: ["--requests must be between 1 and 10000000, got 0"])
        assertUsageError(cli, ["dashboard", "--seconds", "0"], mentions: ["--seconds must be positive and at most 86400, got 0"])
        assertUsageError(cli, ["dashboard", "--interval", "-1"], mentions: ["--interval must be positive and at most 3600, got -1"])
    }

    func testHelpShowsTheDefaultsTheCodeUses() throws {
        let cli = Week11CommandLine.parser
        assertHelp(cli, "demo", shows: ["requests": "(default 2000; 1…10000000)", "concurrency": "(default 8; 1…1024)",
                                        "workers": "(default 16; 1…1024)", "seed": "(default 42; ≥ 0)",
                                        "model": "default: train the MLP for 1 epoch"])
        assertHelp(cli, "serve", shows: ["port": "(default 8080; 0…65535)", "host": "(default 127.0.0.1)",
                                         "workers": "(default 16; 1…1024)", "log": "default: stderr"])
        assertHelp(cli, "load", shows: ["port": "(default 8080; 0…65535)", "requests": "(default 2000; 1…10000000)",
                                        "concurrency": "(default 8; 1…1024)"])
        assertHelp(cli, "dashboard", shows: ["seconds": "(default 10; > 0 and ≤ 86400)", "interval": "(default 1; > 0 and ≤ 3600)"])

        // serve with no options configures the server as HTTPServerConfiguration does by default.
        let serve = try XCTUnwrap(try cli.parse(["serve"]))
        let configuration = HTTPServerConfiguration()
        XCTAssertEqual(serve.string("host"), configuration.host)
        XCTAssertEqual(serve.int("workers"), configuration.workers)
        XCTAssertEqual(serve.int("port"), 8080)
        XCTAssertNil(serve.optionalString("model"), "no --model: train the MLP for one epoch")
        // load and serve agree on the port, so `serve` then `load` needs no flags.
        XCTAssertEqual(try XCTUnwrap(try cli.parse(["load"])).int("port"), serve.int("port"))
    }
}
