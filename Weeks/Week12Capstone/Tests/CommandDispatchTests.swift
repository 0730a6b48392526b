// The command line without a process: each declared command runs its own handler, `demo` runs when
// none is named, bad command lines are one usage line naming the offender, and `--help` shows the
// defaults the code uses (--k is the service's own default for a request without "k").

import Foundation
import Shared
import TestSupport
import Week11MLOps
import Week12Capstone
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week12CommandLine.cli(demo: { _ in ran.add("demo") }, ingest: { _ in ran.add("ingest") },
                                        serve: { _ in ran.add("serve") }, query: { _ in ran.add("query") },
                                        eval: { _ in ran.add("eval") })
        XCTAssertEqual(cli.commands.map(\.name), ["demo", "ingest", "serve", "query", "eval"])
        for args in [["demo"], ["ingest"], ["serve"], ["query", "How do I read JSON?"], ["eval"], [], ["--rerank"]] { try cli.run(args) }
        XCTAssertEqual(ran.all, ["demo", "ingest", "serve", "query", "eval", "demo", "demo"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week12CommandLine.parser
        assertUsageError(cli, ["index"], mentions: ["unknown command 'index'", "ingest"])
        assertUsageError(cli, ["ingest", "--k", "3"], mentions: ["unknown option --k", "'ingest'"])
        assertUsageError(cli, ["query", "q", "--k", "21"], mentions: ["--k must be between 1 and 20, got 21"])
        assertUsageError(cli, ["eval", "--k", "0"], mentions: ["--k must be between 1 and 20, got 0"])
        assertUsageError(cli, ["serve", "--port", "-1"], mentions: ["--port must be between 0 and 65535, got -1"])
        assertUsageError(cli, ["serve", "--workers", "257"], mentions: ["--workers must be between 1 and 256, got 257"])
        assertUsageError(cli, ["--concurrency", "65"], mentions: ["--concurrency must be between 1 and 64, got 65"])
        assertUsageError(cli, ["--requests", "0"], mentions: ["--requests must be at least 1, got 0"])
        assertUsageError(cli, ["query"], mentions: ["'query' expects \"QUESTION\", got 0"])
    }

    func testHelpShowsTheDefaultsTheCodeUses() throws {
        let cli = Week12CommandLine.parser
        assertHelp(cli, "demo", shows: ["requests": "(default 60; ≥ 1)", "concurrency": "(default 4; 1…64)",
                                        "docs": "default: Datasets/python-docs", "questions": "default: week 10's labelled set"])
        assertHelp(cli, "serve", shows: ["port": "(default 8080; 0…65535)", "host": "(default 127.0.0.1)",
                                         "workers": "(default 8; 1…256)", "index": "default: Output/Week12Capstone/index/<docs folder>-<hash>"])
        assertHelp(cli, "query", shows: ["k": "(default 5; 1…20)"])
        assertHelp(cli, "eval", shows: ["k": "(default 5; 1…20)"])

        // query's --k is what /query uses when the request names no k.
        let query = try XCTUnwrap(try cli.parse(["query", "q"]))
        XCTAssertEqual(query.int("k"), try QueryRequest.parse(Array(#"{"question": "How do I read JSON?"}"#.utf8)).k)
        XCTAssertEqual(query.int("k"), 5)
        XCTAssertFalse(query.flag("rerank"))
        // The index folder the help describes: <docs folder>-<hash> under Output/Week12Capstone/index.
        let folder = try IndexBundle.defaultFolder(corpus: URL(fileURLWithPath: "/data/python-docs", isDirectory: true))
        XCTAssertEqual(folder.deletingLastPathComponent().path.hasSuffix("Output/Week12Capstone/index"), true, folder.path)
        XCTAssertTrue(folder.lastPathComponent.hasPrefix("python-docs-"), folder.path)
    }
}
