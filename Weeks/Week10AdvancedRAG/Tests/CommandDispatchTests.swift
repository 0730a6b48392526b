// The command line without a process: each declared command runs its own handler, `demo` runs when
// none is named, bad command lines are one usage line naming the offender, and `--help` shows the
// defaults the library uses (ChunkerConfig(), HybridFusion.standard, the retriever list).

import Foundation
import Shared
import TestSupport
import Week10AdvancedRAG
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week10CommandLine.cli(demo: { _ in ran.add("demo") }, query: { _ in ran.add("query") },
                                        eval: { _ in ran.add("eval") }, chunk: { _ in ran.add("chunk") })
        XCTAssertEqual(cli.commands.map(\.name), ["demo", "query", "eval", "chunk"])
        for args in [["demo"], ["query", "How do I read JSON?"], ["eval"], ["chunk", "a.rst.txt"], [], ["--k", "3"]] { try cli.run(args) }
        XCTAssertEqual(ran.all, ["demo", "query", "eval", "chunk", "demo", "demo"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week10CommandLine.parser
        assertUsageError(cli, ["ask"], mentions: ["unknown command 'ask'", "query"])
        assertUsageError(cli, ["query", "q", "--top", "3"], mentions: ["unknown option --top", "'query'"])
        assertUsageError(cli, ["chunk", "f", "--k", "3"], mentions: ["unknown option --k", "'chunk'"])
        assertUsageError(cli, ["eval", "--k", "0"], mentions: ["--k must be between 1 and 100, got 0"])
        assertUsageError(cli, ["query", "q", "--alpha", "1.5"], mentions: ["--alpha must be between 0 and 1, got 1.5"])
        assertUsageError(cli, ["query", "q", "--rrf-k", "0"], mentions: ["--rrf-k must be positive, got 0"])
        assertUsageError(cli, ["query", "q", "--budget", "15"], mentions: ["--budget must be at least 16, got 15"])
        assertUsageError(cli, ["chunk", "f", "--max-words", "7"], mentions: ["--max-words must be at least 8, got 7"])
        assertUsageError(cli, ["chunk", "f", "--overlap", "-1"], mentions: ["--overlap must be at least 0, got -1"])
        assertUsageError(cli, ["query", "q", "--method", "colbert"], mentions: ["--method must be one of", "got 'colbert'"])
        assertUsageError(cli, ["query"], mentions: ["'query' expects \"QUESTION\", got 0"])
    }

    func testHelpShowsTheDefaultsTheLibraryUses() throws {
        let cli = Week10CommandLine.parser
        assertHelp(cli, "demo", shows: ["k": "(default 5; 1…100)", "fusion": "(convex | rrf; default convex)",
                                        "alpha": "(default 0.8; 0…1)", "rrf-k": "(default 60; > 0)", "bm25-weight": "(default 1; ≥ 0)",
                                        "docs": "default: Datasets/python-docs"])
        assertHelp(cli, "chunk", shows: ["chunker": "default structure", "max-words": "(default 120; ≥ 8)", "overlap": "(default 30; ≥ 0)"])
        assertHelp(cli, "query", shows: ["method": "default hybrid", "budget": "(default 512; ≥ 16)"])
        assertHelp(cli, "eval", shows: ["methods": "(default \(RetrievalMethod.allCases.map(\.rawValue).joined(separator: ",")))",
                                        "questions": "default: the committed set"])

        // The chunker the commands build from their defaults is the library's default chunker.
        let chunk = try XCTUnwrap(try cli.parse(["chunk", "f"]))
        let chunker = ChunkerConfig(kind: try XCTUnwrap(ChunkerConfig.Kind(rawValue: chunk.string("chunker"))),
                                    maxWords: chunk.int("max-words"), overlapWords: chunk.int("overlap"))
        XCTAssertEqual(chunker, ChunkerConfig())
        XCTAssertEqual([chunker.maxWords, chunker.overlapWords], [120, 30], "the README's fixed (120, overlap 30)")
        // "capped at half of --max-words": the chunker cuts a larger overlap to half.
        XCTAssertEqual(ChunkerConfig(kind: .fixed, maxWords: 100, overlapWords: 80).overlapWords, 50)
        XCTAssertTrue(helpLine(cli, "chunk", "overlap").contains("half of --max-words"))
        // The default fusion is HybridFusion.standard.
        let demo = try XCTUnwrap(try cli.parse([]))
        XCTAssertEqual(demo.string("fusion"), "convex")
        guard case .convex(let alpha) = HybridFusion.standard else { return XCTFail("the standard fusion is convex") }
        XCTAssertEqual(demo.double("alpha"), alpha)
        XCTAssertEqual(alpha, 0.8)
    }
}
