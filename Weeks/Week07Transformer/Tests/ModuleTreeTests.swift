// Week 7's module trees against Hugging Face's names, and the training switch in every week-7
// layer. The encoder's names are compared with the tensors of Fixtures/tiny_bert.safetensors, a
// transformers BertModel's state_dict saved by Fixtures/make_reference.py (its pooler.* is not
// part of our encoder); the masked LM's are BertForMaskedLM's spelling ("bert." + the encoder,
// cls.predictions.*; torch also lists the tied decoder weight and bias, which we do not duplicate).

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import XCTest

final class ModuleTreeTests: XCTestCase {
    func testEncoderNamesAreBertModelsStateDictKeys() throws {
        let config = try TransformerConfig.bert(configJSON: Fixtures.url("tiny_bert_config.json"))
        let encoder = try TransformerEncoder(config: config)
        let file = try Safetensors.read(Fixtures.url("tiny_bert.safetensors"))
        let bertKeys = file.names.filter { !$0.hasPrefix("pooler.") && $0 != "embeddings.position_ids" }
        XCTAssertEqual(encoder.namedTensors().map(\.name).sorted(), bertKeys)
        XCTAssertEqual(encoder.namedTensors().first?.name, "embeddings.word_embeddings.weight")
        XCTAssertTrue(encoder.namedBuffers().isEmpty)
    }

    func testMaskedLanguageModelNamesFollowBertForMaskedLM() throws {
        let config = try TransformerConfig.bert(configJSON: Fixtures.url("tiny_bert_config.json"))
        let model = try MaskedLanguageModel(config: config, seed: 1)
        let names = model.namedParameters().map(\.name)
        XCTAssertEqual(Array(names.suffix(5)), ["cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                                               "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias",
                                               "cls.predictions.bias"])
        XCTAssertEqual(Array(names.dropLast(5)), model.encoder.namedParameters().map { "bert." + $0.name })
    }

    func testTrainingModeReachesEveryWeek7Layer() throws {
        let config = TransformerConfig(vocabularySize: 30, hiddenSize: 8, layers: 2, heads: 2, intermediateSize: 16, dropout: 0.5)
        var rng = SplitMix64(seed: 3)
        let x = Variable(Tensor.randomUniform([2, 4, 8], low: -1, high: 1, using: &rng))
        let ids = [[1, 2, 3, 4], [5, 6, 7, 8]]
        // Dropout inside the block, the encoder and the masked LM: training differs, evaluation repeats.
        let block = TransformerBlock(config: config, rng: &rng)
        XCTAssertEqual(try block(x).value, try block(x).value, "block: evaluation is deterministic")
        XCTAssertNotEqual(try block(x).value, try TrainingMode.training { try block(x) }.value, "block: dropout in training")
        let encoder = try TransformerEncoder(config: config, seed: 2)
        XCTAssertEqual(try encoder(inputIDs: ids).value, try encoder(inputIDs: ids).value, "encoder")
        XCTAssertNotEqual(try encoder(inputIDs: ids).value, try TrainingMode.training { try encoder(inputIDs: ids) }.value, "encoder")
        let mlm = try MaskedLanguageModel(config: config, seed: 2)
        let logits = { try mlm.logits(inputIDs: ids, positions: [1, 6]).value }
        XCTAssertEqual(try logits(), try logits(), "masked LM")
        XCTAssertNotEqual(try logits(), try TrainingMode.training { try logits() }, "masked LM")
        // Layers without dropout: the same numbers in both modes.
        let norm = LayerNorm(8, epsilon: 1e-12), embedding = Embedding(30, 8, rng: &rng)
        let attention = MultiHeadAttention(hiddenSize: 8, heads: 2, rng: &rng)
        XCTAssertEqual(try norm(x).value, try TrainingMode.training { try norm(x) }.value, "layer norm")
        XCTAssertEqual(try embedding([1, 2]).value, try TrainingMode.training { try embedding([1, 2]) }.value, "embedding")
        XCTAssertEqual(try attention(x).value, try TrainingMode.training { try attention(x) }.value, "attention")
    }
}
