// Saving a BERT-layout encoder as a Hugging Face folder that `transformers` opens with
// `BertModel.from_pretrained(folder)`:
//
//   folder/config.json         BertConfig: sizes, hidden_act, layer_norm_eps, dropout, model_type "bert"
//   folder/model.safetensors   every parameter under its module-tree name, which for this layout is
//                              BertModel's state_dict key (embeddings.word_embeddings.weight,
//                              encoder.layer.0.attention.self.query.weight, …), Float32, [out, in]
//
// Both files are written atomically (temporary file, then rename), so an interrupted export never
// leaves a half-written folder over an old one. Only what BertModel can express is exported:
// post-norm, learned positions, not causal, at least one token type, an activation BERT names.
// GPT-2's layout (Conv1D [in, out] weights, fused c_attn) is week 8's GPT2Model.saveHuggingFace.

import Foundation
import Shared

extension TransformerEncoder {
    /// Writes config.json and model.safetensors into `folder` (created if missing).
    public func saveHuggingFace(folder: URL) throws {
        let c = config
        func refuse(_ reason: String) -> TransformerError { .invalidConfig("a Hugging Face BertModel export needs \(reason)") }
        guard c.normPlacement == .post else { throw refuse("post-norm blocks (this encoder is pre-norm)") }
        guard c.positions == .learned else { throw refuse("learned positions (this encoder uses \(c.positions))") }
        guard !c.causal else { throw refuse("a non-causal encoder") }
        guard c.typeVocabularySize >= 1 else { throw refuse("type_vocab_size ≥ 1 (this encoder has no token-type embeddings)") }
        let act: String
        switch c.activation {
        case .gelu: act = "gelu"
        case .geluTanh: act = "gelu_pytorch_tanh"
        case .relu: act = "relu"
        }
        let json = JSONValue.object([
            ("architectures", .array([.string("BertModel")])), ("model_type", .string("bert")),
            ("vocab_size", .int(c.vocabularySize)), ("hidden_size", .int(c.hiddenSize)),
            ("num_hidden_layers", .int(c.layers)), ("num_attention_heads", .int(c.heads)),
            ("intermediate_size", .int(c.intermediateSize)), ("max_position_embeddings", .int(c.maxPositions)),
            ("type_vocab_size", .int(c.typeVocabularySize)), ("layer_norm_eps", .float(c.layerNormEpsilon)),
            ("hidden_act", .string(act)), ("hidden_dropout_prob", .float(c.dropout)),
            ("attention_probs_dropout_prob", .float(c.dropout)), ("position_embedding_type", .string("absolute")),
        ])
        let tensors = try CheckpointLayout.bert.save(namedParameters(), layers: layers.count)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Safetensors.write(tensors, metadata: ["format": "pt"], to: folder.appendingPathComponent("model.safetensors"))
        try AtomicFile.write(json.text + "\n", to: folder.appendingPathComponent("config.json"))
    }
}
