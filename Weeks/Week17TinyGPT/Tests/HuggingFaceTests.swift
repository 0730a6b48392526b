// Export to Hugging Face's GPT-2 format: transformers' GPT2LMHeadModel, loading the folder our
// export writes for a tiny seeded model, computes the logits committed in
// Fixtures/tiny_gpt_reference.json (command in Fixtures/make_reference.py; torch and transformers
// versions in the file); the same model built here from its seed gives them within 1e-4, and so
// does the folder loaded back with week 8's GPT2Model.load. TINYGPT_EXPORT_KEEP=DIR keeps the
// export in DIR for the script.

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import Week17TinyGPT
import XCTest

final class HuggingFaceTests: XCTestCase {
    struct Reference {
        var config: TinyGPTConfig
        var seed: UInt64
        var ids: [Int]
        var logits: [Float]
    }

    func reference() throws -> Reference {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("tiny_gpt_reference.json"))) as? [String: Any])
        func int(_ key: String) throws -> Int { try XCTUnwrap(json[key] as? Int, key) }
        let config = TinyGPTConfig(vocabularySize: try int("vocab"), context: try int("context"), width: try int("width"),
                                   layers: try int("layers"), heads: try int("heads"))
        let rows = try XCTUnwrap(json["logits"] as? [[Double]])
        return Reference(config: config, seed: UInt64(try int("seed")), ids: try XCTUnwrap(json["ids"] as? [Int]),
                         logits: rows.flatMap { $0 }.map(Float.init))
    }

    func testTransformersLogitsOfTheExportEqualOursAndWeek8sReload() throws {
        let reference = try reference()
        let model = try TinyGPT(config: reference.config, seed: reference.seed)
        let ours = try model.gpt.logits(for: reference.ids).storage
        assertClose(ours, reference.logits, rtol: 0, atol: 1e-4, "ours vs transformers' GPT2LMHeadModel")

        let folder = try TemporaryDirectory()
        let keep = ProcessInfo.processInfo.environment["TINYGPT_EXPORT_KEEP"].map { URL(fileURLWithPath: $0) }
        let target = keep ?? folder.url.appendingPathComponent("export")
        try model.gpt.saveHuggingFace(folder: target)
        let reloaded = try TinyGPT(gpt: try GPT2Model.load(folder: target))
        XCTAssertEqual(reloaded.config, reference.config)
        let names = try Safetensors.read(target.appendingPathComponent("model.safetensors")).names
        XCTAssertTrue(names.contains("transformer.h.0.attn.c_attn.weight"), "\(names)")
        XCTAssertFalse(names.contains("lm_head.weight"), "the head is tied to wte")
        assertClose(try reloaded.gpt.logits(for: reference.ids).storage, reference.logits, rtol: 0, atol: 1e-4, "week 8's reload")
        for (a, b) in zip(model.namedParameters(), reloaded.namedParameters()) {
            XCTAssertEqual(a.value.value.storage, b.value.value.storage, a.name)
        }
    }
}
