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

    /// The model the fixture was made from (make_reference.py writes these numbers beside the logits).
    static let config = TinyGPTConfig(vocabularySize: 64, context: 16, width: 32, layers: 2, heads: 4)
    static let seed: UInt64 = 11

    func testTransformersLogitsOfTheExportEqualOursAndWeek8sReload() throws {
        let model = try TinyGPT(config: Self.config, seed: Self.seed)
        // Weights of order 0.3 around week 7's init (LayerNorm gains around 1), so the logits are
        // O(1) and every sublayer moves them well past 1e-4 (at N(0, 0.02) they would be ≈ 0.01).
        var rng = SplitMix64(seed: Self.seed)
        for p in model.namedParameters() {
            let gain = p.name.hasSuffix("LayerNorm.weight") || p.name.contains("final_layer_norm.weight") ? 1.0 : 0.0
            p.value.value.storage = p.value.value.storage.map { _ in Float(gain + 0.6 * (rng.nextUnitDouble() - 0.5)) }
        }
        // Export first, so TINYGPT_EXPORT_KEEP leaves the folder for make_reference.py even before the fixture exists.
        let folder = try TemporaryDirectory()
        let keep = ProcessInfo.processInfo.environment["TINYGPT_EXPORT_KEEP"].map { URL(fileURLWithPath: $0) }
        let target = keep ?? folder.url.appendingPathComponent("export")
        try model.gpt.saveHuggingFace(folder: target)
        let reloaded = try TinyGPT(gpt: try GPT2Model.load(folder: target))
        XCTAssertEqual(reloaded.config, Self.config)
        let names = try Safetensors.read(target.appendingPathComponent("model.safetensors")).names
        XCTAssertTrue(names.contains("transformer.h.0.attn.c_attn.weight"), "\(names)")
        XCTAssertFalse(names.contains("lm_head.weight"), "the head is tied to wte")
        for (a, b) in zip(model.namedParameters(), reloaded.namedParameters()) {
            XCTAssertEqual(a.value.value.storage, b.value.value.storage, a.name)
        }

        let reference = try reference()
        XCTAssertEqual(reference.config, Self.config, "the fixture was made from another model: rerun make_reference.py")
        XCTAssertEqual(reference.seed, Self.seed)
        let ours = try model.gpt.logits(for: reference.ids).storage
        assertClose(ours, reference.logits, rtol: 0, atol: 1e-4, "ours vs transformers' GPT2LMHeadModel")
        assertClose(try reloaded.gpt.logits(for: reference.ids).storage, reference.logits, rtol: 0, atol: 1e-4, "week 8's reload")
    }
}
