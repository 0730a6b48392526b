// Each declared command runs its own handler, and only it: before the handlers were carried by
// the subcommands, any declared-but-unmatched name fell through to `micrograd`.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week04CommandLine.cli(train: { _ in ran.add("train") }, evaluate: { _ in ran.add("evaluate") },
                                        predict: { _ in ran.add("predict") }, gradcheck: { _ in ran.add("gradcheck") },
                                        bench: { _ in ran.add("bench") }, micrograd: { _ in ran.add("micrograd") })
        let names = ["train", "evaluate", "predict", "gradcheck", "bench", "micrograd"]
        XCTAssertEqual(cli.commands.map(\.name), names)
        for name in names { try cli.run([name]) }
        try cli.run([])
        XCTAssertEqual(ran.all, names + ["train"], "each name ran its own handler; no command runs train")
    }

    func testHelpShowsTrainDefaults() {
        let cli = Week04CommandLine.parser
        let help = cli.help(for: cli.commands[0])
        for expected in ["(default 15; 1…1000)", "(default 128; 1…60000)", "(default 0.001; > 0 and ≤ 10)",
                         "(default 256,128; 1…8192)", "(default 42; ≥ 0)"] {
            XCTAssertTrue(help.contains(expected), "missing '\(expected)' in\n\(help)")
        }
    }
}
