// GPT-2: a small randomly initialised GPT2LMHeadModel saved by transformers (Fixtures/gpt2-tiny*,
// made by make_reference.py) gives the same logits as transformers (within 1e-3) in all three
// checkpoint layouts; KV-cache decoding equals full recompute; greedy generation equals
// transformers' generate(); bad folders, configs, ids and shapes are clear errors.

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import XCTest

final class GPT2Tests: XCTestCase {
    func testLogitsMatchTransformersInEveryLayout() throws {
        let reference = try GPT2Reference.load()
        for (folder, expected) in [("gpt2-tiny", reference.tiedLogits), ("gpt2-tiny-noprefix", reference.tiedLogits),
                                   ("gpt2-tiny-untied", reference.untiedLogits)] {
            let model = try GPT2Model.load(folder: GPT2Reference.folder(folder))
            XCTAssertEqual(model.head == nil, folder != "gpt2-tiny-untied", "lm_head present only in the untied checkpoint")
            let logits = try model.logits(for: reference.ids)
            XCTAssertEqual(logits.shape, [reference.ids.count, 1000])
            assertClose(logits.storage, expected.flatMap { $0 }, rtol: 0, atol: 1e-3, folder)
        }
    }

    func testKVCacheDecodingEqualsFullRecompute() throws {
        let model = try GPT2Model.load(folder: GPT2Reference.folder("gpt2-tiny-untied"))
        let ids = try GPT2Reference.load().ids
        let full = try model.logits(for: ids)
        // prefill 3 tokens, then one at a time
        let cache = model.makeCache()
        var rows = try model.logits(for: Array(ids[0..<3]), cache: cache).storage
        for id in ids[3...] { rows += try model.logits(for: [id], cache: cache).storage }
        XCTAssertEqual(cache.length, ids.count)
        assertClose(rows, full.storage, rtol: 0, atol: 1e-5, "cached vs recomputed logits")
    }

    func testGreedyGenerationEqualsTransformersAndCacheEqualsRecompute() throws {
        let reference = try GPT2Reference.load()
        for (folder, expected) in [("gpt2-tiny", reference.tiedGreedy), ("gpt2-tiny-untied", reference.untiedGreedy)] {
            let model = try GPT2Model.load(folder: GPT2Reference.folder(folder))
            let cached = try model.generate(prompt: reference.prompt, maxNewTokens: expected.count).ids
            let recomputed = try model.generate(prompt: reference.prompt, maxNewTokens: expected.count, useCache: false).ids
            XCTAssertEqual(cached, expected, folder)
            XCTAssertEqual(recomputed, expected, folder)
        }
    }

    func testTemperatureSamplingIsSeeded() throws {
        let model = try GPT2Model.load(folder: GPT2Reference.folder("gpt2-tiny-untied"))
        let a = try model.generate(prompt: [1, 2], maxNewTokens: 10, temperature: 1, seed: 7).ids
        let b = try model.generate(prompt: [1, 2], maxNewTokens: 10, temperature: 1, seed: 7, useCache: false).ids
        let c = try model.generate(prompt: [1, 2], maxNewTokens: 10, temperature: 1, seed: 8).ids
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testSamplingFollowsTheSoftmax() {
        // logits log(1), log(3): probabilities 1/4 and 3/4 at temperature 1
        var rng = SplitMix64(seed: 1)
        let logits: [Float] = [0, Float(Foundation.log(3.0))]
        let draws = (0..<20_000).map { _ in Sampling.sample(logits, temperature: 1, rng: &rng) }
        XCTAssertEqual(Double(draws.filter { $0 == 1 }.count) / 20_000, 0.75, accuracy: 0.015)
        XCTAssertEqual(Sampling.argmax([1, 5, 5, 2]), 1, "first maximum")
    }

    func testBadInputsAreClearErrors() throws {
        let dir = try TemporaryDirectory()
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(message { _ = try GPT2Model.load(folder: dir.file("nowhere")) }.contains("no such model folder"))
        // malformed config.json
        let broken = dir.file("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("{\"n_embd\": 64,".utf8).write(to: broken.appendingPathComponent("config.json"))
        XCTAssertTrue(message { _ = try GPT2Model.load(folder: broken) }.contains("invalid JSON"))
        try Data("{\"n_embd\": 64, \"n_head\": 5, \"n_layer\": 2, \"vocab_size\": 10, \"n_positions\": 8}".utf8)
            .write(to: broken.appendingPathComponent("config.json"))
        XCTAssertTrue(message { _ = try GPT2Model.load(folder: broken) }.contains("not divisible by n_head"))
        try Data("{\"n_embd\": 64, \"n_head\": 4, \"n_layer\": \"two\", \"vocab_size\": 10, \"n_positions\": 8}".utf8)
            .write(to: broken.appendingPathComponent("config.json"))
        XCTAssertTrue(message { _ = try GPT2Model.load(folder: broken) }.contains("n_layer must be a positive whole number"))
        // a config that does not fit the tensors (wrong shapes)
        let mismatched = dir.file("mismatched")
        try FileManager.default.createDirectory(at: mismatched, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: GPT2Reference.folder("gpt2-tiny").appendingPathComponent("model.safetensors"),
                                         to: mismatched.appendingPathComponent("model.safetensors"))
        try Data("{\"n_embd\": 64, \"n_head\": 4, \"n_layer\": 2, \"vocab_size\": 1200, \"n_positions\": 64}".utf8)
            .write(to: mismatched.appendingPathComponent("config.json"))
        XCTAssertTrue(message { _ = try GPT2Model.load(folder: mismatched) }.contains("has shape [1000, 64], the config needs [1200, 64]"))
        // ids out of range, too long, empty
        let model = try GPT2Model.load(folder: GPT2Reference.folder("gpt2-tiny"))
        XCTAssertEqual(message { _ = try model.logits(for: [1, 1000]) }, "token id 1000 is outside the vocabulary 0..<1000")
        XCTAssertTrue(message { _ = try model.logits(for: [Int](repeating: 1, count: 65)) }.contains("exceed the model's 64 positions"))
        XCTAssertTrue(message { _ = try model.generate(prompt: [1], maxNewTokens: 64) }.contains("exceed"))
        XCTAssertEqual(message { _ = try model.logits(for: []) }, "no token ids given")
    }
}
