// The executable end to end: --json lines parse back to the texts given (tabs, newlines, emoji,
// CJK, quotes), ids equal the reference, logits equal transformers'; bad input is one line on
// stderr and a non-zero exit.

import Foundation
import Shared
import TestSupport
import XCTest

final class CommandLineTests: XCTestCase {
    func jsonLines(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
    }

    func testTokenizeAndEmbedJSONRoundTripAwkwardTexts() throws {
        _ = try Fixtures.require(.minilm)
        let reference = try MiniLMReference.load()
        let picked = reference.items.filter { $0.text.contains("\t") || $0.text.contains("🐍") || $0.text.contains("東京") || $0.text.contains("\"quotes\"") }
        XCTAssertEqual(picked.count, 4)
        let tokenize = try Executables.run("Week08LLMEngineering", ["tokenize", "--json", "--"] + picked.map(\.text))
        XCTAssertEqual(tokenize.status, 0, tokenize.stderr)
        let lines = try jsonLines(tokenize.stdout)
        XCTAssertEqual(lines.count, picked.count)
        for (line, item) in zip(lines, picked) {
            XCTAssertEqual(line["text"] as? String, item.text)
            XCTAssertEqual(line["input_ids"] as? [Int], item.inputIDs)
        }
        let embed = try Executables.run("Week08LLMEngineering", ["embed", "--json", "--"] + picked.map(\.text))
        XCTAssertEqual(embed.status, 0, embed.stderr)
        for (line, item) in zip(try jsonLines(embed.stdout), picked) {
            XCTAssertEqual(line["text"] as? String, item.text)
            let vector = try XCTUnwrap(line["embedding"] as? [Double]).map(Float.init)
            XCTAssertEqual(vector.count, 384)
            XCTAssertGreaterThanOrEqual(cosine(vector, item.embedding), 0.9999)
        }
    }

    func testGPT2LogitsAndGenerateCommands() throws {
        let reference = try GPT2Reference.load()
        let folder = GPT2Reference.folder("gpt2-tiny-untied").path
        let ids = reference.ids.map(String.init).joined(separator: ",")
        let logits = try Executables.run("Week08LLMEngineering", ["gpt2-logits", "--model", folder, "--ids", ids, "--json"])
        XCTAssertEqual(logits.status, 0, logits.stderr)
        let rows = try XCTUnwrap(try jsonLines(logits.stdout).first?["logits"] as? [[Double]])
        assertClose(rows.flatMap { $0 }, reference.untiedLogits.flatMap { $0 }.map(Double.init), rtol: 0, atol: 1e-3)
        let prompt = reference.prompt.map(String.init).joined(separator: ",")
        let generate = try Executables.run("Week08LLMEngineering", ["generate", "--model", folder, "--prompt-ids", prompt,
                                                                   "--max-new-tokens", "12", "--json"])
        XCTAssertEqual(generate.status, 0, generate.stderr)
        XCTAssertEqual(try jsonLines(generate.stdout).first?["generated_ids"] as? [Int], reference.untiedGreedy)
    }

    func testBPECommandSavesMerges() throws {
        let dir = try TemporaryDirectory()
        try Data(String(repeating: "the theme of the thesis is there. ", count: 20).utf8).write(to: dir.file("t.txt"))
        let r = try Executables.run("Week08LLMEngineering", ["bpe", "--file", dir.file("t.txt").path, "--vocab-size", "262",
                                                            "--out", dir.file("t.bpe").path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = try XCTUnwrap(try jsonLines(r.stdout).first)
        XCTAssertEqual(line["vocab_size"] as? Int, 262)
        XCTAssertLessThan(try XCTUnwrap(line["tokens"] as? Int), 680)
        XCTAssertTrue(try String(contentsOf: dir.file("t.bpe"), encoding: .utf8).hasPrefix("bpe v1\n"))
    }

    func testBadInputIsOneLineAndANonZeroExit() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("bad"), withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: dir.file("bad/config.json"))
        let tiny = GPT2Reference.folder("gpt2-tiny").path
        let cases: [([String], Int32, String)] = [
            (["gpt2-logits", "--model", dir.file("missing").path, "--ids", "1,2"], 1, "no such model folder"),
            (["gpt2-logits", "--model", dir.file("bad").path, "--ids", "1,2"], 1, "invalid JSON"),
            (["gpt2-logits", "--model", tiny, "--ids", "1,5000"], 1, "token id 5000 is outside the vocabulary 0..<1000"),
            (["gpt2-logits", "--model", tiny, "--ids", "1,x"], 2, "comma-separated whole numbers"),
            (["gpt2-logits", "--ids", "1"], 2, "--model is required"),
            (["generate", "--model", tiny, "--prompt-ids", "1", "--max-new-tokens", "100"], 1, "exceed the model's 64 positions"),
            (["embed", "--model", dir.file("missing").path, "hi"], 1, "no such model folder"),
            (["tokenize"], 2, "expects TEXT…"),
            (["bpe", "--file", dir.file("none.txt").path], 1, "file not found"),
            (["bpe", "--file", dir.file("none.txt").path, "--vocab-size", "10"], 2, "at least 256"),
        ]
        for (args, status, message) in cases {
            let r = try Executables.run("Week08LLMEngineering", args)
            XCTAssertEqual(r.status, status, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
        }
    }
}
