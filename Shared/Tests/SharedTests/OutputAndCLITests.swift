// The flag parser, JSON lines, atomic writes, images, plots and the progress line.

import Foundation
@testable import Shared
import TestSupport
import XCTest

final class OutputAndCLITests: XCTestCase {
    let cli = CLI(program: "demo", summary: "test", commands: [
        Subcommand("run", summary: "default", options: [.flag("json", "j"), .double("lr", "X", default: 1, help: "rate")], run: { _ in }),
        Subcommand("svd", arguments: "FILE", positionals: 1...1, summary: "factor",
                   options: [.path("out", "DIR", help: "o"), .int("missing", default: 3, help: "m")], run: { _ in }),
    ])

    func testParsesSubcommandsOptionsAndFlags() throws {
        let a = try XCTUnwrap(try cli.parse(["--lr=0.5", "--json"]))
        XCTAssertEqual(a.command, "run")
        XCTAssertTrue(a.flag("json"))
        XCTAssertEqual(a.double("lr"), 0.5)
        let b = try XCTUnwrap(try cli.parse(["svd", "m.npy", "--out", "x"]))
        XCTAssertEqual(b.command, "svd")
        XCTAssertEqual(b.positionals, ["m.npy"])
        XCTAssertEqual(b.optionalString("out"), "x")
        XCTAssertEqual(b.int("missing"), 3)
    }

    func testUsageErrors() {
        let cases: [([String], String)] = [
            (["--nope"], "unknown option --nope for 'run'"),
            (["svd"], "'svd' expects FILE, got 0 argument(s)"),
            (["svd", "a", "b"], "got 2 argument(s)"),
            (["frobnicate"], "unknown command 'frobnicate'"),
            (["--lr"], "--lr needs a value"),
            (["--json=yes"], "--json takes no value"),
            (["-x"], "unknown option -x"),
        ]
        for (args, message) in cases {
            XCTAssertThrowsError(try cli.parse(args)) { error in
                XCTAssertTrue(error is UsageError)
                XCTAssertTrue("\(error)".contains(message), "\(args): \(error)")
            }
        }
        XCTAssertThrowsError(try cli.parse(["--lr", "fast"])) { XCTAssertTrue("\($0)".contains("expects a number, got 'fast'")) }
        XCTAssertTrue(cli.help().contains("demo svd FILE [options]"))
    }

    func testJSONLinesKeepOrderAndEscape() {
        let line = JSONText.line([("impl", .string("a\"b\n")), ("n", .int(3)), ("g", .number(2.5)), ("x", .float(0.1)),
                                  ("nan", .number(.nan)), ("list", .floats([1, 2]))])
        XCTAssertEqual(line, #"{"impl": "a\"b\n", "n": 3, "g": 2.5, "x": 0.1, "nan": null, "list": [1.0, 2.0]}"#)
        let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["impl"] as? String, "a\"b\n")
        XCTAssertThrowsError(try JSONText.parse(Data("{\n  \"a\": 1,\n  oops\n}".utf8), path: "p.json")) { error in
            XCTAssertTrue("\(error)".contains("p.json: malformed: invalid JSON"), "\(error)")
        }
    }

    func testAtomicWriteLeavesNoTemporaryFiles() throws {
        let dir = try TemporaryDirectory()
        let url = dir.file("sub/out.txt")
        try AtomicFile.write("one", to: url)
        try AtomicFile.write("two", to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("sub").path), ["out.txt"])
    }

    func testPNGAndPGMBytes() throws {
        let png = ImageFile.png([0, 0.5, 1, 1], width: 2, height: 2)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width 2, height 2, bit depth 8, colour type 0 (grey).
        XCTAssertEqual(Array(png[16..<26]), [0, 0, 0, 2, 0, 0, 0, 2, 8, 0])
        // The IEND chunk's CRC is the constant AE 42 60 82.
        XCTAssertEqual(Array(png.suffix(4)), [0xAE, 0x42, 0x60, 0x82])
        // The IDAT payload inflates back to the filtered scanlines (filter byte 0 + pixels).
        let idatLength = Int(png[33]) << 24 | Int(png[34]) << 16 | Int(png[35]) << 8 | Int(png[36])
        let idat = Array(png[41..<(41 + idatLength)])
        XCTAssertEqual(try Zlib.decompress(idat), [0, 0, 128, 0, 255, 255])
        let pgm = ImageFile.pgm([0, 1], width: 2, height: 1)
        XCTAssertEqual(pgm, Array("P5\n2 1\n255\n".utf8) + [0, 255])
    }

    func testPlotsContainTheirData() {
        let svg = SVGPlot.line(title: "t<1>", xLabel: "x", yLabel: "y", series: [Series(name: "a", y: [3, 1, 2]), Series(name: "b", y: [1, 1, 1])])
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.contains("t&lt;1&gt;"))
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2)
        let heat = SVGPlot.heatmap(title: "h", values: [[1, 2], [3, 4]], annotate: true)
        XCTAssertTrue(heat.contains(">4</text>"))
        let scatter = SVGPlot.scatter(title: "s", x: [0, 1, 2], y: [0, 1, 4], labels: [0, 1, 1])
        XCTAssertEqual(scatter.components(separatedBy: "<circle").count - 1, 3)
        // "Nice" ticks: steps of 1, 2 or 5 × 10^k.
        assertClose(SVGPlot.Frame.ticks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1], rtol: 1e-12, atol: 1e-12)
        assertClose(SVGPlot.Frame.ticks(-3, 47), [0, 10, 20, 30, 40], rtol: 0)
        let chart = TerminalChart.render([Series(name: "loss", y: [4, 2, 1])], width: 10, height: 4)
        XCTAssertTrue(chart.contains("* loss"))
        var table = TextTable(["a", "b"])
        table.add(["x", "1.5"])
        XCTAssertEqual(table.render(), "a  b\n-  ---\nx  1.5")
    }

    func testProgressLineShowsRateAndETA() {
        let bar = ProgressBar("epoch 1", total: 4)
        let line = bar.line(2, note: "loss 0.5")
        XCTAssertTrue(line.hasPrefix("epoch 1 [██████████░░░░░░░░░░]  50% 2/4"), line)
        XCTAssertTrue(line.contains("ETA") && line.hasSuffix("loss 0.5"), line)
        XCTAssertEqual(ProgressBar.clock(3725), "1:02:05")
    }
}

final class BLASInfoTests: XCTestCase {
    /// The kernel advice names the setting for the CPU's widest vector extension, and only for generic kernels.
    func testKernelAdviceForGenericKernels() {
        XCTAssertEqual(BLASInfo.advice(core: "Prescott", flags: ["sse3", "avx2", "fma", "avx512f", "avx512bw"]),
                       "generic Prescott kernels on an AVX-512 CPU: OPENBLAS_CORETYPE=SkylakeX selects the fast ones")
        XCTAssertEqual(BLASInfo.advice(core: "Nehalem", flags: ["sse3", "avx2", "fma"]),
                       "generic Nehalem kernels on an AVX2 CPU: OPENBLAS_CORETYPE=Haswell selects the fast ones")
        XCTAssertNil(BLASInfo.advice(core: "Prescott", flags: ["sse3", "sse4_2"]))
        XCTAssertTrue(BLASInfo.genericCores.contains("Prescott"))
        XCTAssertFalse(BLASInfo.genericCores.contains("SkylakeX"))
        XCTAssertFalse(BLASInfo.genericCores.contains("Haswell"))
        // The summary always names the core in use and the environment setting, whatever the machine.
        XCTAssertTrue(BLASInfo.summary.contains("core \(BLASInfo.coreName)"))
        XCTAssertTrue(BLASInfo.summary.contains("OPENBLAS_CORETYPE=\(BLASInfo.coreTypeEnvironment)"))
    }
}

final class ParallelTests: XCTestCase {
    /// The ranges are disjoint and cover 0..<count, small jobs run once on this thread, and a
    /// split kernel gives bit-identical results to the same kernel run row by row.
    func testRangesCoverTheLoopAndSplitKernelsEqualSerialOnes() {
        for (count, cost) in [(0, 1), (1, 1 << 20), (7, 1), (100_000, 1), (3, 1 << 20), (1_001, 512)] {
            let lock = NSLock()
            var seen: [Range<Int>] = []
            Parallel.forRanges(count, costPerItem: cost) { range in
                lock.lock()
                seen.append(range)
                lock.unlock()
            }
            let covered = seen.sorted { $0.lowerBound < $1.lowerBound }
            XCTAssertEqual(covered.flatMap { Array($0) }, Array(0..<count), "count \(count)")
            if count * cost < 1 << 16 || count < 2 { XCTAssertEqual(seen.count, 1, "small job \(count) split") }
            else { XCTAssertEqual(seen.count, Parallel.parts) }
        }
        var random = SplitMix64(seed: 3)
        let rows = 300, columns = 257
        var whole = (0..<(rows * columns)).map { _ in Float(random.nextUnitDouble() * 20 - 10) }
        var byRow = whole
        whole.withUnsafeMutableBufferPointer { Kernels.softmaxRows($0.baseAddress!, rows: rows, columns: columns) }
        byRow.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows { Kernels.softmaxRows(p.baseAddress! + r * columns, rows: 1, columns: columns) }
        }
        XCTAssertEqual(whole, byRow)
        XCTAssertEqual(Double(whole[0..<columns].reduce(0, +)), 1, accuracy: 1e-5)
    }

    /// `items` runs every item exactly once, on up to `parts` threads; inside an item `forRanges`
    /// does not split again and BLAS is on one thread; the first error stops it and is rethrown,
    /// and the thread count is restored afterwards.
    func testItemsRunEachJobOnceSeriallyInsideAndRethrow() throws {
        let lock = NSLock()
        var done: [Int] = [], splits: [Int] = [], blasThreads: Set<Int> = []
        let threadsBefore = BLASInfo.threads
        try Parallel.items(40) { i in
            var parts = 0
            Parallel.forRanges(100_000, costPerItem: 8) { _ in
                lock.lock()
                parts += 1
                lock.unlock()
            }
            lock.lock()
            done.append(i)
            splits.append(parts)
            blasThreads.insert(BLASInfo.threads)
            lock.unlock()
        }
        XCTAssertEqual(done.sorted(), Array(0..<40))
        XCTAssertEqual(Set(splits), [1])
        if Parallel.parts > 1 { XCTAssertEqual(blasThreads, [1]) }
        XCTAssertEqual(BLASInfo.threads, threadsBefore)
        // Outside `items` the same loop splits again.
        var outside = 0
        Parallel.forRanges(100_000, costPerItem: 8) { _ in
            lock.lock()
            outside += 1
            lock.unlock()
        }
        XCTAssertEqual(outside, Parallel.parts)

        struct Stop: Error {}
        var ran = 0
        XCTAssertThrowsError(try Parallel.items(1_000) { i in
            lock.lock()
            ran += 1
            lock.unlock()
            if i == 3 { throw Stop() }
            usleep(200)
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertLessThan(ran, 1_000)
    }
}
