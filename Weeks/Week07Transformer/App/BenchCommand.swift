// `bench`: the two numbers that matter for a transformer on a CPU, ours and torch's side by side.
//   1. seconds per masked-LM training step of the default model (vocab 8000, hidden 128, 2 layers,
//      4 heads, FFN 512, batch 32 × 64 tokens, 15% masked): forward, backward, clip, Adam.
//   2. encoder inference tokens/s for all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads; the real
//      weights from Datasets/minilm when present, random ones otherwise) at batch 32 × 25 tokens.
// torch runs in a child process (Shared.PythonReference) with torch.set_num_threads(2).

import Foundation
import Shared
import Week04MNIST
import Week07Transformer

enum BenchCommand {
    static let (vocabulary, hidden, layers, heads, length, batch) = (8000, 128, 2, 4, 64, 32)
    static let (inferenceBatch, inferenceLength) = (32, 25)

    static func run(_ invocation: Invocation) throws {
        let steps = invocation.int("steps")
        let repeats = invocation.int("repeats")
        let json = invocation.flag("json")

        // 1. Training step.
        let config = TransformerConfig(vocabularySize: vocabulary, hiddenSize: hidden, layers: layers, heads: heads,
                                       intermediateSize: 4 * hidden, maxPositions: length, typeVocabularySize: 0, dropout: 0.1)
        let model = try MaskedLanguageModel(config: config, seed: 1)
        var rng = SplitMix64(seed: 2)
        let windows = (0..<(batch * 4)).map { _ in
            [WordVocabulary.cls] + (0..<(length - 2)).map { _ in 5 + rng.nextInt(below: vocabulary - 5) } + [WordVocabulary.sep]
        }
        var times: [Double] = []
        _ = try MLMTrainer.train(model, windows: windows, options: PretrainingOptions(steps: steps + 1, batchSize: batch, seed: 3)) {
            if $0.step > 1 { times.append($0.seconds) }
        }
        let ourStep = times.sorted()[times.count / 2]

        // 2. Inference.
        let minilm = Dataset.minilm.isPresent ? Dataset.minilm.directory : nil
        let encoder: TransformerEncoder
        if let minilm {
            encoder = try TransformerEncoder(config: TransformerConfig.bert(configJSON: minilm.appendingPathComponent("config.json")))
            try encoder.load(safetensors: minilm.appendingPathComponent("model.safetensors"))
        } else {
            encoder = try TransformerEncoder(config: TransformerConfig(vocabularySize: 30522, hiddenSize: 384, layers: 6, heads: 12,
                                                                       intermediateSize: 1536, maxPositions: 512))
        }
        let ids = (0..<inferenceBatch).map { _ in [101] + (0..<(inferenceLength - 2)).map { _ in 1000 + rng.nextInt(below: 20000) } + [102] }
        let ones = ids.map { $0.map { _ in 1 } }
        let seconds = try Timing.median(repeats: repeats) {
            _ = try Autograd.noGrad { try encoder(inputIDs: ids, attentionMask: ones) }
        }
        let ourTokens = Double(inferenceBatch * inferenceLength) / seconds

        let arguments = [vocabulary, hidden, layers, heads, length, batch, steps, inferenceBatch, inferenceLength, repeats].map(String.init)
            + [minilm?.path ?? ""]
        let torch = PythonReference.run(TorchBench.script, arguments: arguments).flatMap { text -> (Double, Double)? in
            let parts = text.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        if json {
            print(JSONText.line([("command", .string("bench")), ("seconds_per_mlm_step", .number(ourStep)),
                                 ("torch_seconds_per_mlm_step", torch.map { .number($0.0) } ?? .null),
                                 ("inference_tokens_per_second", .number(ourTokens)),
                                 ("torch_inference_tokens_per_second", torch.map { .number($0.1) } ?? .null),
                                 ("mlm_step_ours_over_torch", torch.map { .number(ourStep / $0.0) } ?? .null),
                                 ("inference_ours_over_torch", torch.map { .number(ourTokens / $0.1) } ?? .null),
                                 ("minilm_weights", .bool(minilm != nil)), ("blas", .string(BLASInfo.summary))]))
            return
        }
        print("BLAS: \(BLASInfo.summary)")
        print("1. masked-LM training step: vocab \(vocabulary), hidden \(hidden), \(layers) layers, \(heads) heads, batch \(batch) × \(length) (median of \(steps))")
        var table = TextTable(["engine", "ms per step", "torch / ours"])
        table.add(["Week07 (Week04 tape)", String(format: "%.1f", 1000 * ourStep), "1.00"])
        if let torch {
            table.add(["torch (same model, 2 threads)", String(format: "%.1f", 1000 * torch.0), String(format: "%.2f", torch.0 / ourStep)])
        } else {
            table.add(["torch", "unavailable (no python with torch + transformers; see Scripts/reference_env.sh)", ""])
        }
        print(table.render())
        print("2. encoder inference: all-MiniLM-L6-v2 (\(minilm != nil ? "real weights" : "random weights, Datasets/minilm absent")), batch \(inferenceBatch) × \(inferenceLength) tokens (median of \(repeats))")
        var inference = TextTable(["engine", "tokens/s", "sentences/s", "ours / torch"])
        inference.add(["Week07 (noGrad forward)", String(format: "%.0f", ourTokens),
                       String(format: "%.0f", ourTokens / Double(inferenceLength)), torch.map { String(format: "%.2f", ourTokens / $0.1) } ?? ""])
        if let torch {
            inference.add(["torch BertModel (2 threads)", String(format: "%.0f", torch.1), String(format: "%.0f", torch.1 / Double(inferenceLength)), "1.00"])
        }
        print(inference.render())
    }
}

enum TorchBench {
    static let script = #"""
import statistics, sys, time
import torch
from transformers import BertConfig, BertModel
torch.set_num_threads(2)
V, H, L, A, T, B, steps, IB, IT, repeats = map(int, sys.argv[1:11])
minilm = sys.argv[11]
torch.manual_seed(0)
config = BertConfig(vocab_size=V, hidden_size=H, num_hidden_layers=L, num_attention_heads=A, intermediate_size=4 * H,
                    max_position_embeddings=T, type_vocab_size=1, attn_implementation="sdpa")
bert = BertModel(config, add_pooling_layer=False)
dense, norm = torch.nn.Linear(H, H), torch.nn.LayerNorm(H, eps=1e-12)
bias = torch.nn.Parameter(torch.zeros(V))
params = list(bert.parameters()) + list(dense.parameters()) + list(norm.parameters()) + [bias]
opt = torch.optim.Adam(params, lr=1e-3)
bert.train()
times = []
for step in range(steps + 1):
    ids = torch.randint(5, V, (B, T))
    chosen = torch.rand(B, T) < 0.15
    labels = ids[chosen]
    start = time.perf_counter()
    opt.zero_grad()
    h = bert(input_ids=ids, attention_mask=torch.ones(B, T, dtype=torch.long)).last_hidden_state[chosen]
    logits = norm(torch.nn.functional.gelu(dense(h))) @ bert.embeddings.word_embeddings.weight.T + bias
    loss = torch.nn.functional.cross_entropy(logits, labels)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    if step > 0:
        times.append(time.perf_counter() - start)
train = statistics.median(times)
if minilm:
    encoder = BertModel.from_pretrained(minilm, attn_implementation="sdpa")
else:
    encoder = BertModel(BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                                   intermediate_size=1536), add_pooling_layer=False)
encoder.eval()
ids = torch.randint(1000, 21000, (IB, IT))
mask = torch.ones(IB, IT, dtype=torch.long)
with torch.inference_mode():
    encoder(input_ids=ids, attention_mask=mask)
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        encoder(input_ids=ids, attention_mask=mask)
        runs.append(time.perf_counter() - start)
print(train, IB * IT / statistics.median(runs))
"""#
}
