// Week 8's model folders from a hostile user (issue 18): GPT-2 safetensors headers with a lying
// but well-formed shape killed `gpt2-logits --model DIR` inside Safetensors.parse. Now each is one
// error line and exit status 1; config.json numbers beyond Int are refused the same way; and the
// loader survives thousands of mutated headers.

import Foundation
import Shared
import TestSupport
@testable import Week08LLMEngineering
import XCTest

final class BadModelFolderTests: XCTestCase {
    /// A copy of gpt2-tiny whose safetensors header has `edit` applied (the header length is fixed up).
    func mutatedFolder(_ dir: TemporaryDirectory, _ name: String, edit: (String) -> String) throws -> URL {
        let source = GPT2Reference.folder("gpt2-tiny")
        let folder = dir.file(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        let bytes = try FileIO.readBytes(source.appendingPathComponent("model.safetensors"))
        var n = 0
        for i in 0..<8 { n |= Int(bytes[i]) << (8 * i) }
        let header = Array(edit(String(decoding: bytes[8..<(8 + n)], as: UTF8.self)).utf8)
        let out = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header + Array(bytes[(8 + n)...])
        try AtomicFile.write(out, to: folder.appendingPathComponent("model.safetensors"))
        return folder
    }

    func testLyingSafetensorsShapesAreOneErrorLine() throws {
        let dir = try TemporaryDirectory()
        let cases: [(String, String, String)] = [
            // The reported case: a 20-digit dimension.
            ("\"shape\":[64,64]", "\"shape\":[64,99999999999999999999]", "shape = "),
            // Dimensions whose product overflows Int.
            ("\"shape\":[64,64]", "\"shape\":[4294967296,4294967296]", "whose product fits in memory"),
            ("\"shape\":[64,64]", "\"shape\":[-64,64]", "shape = "),
        ]
        for (i, (from, to, message)) in cases.enumerated() {
            let folder = try mutatedFolder(dir, "m\(i)") { text in
                guard let range = text.range(of: from) else { return text }
                return text.replacingCharacters(in: range, with: to)
            }
            XCTAssertThrowsError(try GPT2Model.load(folder: folder)) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
            let r = try Executables.run("Week08LLMEngineering", ["gpt2-logits", "--model", folder.path, "--ids", "1,2,3"])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("model.safetensors: malformed") && r.stderr.contains(message), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testConfigNumbersBeyondIntAreRefused() throws {
        let dir = try TemporaryDirectory()
        let folder = try mutatedFolder(dir, "c") { $0 }
        let url = folder.appendingPathComponent("config.json")
        for (value, key) in [("1e300", "n_embd"), ("99999999999999999999", "n_embd"), ("2.5", "n_embd"), ("16777217", "n_embd")] {
            try AtomicFile.write("{\"n_embd\": \(value), \"n_head\": 4, \"n_layer\": 2, \"vocab_size\": 1000, \"n_positions\": 64}", to: url)
            XCTAssertThrowsError(try GPT2Config.load(url)) {
                XCTAssertTrue("\($0)".contains("\(key) must be a positive whole number (at most 16777216)"), "\(value): \($0)")
            }
        }
        try AtomicFile.write("{\"n_embd\": 64, \"n_head\": 4, \"n_layer\": 2, \"vocab_size\": 1000, \"n_positions\": 64, \"layer_norm_epsilon\": -1}", to: url)
        XCTAssertThrowsError(try GPT2Config.load(url)) { XCTAssertTrue("\($0)".contains("layer_norm_epsilon must be in (0, 1)"), "\($0)") }
    }

    func testFuzzGPT2Header() throws {
        let source = GPT2Reference.folder("gpt2-tiny")
        let bytes = try FileIO.readBytes(source.appendingPathComponent("model.safetensors"))
        var n = 0
        for i in 0..<8 { n |= Int(bytes[i]) << (8 * i) }
        let header = Array(bytes[8..<(8 + n)])
        let data = Array(bytes[(8 + n)...])
        // Mutate the header only (the 660 kB of weights stay), re-framed with its new length.
        Fuzz.run("GPT-2 safetensors header", seeds: [header], cases: Fuzz.caseCount(2000) / 4,
                 tokens: ["F32", "F16", "I64", "\"shape\"", "\"data_offsets\"", "wte", "wpe"]) { mutated -> Int in
            let framed = (0..<8).map { UInt8(truncatingIfNeeded: mutated.count >> (8 * $0)) } + mutated + data
            let file = try Safetensors.parse(framed, path: "model.safetensors")
            return try file.names.reduce(0) { $0 + (try file.tensor($1)).count }
        }
    }

    func testSentenceBertConfigLengthBeyondIntIsAnError() throws {
        let dir = try TemporaryDirectory()
        for value in ["1e300", "99999999999999999999", "true", "-3"] {
            try AtomicFile.write("{\"max_seq_length\": \(value)}", to: dir.file("sentence_bert_config.json"))
            XCTAssertThrowsError(try WordPieceTokenizer(modelFolder: dir.url)) {
                XCTAssertTrue("\($0)".contains("sentence_bert_config.json: malformed: no integer max_seq_length in 2…1048576"), "\(value): \($0)")
            }
        }
    }
}
