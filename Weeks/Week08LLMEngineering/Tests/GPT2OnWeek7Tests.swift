// GPT-2 on week 7's blocks (GPT2.swift): the loaded model is a TransformerEncoder in GPT-2's
// configuration, within 1e-4 of transformers' logits (Fixtures/gpt2_reference.json, made by
// Fixtures/make_reference.py); the training forward (no cache, causal mask, on the tape) equals
// the decoding forward; the Hugging Face export writes back exactly the tensors it read, through
// the same layout table. That transformers itself opens an exported folder and agrees is checked by
//   GPT2_EXPORT_KEEP=/tmp/gpt2-export swift test --disable-swift-testing --filter GPT2OnWeek7Tests
//   .cache/refenv/bin/python3 Weeks/Week08LLMEngineering/Tests/Fixtures/check_gpt2_export.py /tmp/gpt2-export
// (torch 2.15.0, transformers 5.24.0: max |Δ| 1.49e-7 tied, 2.09e-7 untied on 2026-12-03).

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import Week08LLMEngineering
import XCTest

final class GPT2OnWeek7Tests: XCTestCase {
    func testLoadedGPT2IsWeek7sEncoderWithinTransformersTolerance() throws {
        let reference = try GPT2Reference.load()
        for (folder, expected) in [("gpt2-tiny", reference.tiedLogits), ("gpt2-tiny-untied", reference.untiedLogits)] {
            let model = try GPT2Model.load(folder: GPT2Reference.folder(folder))
            let c = model.transformer.config
            XCTAssertEqual(c.normPlacement, .pre)
            XCTAssertTrue(c.causal)
            XCTAssertEqual(c.positions, .learned)
            XCTAssertEqual(c.activation, .geluTanh)
            XCTAssertNil(model.transformer.embeddingNorm, "GPT-2 has no embedding LayerNorm")
            XCTAssertNotNil(model.transformer.finalNorm, "ln_f")
            XCTAssertEqual(model.transformer.layers.count, 2)
            let logits = try model.logits(for: reference.ids)
            assertClose(logits.storage, expected.flatMap { $0 }, rtol: 0, atol: 1e-4, folder)
            // 2 layers · (4·64² + 4·64 + 2·64·256 + 256 + 64 + 4·64) + wte + wpe + ln_f (+ lm_head)
            let perLayer = 4 * 64 * 64 + 4 * 64 + 2 * 64 * 256 + 256 + 64 + 4 * 64
            let untied = folder == "gpt2-tiny-untied" ? 1000 * 64 : 0
            XCTAssertEqual(model.parameterCount, 2 * perLayer + 1000 * 64 + 64 * 64 + 2 * 64 + untied)
        }
    }

    func testTrainingForwardEqualsDecodingForward() throws {
        let model = try GPT2Model.load(folder: GPT2Reference.folder("gpt2-tiny-untied"))
        let ids = try GPT2Reference.load().ids
        let decoded = try model.logits(for: ids)
        let trained = try model.logits(inputIDs: [ids, Array(ids.reversed())])
        XCTAssertEqual(trained.shape, [2 * ids.count, 1000])
        assertClose(Array(trained.value.storage[0..<(ids.count * 1000)]), decoded.storage, rtol: 0, atol: 1e-5, "row 0")
        // Gradients reach every parameter, the tied/untied head included.
        let loss = try trained.crossEntropy(labels: (0..<(2 * ids.count)).map { $0 % 1000 })
        try loss.backward()
        for p in model.namedParameters() {
            XCTAssertNotNil(p.value.grad, p.name)
        }
        // A prefix's logits do not depend on what follows (causal): row t of [ids] = row t of [ids[0…t]].
        let prefix = try model.logits(inputIDs: [Array(ids[0..<4])])
        assertClose(prefix.value.storage, Array(decoded.storage[0..<(4 * 1000)]), rtol: 0, atol: 1e-5, "prefix")
    }

    func testHuggingFaceExportWritesBackTheFileItRead() throws {
        let reference = try GPT2Reference.load()
        let dir = try TemporaryDirectory()
        for (name, expected) in [("gpt2-tiny", reference.tiedLogits), ("gpt2-tiny-untied", reference.untiedLogits)] {
            let source = GPT2Reference.folder(name)
            let model = try GPT2Model.load(folder: source)
            let keep = ProcessInfo.processInfo.environment["GPT2_EXPORT_KEEP"].map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            let folder = keep ?? dir.file(name)
            try model.saveHuggingFace(folder: folder)
            let written = try Safetensors.read(folder.appendingPathComponent("model.safetensors"))
            let original = try Safetensors.read(source.appendingPathComponent("model.safetensors"))
            XCTAssertEqual(written.names, original.names, name)
            for key in original.names { XCTAssertEqual(try written.tensor(key), try original.tensor(key), key) }
            let reread = try GPT2Config.load(folder.appendingPathComponent("config.json"))
            XCTAssertEqual(reread, model.config, name)
            let reopened = try GPT2Model.load(folder: folder)
            assertClose(try reopened.logits(for: reference.ids).storage, expected.flatMap { $0 }, rtol: 0, atol: 1e-4, name)
        }
    }

    func testARandomGPT2RoundTripsThroughTheExport() throws {
        // A model never loaded from a file (week 17's case): export, reload, same logits bit for bit.
        let config = GPT2Config(transformer: .gpt2(vocabularySize: 50, maxPositions: 16, hiddenSize: 12, layers: 3, heads: 3),
                                tiedHead: false)
        let model = try GPT2Model(config: config, seed: 4)
        let dir = try TemporaryDirectory()
        try model.saveHuggingFace(folder: dir.file("random"))
        let file = try Safetensors.read(dir.file("random").appendingPathComponent("model.safetensors"))
        XCTAssertEqual(file.entries["transformer.h.2.attn.c_attn.weight"]?.shape, [12, 36], "Conv1D [in, 3·out]")
        XCTAssertEqual(file.entries["transformer.h.0.mlp.c_fc.weight"]?.shape, [12, 48])
        XCTAssertEqual(file.entries["lm_head.weight"]?.shape, [50, 12])
        XCTAssertNil(file.entries["transformer.lm_head.weight"])
        let reopened = try GPT2Model.load(folder: dir.file("random"))
        let ids = [3, 1, 4, 1, 5, 9, 2, 6]
        XCTAssertEqual(try reopened.logits(for: ids), try model.logits(for: ids))
    }
}
