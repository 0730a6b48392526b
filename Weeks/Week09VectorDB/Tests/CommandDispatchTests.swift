// The command line without a process: each declared command runs its own handler, `demo` runs when
// none is named, bad command lines are one usage line naming the offender, and `--help` shows the
// defaults the code uses (bench's are the demo's sweep, SweepPlan(); build's HNSW settings are
// HNSWIndex's own defaults, M 16 and efConstruction 200).

import Foundation
import Shared
import TestSupport
import Week09VectorDB
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week09CommandLine.cli(demo: { _ in ran.add("demo") }, bench: { _ in ran.add("bench") },
                                        build: { _ in ran.add("build") }, search: { _ in ran.add("search") },
                                        delete: { _ in ran.add("delete") })
        XCTAssertEqual(cli.commands.map(\.name), ["demo", "bench", "build", "search", "delete"])
        for args in [["demo"], ["bench"], ["build", "b.npy"], ["search", "i.hnsw", "q.npy"], ["delete", "i.hnsw", "1,2"], []] {
            try cli.run(args)
        }
        XCTAssertEqual(ran.all, ["demo", "bench", "build", "search", "delete", "demo"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week09CommandLine.parser
        assertUsageError(cli, ["query"], mentions: ["unknown command 'query'", "search"])
        assertUsageError(cli, ["search", "i", "q", "--nprobe", "3"], mentions: ["unknown option --nprobe", "'search'"])
        assertUsageError(cli, ["delete", "i", "1", "--json"], mentions: ["unknown option --json", "'delete'"])
        assertUsageError(cli, ["search", "i", "q", "--k", "0"], mentions: ["--k must be at least 1, got 0"])
        assertUsageError(cli, ["search", "i", "q", "--probes", "-1"], mentions: ["--probes must be at least 0, got -1"])
        assertUsageError(cli, ["build", "b.npy", "--m", "1"], mentions: ["--m must be between 2 and 1024, got 1"])
        assertUsageError(cli, ["build", "b.npy", "--bits", "65"], mentions: ["--bits must be between 1 and 64, got 65"])
        assertUsageError(cli, ["build", "b.npy", "--index", "ivf"], mentions: ["--index must be one of hnsw, lsh, exact, got 'ivf'"])
        assertUsageError(cli, ["bench", "--ef", "10,0"], mentions: ["--ef must be at least 1, got 0"])
        assertUsageError(cli, ["bench", "--threads", "0"], mentions: ["--threads must be at least 1, got 0"])
        assertUsageError(cli, ["search", "i.hnsw"], mentions: ["'search' expects INDEX QUERIES.npy, got 1"])
    }

    func testHelpShowsTheDefaultsTheCodeUses() throws {
        let cli = Week09CommandLine.parser
        assertHelp(cli, "demo", shows: ["seed": "(default 9; ≥ 0)", "steps": "(default 300; ≥ 1)", "queries": "(default 1000; ≥ 1)"])
        assertHelp(cli, "bench", shows: ["k": "(default 10; ≥ 1)", "m": "(default 16; 2…1024)", "ef-construction": "(default 200; ≥ 1)",
                                         "ef": "(default 10,16,24,32,48,64,96,128; ≥ 1)", "threads": "(default 2; ≥ 1)"])
        assertHelp(cli, "build", shows: ["index": "default hnsw", "metric": "default l2", "m": "(default 16; 2…1024)",
                                         "ef-construction": "(default 200; ≥ 1)", "tables": "(default 24; ≥ 1)",
                                         "bits": "(default 12; 1…64)", "seed": "(default 100; ≥ 0)"])
        assertHelp(cli, "search", shows: ["k": "(default 10; ≥ 1)", "ef": "default: the one saved in the index", "threads": "(default 2; ≥ 1)"])

        // bench with no options measures the demo's sweep.
        let bench = try XCTUnwrap(try cli.parse(["bench"]))
        let sweep = SweepPlan()
        XCTAssertEqual([bench.int("k"), bench.int("m"), bench.int("ef-construction"), bench.int("threads")],
                       [sweep.k, sweep.ms[0], sweep.efConstruction, sweep.threads])
        XCTAssertEqual(bench.ints("ef"), sweep.efs)
        // build with no options builds what HNSWIndex builds by default.
        let build = try XCTUnwrap(try cli.parse(["build", "b.npy"]))
        let index = HNSWIndex(dimension: 4)
        XCTAssertEqual(UInt64(build.int("seed")), index.seed)
        XCTAssertEqual(build.string("metric"), Metric.l2.rawValue)
        XCTAssertEqual([build.int("m"), build.int("ef-construction")], [index.m, index.efConstruction])
        XCTAssertEqual([index.m, index.efConstruction], [16, 200])
    }
}
