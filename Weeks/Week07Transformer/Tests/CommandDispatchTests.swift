// Each declared command runs its own handler, and only it: before the handlers were carried by
// the subcommands, any declared-but-unmatched name fell through to `bench`.

import Foundation
import Shared
import TestSupport
import Week07Transformer
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week07CommandLine.cli(demo: { _ in ran.add("demo") }, pretrain: { _ in ran.add("pretrain") },
                                        fill: { _ in ran.add("fill") }, attention: { _ in ran.add("attention") },
                                        bench: { _ in ran.add("bench") })
        XCTAssertEqual(cli.commands.map(\.name), ["demo", "pretrain", "fill", "attention", "bench"])
        for args in [["demo"], ["pretrain"], ["fill", "a [MASK]"], ["attention", "a b"], ["bench"], []] { try cli.run(args) }
        XCTAssertEqual(ran.all, ["demo", "pretrain", "fill", "attention", "bench", "demo"])
    }

    func testPretrainFlagsAndTheirDefaults() throws {
        let defaults = try XCTUnwrap(try Week07CommandLine.parser.parse(["pretrain"]))
        XCTAssertEqual([defaults.int("steps"), defaults.int("layers"), defaults.int("hidden"), defaults.int("heads"),
                        defaults.int("seed"), defaults.int("vocab-size"), defaults.int("length"), defaults.int("batch-size")],
                       [600, 2, 128, 4, 7, 8000, 64, 32])
        XCTAssertEqual(defaults.double("lr"), 0.001)
        XCTAssertEqual(defaults.double("dropout"), 0.1)
        XCTAssertEqual(defaults.string("norm"), "post")
        XCTAssertEqual(defaults.string("positions"), "learned")
        for bad in [["pretrain", "--batch", "8"], ["pretrain", "--vocab", "100"], ["pretrain", "--length", "3"],
                    ["pretrain", "--dropout", "1"], ["pretrain", "--norm", "middle"], ["fill", "x", "--top", "0"]] {
            XCTAssertThrowsError(try Week07CommandLine.parser.parse(bad), "\(bad)") { XCTAssertTrue($0 is UsageError, "\(bad)") }
        }
    }
}
