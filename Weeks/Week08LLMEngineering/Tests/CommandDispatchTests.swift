// The command line without a process: each declared command runs its own handler, `demo` runs when
// none is named, bad command lines are one usage line naming the offender, and `--help` shows the
// defaults the commands use (embed: batches of 32, as the bench and sentence-transformers' default).

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week08CommandLine.cli(demo: { _ in ran.add("demo") }, tokenize: { _ in ran.add("tokenize") },
                                        embed: { _ in ran.add("embed") }, gpt2Logits: { _ in ran.add("gpt2-logits") },
                                        generate: { _ in ran.add("generate") }, bpe: { _ in ran.add("bpe") },
                                        bench: { _ in ran.add("bench") })
        let names = ["demo", "tokenize", "embed", "gpt2-logits", "generate", "bpe", "bench"]
        XCTAssertEqual(cli.commands.map(\.name), names)
        let withText: Set = ["tokenize", "embed"]
        for name in names { try cli.run(withText.contains(name) ? [name, "a text", "another"] : [name]) }
        try cli.run([])
        XCTAssertEqual(ran.all, names + ["demo"])
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week08CommandLine.parser
        assertUsageError(cli, ["gpt2"], mentions: ["unknown command 'gpt2'", "gpt2-logits"])
        assertUsageError(cli, ["generate", "--top-k", "5"], mentions: ["unknown option --top-k", "'generate'"])
        assertUsageError(cli, ["generate", "--temperature", "-1"], mentions: ["--temperature must be at least 0, got -1"])
        assertUsageError(cli, ["generate", "--max-new-tokens", "-1"], mentions: ["--max-new-tokens must be at least 0, got -1"])
        assertUsageError(cli, ["generate", "--prompt-ids", "3,-1"], mentions: ["--prompt-ids must be at least 0, got -1"])
        assertUsageError(cli, ["gpt2-logits", "--ids", "-7"], mentions: ["--ids must be at least 0, got -7"])
        assertUsageError(cli, ["embed", "x", "--batch-size", "0"], mentions: ["--batch-size must be between 1 and 1000000, got 0"])
        assertUsageError(cli, ["bpe", "--vocab-size", "255"], mentions: ["--vocab-size must be at least 256, got 255"])
        assertUsageError(cli, ["bench", "--sentences", "31"], mentions: ["--sentences must be at least 32, got 31"])
        assertUsageError(cli, ["bench", "--pairs", "51"], mentions: ["--pairs must be between 1 and 50, got 51"])
        assertUsageError(cli, ["embed"], mentions: ["'embed' expects TEXT…, got 0"])
    }

    func testHelpShowsTheDefaultsTheCommandsUse() throws {
        let cli = Week08CommandLine.parser
        assertHelp(cli, "demo", shows: ["seed": "(default 0; ≥ 0)"])
        assertHelp(cli, "embed", shows: ["batch-size": "(default 32; 1…1000000)", "model": "default: Datasets/minilm"])
        assertHelp(cli, "tokenize", shows: ["model": "default: Datasets/minilm"])
        assertHelp(cli, "generate", shows: ["max-new-tokens": "(default 20; ≥ 0)", "temperature": "(default 0; ≥ 0)",
                                            "seed": "(default 0; ≥ 0)", "prompt-ids": "(≥ 0)"])
        assertHelp(cli, "bpe", shows: ["vocab-size": "(default 512; ≥ 256)", "out": "default: Output/Week08LLMEngineering/<file>.bpe"])
        assertHelp(cli, "bench", shows: ["sentences": "(default 512; ≥ 32)", "pairs": "(default 5; 1…50)",
                                         "model": "default: random GPT-2 weights"])

        // What the handlers read when nothing is given: greedy decoding, 20 tokens, the cache on.
        let generate = try XCTUnwrap(try cli.parse(["generate"]))
        XCTAssertEqual(generate.int("max-new-tokens"), 20)
        XCTAssertEqual(generate.double("temperature"), 0)
        XCTAssertFalse(generate.flag("no-cache"))
        XCTAssertNil(generate.optionalString("model"))
        XCTAssertThrowsError(try generate.requiredString("model")) { XCTAssertTrue("\($0)".contains("--model is required")) }
        XCTAssertEqual(try XCTUnwrap(try cli.parse(["embed", "x"])).int("batch-size"), 32)
        let bench = try XCTUnwrap(try cli.parse(["bench"]))
        XCTAssertEqual([bench.int("sentences"), bench.int("pairs")], [512, 5], "the issue's 512 sentences, median of 5 paired runs")
    }
}
