// The layout tables (CheckpointLayout.swift) on hand-worked tensors: GPT-2's fused c_attn [in, 3·out]
// becomes three [out, in] matrices and back; a file shaped for another width is refused naming
// the file's tensor and both shapes; BERT's layout reads the names themselves, "bert." or not.

import Foundation
import Shared
import Week04MNIST
import Week07Transformer
import XCTest

final class CheckpointLayoutTests: XCTestCase {
    func testFusedAttentionSplitsIntoTransposedQueryKeyValue() throws {
        // c_attn with in = 2, out = 3 × 2: W[i][j] = 10·i + j. Column j of W feeds output j, so
        // W_q (rows = outputs 0, 1) = [[0, 10], [1, 11]], W_k = [[2, 12], [3, 13]], W_v = [[4, 14], [5, 15]].
        let w = try Tensor(shape: [2, 6], storage: (0..<2).flatMap { i in (0..<6).map { Float(10 * i + $0) } })
        let rule = CheckpointLayout.gpt2.layerRules.first { $0.file == "h.{i}.attn.c_attn.weight" }!
        XCTAssertEqual(rule.tree, ["encoder.layer.{i}.attention.self.query.weight", "encoder.layer.{i}.attention.self.key.weight",
                                   "encoder.layer.{i}.attention.self.value.weight"])
        let parts = try CheckpointLayout.treeTensors(rule, file: w)
        XCTAssertEqual(parts.map(\.storage), [[0, 10, 1, 11], [2, 12, 3, 13], [4, 14, 5, 15]])
        XCTAssertEqual(parts.map(\.shape), [[2, 2], [2, 2], [2, 2]])
        XCTAssertEqual(CheckpointLayout.fileShape(rule, treeShapes: parts.map(\.shape)), [2, 6])
        XCTAssertEqual(try CheckpointLayout.fileTensor(rule, tree: parts), w)
        let bias = CheckpointLayout.gpt2.layerRules.first { $0.file == "h.{i}.attn.c_attn.bias" }!
        XCTAssertEqual(try CheckpointLayout.treeTensors(bias, file: Tensor([1, 2, 3, 4, 5, 6])).map(\.storage), [[1, 2], [3, 4], [5, 6]])
    }

    func testGPT2LayoutCoversAPreNormCausalEncoderAndRefusesOtherShapes() throws {
        let config = TransformerConfig.gpt2(vocabularySize: 11, maxPositions: 6, hiddenSize: 4, layers: 2, heads: 2)
        let encoder = try TransformerEncoder(config: config, seed: 1)
        let file = try CheckpointLayout.gpt2.save(encoder.namedParameters(), layers: 2)
        // 4 whole-model tensors + 12 per layer; every tree tensor goes to exactly one place.
        XCTAssertEqual(file.count, 4 + 2 * 12)
        XCTAssertEqual(file["h.1.mlp.c_fc.weight"]?.shape, [4, 16])
        XCTAssertEqual(file["h.1.mlp.c_proj.weight"]?.shape, [16, 4])
        XCTAssertEqual(file.values.reduce(0) { $0 + $1.count }, encoder.parameterCount)
        let other = try TransformerEncoder(config: config, seed: 2)
        XCTAssertNotEqual(other.namedParameters().map(\.value.value), encoder.namedParameters().map(\.value.value))
        try CheckpointLayout.gpt2.load(into: other.namedParameters(), layers: 2, lookup: { file[$0] }, shapeOf: { file[$0]?.shape })
        XCTAssertEqual(other.namedParameters().map(\.value.value), encoder.namedParameters().map(\.value.value))
        // A file for width 8 is refused before anything changes.
        let wide = try CheckpointLayout.gpt2.save(try TransformerEncoder(config: .gpt2(vocabularySize: 11, maxPositions: 6, hiddenSize: 8,
                                                                                   layers: 2, heads: 2)).namedParameters(), layers: 2)
        let before = other.namedParameters().map(\.value.value)
        XCTAssertThrowsError(try CheckpointLayout.gpt2.load(into: other.namedParameters(), layers: 2, lookup: { wide[$0] },
                                                            shapeOf: { wide[$0]?.shape })) { error in
            XCTAssertEqual(error as? CheckpointLayoutError, .shapeMismatch(name: "wte.weight", expected: [11, 4], found: [11, 8]))
        }
        XCTAssertEqual(other.namedParameters().map(\.value.value), before)
        var missing = file
        missing["h.1.ln_2.bias"] = nil
        XCTAssertThrowsError(try CheckpointLayout.gpt2.load(into: other.namedParameters(), layers: 2, lookup: { missing[$0] },
                                                            shapeOf: { missing[$0]?.shape })) { error in
            XCTAssertEqual(error as? CheckpointLayoutError, .missingTensor(name: "h.1.ln_2.bias"))
        }
    }

    func testBertLayoutReadsTheTreeNamesWithOrWithoutPrefix() throws {
        let config = TransformerConfig(vocabularySize: 9, hiddenSize: 4, layers: 1, heads: 2, intermediateSize: 8, maxPositions: 5)
        let encoder = try TransformerEncoder(config: config, seed: 1)
        let file = try CheckpointLayout.bert.save(encoder.namedParameters(), layers: 1, prefix: "bert.")
        XCTAssertEqual(file.keys.sorted(), encoder.namedParameters().map { "bert." + $0.name }.sorted())
        let other = try TransformerEncoder(config: config, seed: 3)
        XCTAssertEqual(try other.load(tensors: file.merging(["cls.predictions.bias": Tensor([0])]) { a, _ in a }), ["cls.predictions.bias"])
        XCTAssertEqual(other.namedParameters().map(\.value.value), encoder.namedParameters().map(\.value.value))
    }
}
