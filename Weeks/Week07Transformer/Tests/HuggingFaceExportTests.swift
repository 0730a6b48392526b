// The Hugging Face export (HuggingFaceExport.swift): the tiny BertModel of the fixtures, loaded,
// exported and re-opened, must still give transformers' last_hidden_state (the committed
// reference, made by Fixtures/make_reference.py), with every tensor and config field unchanged.
// That transformers itself opens an exported folder and agrees is checked by
//   .cache/refenv/bin/python3 Weeks/Week07Transformer/Tests/Fixtures/check_hf_export.py FOLDER
// on a folder written by this test with EXPORT_KEEP=FOLDER set (torch 2.15.0, transformers 5.24.0:
// max |Δ| 1.07e-6 on 2026-12-03).

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import XCTest

final class HuggingFaceExportTests: XCTestCase {
    func testExportedFolderReopensWithTheSameWeightsAndOutputs() throws {
        let config = try TransformerConfig.bert(configJSON: Fixtures.url("tiny_bert_config.json"))
        let encoder = try TransformerEncoder(config: config, seed: 5)
        try encoder.load(safetensors: Fixtures.url("tiny_bert.safetensors"))
        let dir = try TemporaryDirectory()
        let folder = ProcessInfo.processInfo.environment["EXPORT_KEEP"].map { URL(fileURLWithPath: $0) } ?? dir.file("tiny-bert")
        try encoder.saveHuggingFace(folder: folder)

        let reread = try TransformerConfig.bert(configJSON: folder.appendingPathComponent("config.json"))
        XCTAssertEqual(reread, config)
        let file = try Safetensors.read(folder.appendingPathComponent("model.safetensors"))
        let original = try Safetensors.read(Fixtures.url("tiny_bert.safetensors"))
        XCTAssertEqual(Set(file.names), Set(original.names.filter { !$0.hasPrefix("pooler.") }), "BertModel's keys, pooler aside")
        for name in file.names { XCTAssertEqual(try file.tensor(name), try original.tensor(name), name) }

        let reopened = try TransformerEncoder(config: reread, seed: 9)
        XCTAssertEqual(try reopened.load(safetensors: folder.appendingPathComponent("model.safetensors")), [])
        let r = try JSONDecoder().decode(ReferenceTests.BertReference.self, from: Data(contentsOf: Fixtures.url("tiny_bert_reference.json")))
        let out = try Autograd.noGrad {
            try reopened(inputIDs: r.input_ids, tokenTypeIDs: r.token_type_ids, attentionMask: r.attention_mask)
        }
        assertClose(out.value.storage, r.last_hidden_state, rtol: 0, atol: 1e-4)
    }

    func testLayoutsBertCannotExpressAreRefused() throws {
        let pre = TransformerConfig(vocabularySize: 20, hiddenSize: 8, layers: 1, heads: 2, intermediateSize: 16,
                                    maxPositions: 8, normPlacement: .pre, causal: true)
        let dir = try TemporaryDirectory()
        XCTAssertThrowsError(try TransformerEncoder(config: pre).saveHuggingFace(folder: dir.file("x"))) { error in
            XCTAssertTrue("\(error)".contains("post-norm"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("x").path), "nothing written on refusal")
    }
}
