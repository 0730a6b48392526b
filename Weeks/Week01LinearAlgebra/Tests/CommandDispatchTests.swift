// The command line without a process: each declared command runs its own handler (the six file
// commands share one, which reads the command's name), `demo` runs when none is named, bad command
// lines are one usage line naming the offender, and `--help` shows the defaults the code uses.

import Foundation
import Shared
import TestSupport
import Week01LinearAlgebra
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week01CommandLine.cli(demo: { _ in ran.add("demo") }, bench: { _ in ran.add("bench") },
                                        factorise: { ran.add("factorise " + $0.command) })
        let files = ["lu", "qr", "cholesky", "eig", "svd", "pca"]
        XCTAssertEqual(cli.commands.map(\.name), ["demo", "bench"] + files)
        try cli.run(["demo"])
        try cli.run(["bench"])
        for name in files { try cli.run([name, "a.npy"]) }
        try cli.run([])
        XCTAssertEqual(ran.all, ["demo", "bench"] + files.map { "factorise " + $0 } + ["demo"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week01CommandLine.parser
        assertUsageError(cli, ["factor"], mentions: ["unknown command 'factor'", "svd"])
        assertUsageError(cli, ["svd", "a.npy", "--rank", "3"], mentions: ["unknown option --rank", "'svd'"])
        assertUsageError(cli, ["pca", "a.npy", "--components", "0"], mentions: ["--components must be at least 1, got 0"])
        assertUsageError(cli, ["bench", "--sizes", "128,0"], mentions: ["--sizes must be between 1 and 4096, got 0"])
        assertUsageError(cli, ["--image", "-1"], mentions: ["--image must be at least 0, got -1"])
        assertUsageError(cli, ["lu"], mentions: ["'lu' expects FILE, got 0"])
    }

    func testHelpShowsTheDefaultsTheCodeUses() throws {
        let cli = Week01CommandLine.parser
        assertHelp(cli, "pca", shows: ["components": "(default 2; ≥ 1)", "out": "Output/Week01LinearAlgebra/<command>"])
        assertHelp(cli, "bench", shows: ["sizes": "(default 128,256,512,1024; 1…4096)"])
        assertHelp(cli, "demo", shows: ["image": "(default 0; ≥ 0)"])
        // What the handlers receive when nothing is given.
        let pca = try XCTUnwrap(try cli.parse(["pca", "a.npy"]))
        XCTAssertEqual(pca.int("components"), 2)
        XCTAssertNil(pca.optionalString("out"))
        XCTAssertEqual(try XCTUnwrap(try cli.parse(["bench"])).ints("sizes"), [128, 256, 512, 1024])
        XCTAssertEqual(try XCTUnwrap(try cli.parse([])).int("image"), 0)
        XCTAssertNil(try cli.parse(["pca", "--help"]), "help is printed, nothing runs")
    }
}
