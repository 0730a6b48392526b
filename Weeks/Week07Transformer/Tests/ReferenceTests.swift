// The Assess gate, part 1: against Hugging Face transformers and torch. The fixtures were made by
//   /work/refenv/bin/python3 Weeks/Week07Transformer/Tests/Fixtures/make_reference.py
// (torch 2.15.0, transformers 5.23.0; see the script): a tiny random BertModel's weights and its
// last_hidden_state for ids with padding and token types, and one pre-norm causal tanh-GELU block.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import XCTest

final class ReferenceTests: XCTestCase {
    struct BertReference: Decodable {
        var input_ids: [[Int]]
        var token_type_ids: [[Int]]
        var attention_mask: [[Int]]
        var last_hidden_state: [Float]
        var layer0_output: [Float]
        var shape: [Int]
    }

    func reference() throws -> BertReference {
        try JSONDecoder().decode(BertReference.self, from: Data(contentsOf: Fixtures.url("tiny_bert_reference.json")))
    }

    func testConfigReadsHuggingFaceBertConfig() throws {
        let config = try TransformerConfig.bert(configJSON: Fixtures.url("tiny_bert_config.json"))
        XCTAssertEqual(config.vocabularySize, 99)
        XCTAssertEqual(config.hiddenSize, 32)
        XCTAssertEqual(config.layers, 2)
        XCTAssertEqual(config.heads, 4)
        XCTAssertEqual(config.intermediateSize, 37)
        XCTAssertEqual(config.maxPositions, 64)
        XCTAssertEqual(config.typeVocabularySize, 2)
        XCTAssertEqual(config.layerNormEpsilon, 1e-12)
        XCTAssertEqual(config.activation, .gelu)
        XCTAssertEqual(config.normPlacement, .post)
        XCTAssertFalse(config.causal)
    }

    func testConfigErrorsNameTheField() throws {
        let cases: [(String, String)] = [
            (#"{"vocab_size": 10}"#, "missing field 'hidden_size'"),
            (#"{"vocab_size": 10, "hidden_size": "32", "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 8, "max_position_embeddings": 8}"#,
             "field 'hidden_size' should be a number"),
            (#"{"vocab_size": 10, "hidden_size": 30, "num_hidden_layers": 1, "num_attention_heads": 4, "intermediate_size": 8, "max_position_embeddings": 8}"#,
             "not divisible by 4 heads"),
            (#"{"vocab_size": 10, "hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 4, "intermediate_size": 8, "max_position_embeddings": 8, "hidden_act": "swish"}"#,
             "hidden_act 'swish'"),
            ("[1, 2]", "not a JSON object"),
        ]
        for (json, message) in cases {
            XCTAssertThrowsError(try TransformerConfig.bert(json: Data(json.utf8), path: "config.json")) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error) should mention \(message)")
            }
        }
    }

    func testTinyBertMatchesHuggingFaceLastHiddenState() throws {
        let config = try TransformerConfig.bert(configJSON: Fixtures.url("tiny_bert_config.json"))
        let encoder = try TransformerEncoder(config: config, seed: 5)
        let ignored = try encoder.load(safetensors: Fixtures.url("tiny_bert.safetensors"))
        XCTAssertEqual(ignored, ["pooler.dense.bias", "pooler.dense.weight"])
        let r = try reference()
        let out = try Autograd.noGrad {
            try encoder(inputIDs: r.input_ids, tokenTypeIDs: r.token_type_ids, attentionMask: r.attention_mask)
        }
        XCTAssertEqual(out.shape, r.shape)
        assertClose(out.value.storage, r.last_hidden_state, rtol: 0, atol: 1e-4)
    }

    func testOneBertLayerMatchesHuggingFaceLayerZero() throws {
        var config = try TransformerConfig.bert(configJSON: Fixtures.url("tiny_bert_config.json"))
        config.layers = 1
        let encoder = try TransformerEncoder(config: config)
        let ignored = try encoder.load(safetensors: Fixtures.url("tiny_bert.safetensors"))
        XCTAssertTrue(ignored.contains("encoder.layer.1.output.dense.weight"))
        let r = try reference()
        let out = try Autograd.noGrad {
            try encoder(inputIDs: r.input_ids, tokenTypeIDs: r.token_type_ids, attentionMask: r.attention_mask)
        }
        assertClose(out.value.storage, r.layer0_output, rtol: 0, atol: 1e-4)
    }

    func testLoaderAcceptsBertPrefixAndNamesMissingOrMisshapenTensors() throws {
        let config = try TransformerConfig.bert(configJSON: Fixtures.url("tiny_bert_config.json"))
        let file = try Safetensors.read(Fixtures.url("tiny_bert.safetensors"))
        var prefixed: [String: Tensor] = [:]
        for name in file.names { prefixed["bert." + name] = try file.tensor(name) }
        let encoder = try TransformerEncoder(config: config)
        XCTAssertEqual(try encoder.load(tensors: prefixed), ["bert.pooler.dense.bias", "bert.pooler.dense.weight"])
        XCTAssertEqual(encoder.parameters.count, 5 + 16 * 2)

        var missing = prefixed
        missing["bert.encoder.layer.1.output.LayerNorm.bias"] = nil
        XCTAssertThrowsError(try TransformerEncoder(config: config).load(tensors: missing)) { error in
            XCTAssertTrue("\(error)".contains("encoder.layer.1.output.LayerNorm.bias"), "\(error)")
        }
        var misshapen = prefixed
        misshapen["bert.embeddings.word_embeddings.weight"] = Tensor.zeros([98, 32])
        let fresh = try TransformerEncoder(config: config, seed: 9)
        let before = fresh.wordEmbeddings.weight.value
        XCTAssertThrowsError(try fresh.load(tensors: misshapen)) { error in
            XCTAssertTrue("\(error)".contains("embeddings.word_embeddings.weight") && "\(error)".contains("[98, 32]"), "\(error)")
        }
        XCTAssertEqual(fresh.wordEmbeddings.weight.value, before, "a failed load changes nothing")
    }

    func testPreNormCausalBlockMatchesTorch() throws {
        struct BlockReference: Decodable {
            var hidden: Int, heads: Int, intermediate: Int
            var shape: [Int]
            var input: [Float], output: [Float]
        }
        let r = try JSONDecoder().decode(BlockReference.self, from: Data(contentsOf: Fixtures.url("prenorm_block_reference.json")))
        let config = TransformerConfig(vocabularySize: 1, hiddenSize: r.hidden, layers: 1, heads: r.heads,
                                       intermediateSize: r.intermediate, layerNormEpsilon: 1e-5, activation: .geluTanh,
                                       normPlacement: .pre, causal: true, dropout: 0)
        var rng = SplitMix64(seed: 1)
        let block = TransformerBlock(config: config, rng: &rng)
        let file = try Safetensors.read(Fixtures.url("prenorm_block.safetensors"))
        XCTAssertEqual(Set(block.namedParameters().map(\.name)), Set(file.names))
        for p in block.namedParameters() { p.value.value = try file.tensor(p.name) }
        let x = Variable(try Tensor(shape: r.shape, storage: r.input))
        let y = try Autograd.noGrad { try block(x) }
        assertClose(y.value.storage, r.output, rtol: 0, atol: 1e-5)
    }
}
