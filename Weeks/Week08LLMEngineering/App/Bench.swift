// `bench`: our figures and the reference tool's side by side, in one run.
//   1. sentence embeddings/s, ours vs sentence-transformers (same sentences, batch 32, 2 threads),
//      in --pairs paired runs (ours, then the reference, back to back) so that the machine's load
//      hits both alike; the median of the per-pair ratios is the figure. Also how closely the two
//      agree (cosine)
//   2. KV cache vs recompute (ms/token)
//   3. the MQA/GQA table at a 4096-token context

import Foundation
import Shared
import Week07Transformer
import Week08LLMEngineering

enum Bench {
    static func run(_ invocation: Invocation) throws {
        let count = invocation.int("sentences")
        let json = invocation.flag("json")
        func say(_ line: String) { if !json { print(line) } }
        say("BLAS: \(BLASInfo.summary)")
        say("reference Python: \(PythonReference.interpreter)")

        // 1. Embedding throughput
        try embeddingThroughput(count: count, pairs: invocation.int("pairs"), json: json)

        // 2. KV cache vs recompute
        let model: GPT2Model
        var label = "random weights, GPT-2 geometry n_embd 512, 8 layers, 8 heads, vocabulary 50257"
        if let path = invocation.optionalString("model") {
            model = try GPT2Model.load(folder: URL(fileURLWithPath: path, isDirectory: true))
            label = "\(path): n_embd \(model.config.transformer.hiddenSize), \(model.config.transformer.layers) layers"
        } else {
            model = try DecodingBenchmark.randomGPT2(GPT2Config(transformer: .gpt2(vocabularySize: 50257, maxPositions: 1024, hiddenSize: 512, layers: 8, heads: 8)))
        }
        let comparison = try DecodingBenchmark.cacheVersusRecompute(model, prompt: Array(0..<32), newTokens: 64)
        if json {
            print(JSONText.line([("bench", .string("kv_cache")), ("model", .string(label)), ("prompt_tokens", .int(32)), ("new_tokens", .int(64)),
                                 ("cached_ms_per_token", .number(comparison.cached.millisecondsPerToken)),
                                 ("recompute_ms_per_token", .number(comparison.recomputed.millisecondsPerToken)),
                                 ("same_tokens", .bool(comparison.sameTokens))]))
        } else {
            print("")
            print("== KV cache vs recompute: greedy, 32-token prompt, 64 new tokens (\(label)) ==")
            var table = TextTable(["decoding", "ms/token"])
            table.add(["KV cache", String(format: "%.2f", comparison.cached.millisecondsPerToken)])
            table.add(["recompute", String(format: "%.2f", comparison.recomputed.millisecondsPerToken)])
            print(table.render())
            print(String(format: "speed-up %.1f×, same tokens: %@", comparison.speedup, comparison.sameTokens ? "yes" : "NO"))
        }

        // 3. MQA / GQA
        let rows = try DecodingBenchmark.groupedQueryTable(context: 4096, tokens: 48)
        if json {
            for row in rows {
                print(JSONText.line([("bench", .string("gqa")), ("kv_heads", .int(row.kvHeads)), ("context", .int(4096)),
                                     ("kv_cache_bytes", .int(row.cacheBytes)), ("ms_per_token", .number(row.millisecondsPerToken))]))
            }
        } else {
            print("")
            print("== MQA / GQA at a 4096-token context ==")
            try printGQATable(rows, context: 4096)
        }
    }

    /// Paired runs of ours and sentence-transformers on the same sentences; prints the table.
    static func embeddingThroughput(count: Int, pairs: Int, json: Bool) throws {
        let sentences = try PythonDocs.librarySentences(perPage: 50, limit: count, words: 18...22)
        guard sentences.count == count else { throw UsageError("only \(sentences.count) sentences of ~20 words in the docs; use --sentences \(sentences.count)") }
        let embedder = try SentenceEmbedder.miniLM()
        _ = try embedder.embed(Array(sentences.prefix(32)))  // warm-up
        let tokens = sentences.map { embedder.tokenizer.encode($0).count }
        let meanTokens = Double(tokens.reduce(0, +)) / Double(count)
        var oursRates: [Double] = [], referenceRates: [Double] = []
        var minimumCosine = 1.0
        var referenceMissing = false
        for _ in 0..<pairs {
            var ours: [[Float]] = []
            let seconds = try Timing.seconds { ours = try embedder.embed(sentences, batchSize: 32) }
            oursRates.append(Double(count) / seconds)
            guard !referenceMissing, let reference = try referenceEmbeddings(sentences, folder: embedder.folder) else {
                referenceMissing = true
                continue
            }
            referenceRates.append(reference.rate)
            for (a, b) in zip(ours, reference.vectors) { minimumCosine = min(minimumCosine, Double(SentenceEmbedder.cosine(a, b))) }
        }
        let ratios = zip(oursRates, referenceRates).map { $0 / $1 }
        let oursRate = median(oursRates)
        let referenceRate = referenceRates.isEmpty ? nil : median(referenceRates)
        let ratio = ratios.isEmpty ? nil : median(ratios)
        if json {
            print(JSONText.line([("bench", .string("embedding")), ("blas", .string(BLASInfo.summary)), ("sentences", .int(count)), ("mean_tokens", .number(meanTokens)),
                                 ("pairs", .int(ratios.isEmpty ? oursRates.count : ratios.count)),
                                 ("ours_sentences_per_s", .number(oursRate)),
                                 ("reference_sentences_per_s", referenceRate.map { .number($0) } ?? .null),
                                 ("ratio_median", ratio.map { .number($0) } ?? .null),
                                 ("ratio_min", ratios.min().map { .number($0) } ?? .null),
                                 ("ratio_max", ratios.max().map { .number($0) } ?? .null),
                                 ("min_cosine", referenceRate == nil ? .null : .number(minimumCosine))]))
            return
        }
        print("")
        print("== sentence embeddings: \(count) docs sentences of 18–22 words (mean \(String(format: "%.1f", meanTokens)) tokens), batch 32, median of \(oursRates.count) paired runs ==")
        var table = TextTable(["implementation", "sentences/s", "relative to ours"])
        table.add(["ours (week 7 TransformerEncoder)", String(format: "%.1f", oursRate), "1.00"])
        if let referenceRate {
            table.add(["sentence-transformers (torch, 2 threads)", String(format: "%.1f", referenceRate), String(format: "%.2f", referenceRate / oursRate)])
        }
        print(table.render())
        if let ratio {
            print(String(format: "ours / sentence-transformers = %.2f× (median of %d pairs; range %.2f–%.2f×); min cosine between the two over %d sentences = %.8f",
                         ratio, ratios.count, ratios.min()!, ratios.max()!, count, minimumCosine))
        } else {
            print("sentence-transformers is not available (set REFERENCE_PYTHON, or run ./Scripts/reference_env.sh)")
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func printGQATable(_ rows: [KVHeadsRow], context: Int) throws {
        var table = TextTable(["kind", "KV heads", "KV cache (MiB)", "attention params", "ms/token"])
        for row in rows {
            let kind = row.kvHeads == 8 ? "MHA" : row.kvHeads == 1 ? "MQA" : "GQA"
            table.add([kind, "\(row.kvHeads)", String(format: "%.1f", Double(row.cacheBytes) / 1_048_576),
                       "\(row.attentionParameters)", String(format: "%.2f", row.millisecondsPerToken)])
        }
        print(table.render())
        print("8 attention layers, width 512, 8 query heads of 64, cache filled to \(context) positions; ms/token = the median decoding step through all layers")
    }

    /// sentence-transformers on the same sentences, in a child process: (sentences/s, embeddings).
    static func referenceEmbeddings(_ sentences: [String], folder: URL) throws -> (rate: Double, vectors: [[Float]])? {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("week08-bench-\(UUID().uuidString).json")
        try Data(JSONValue.array(sentences.map { .string($0) }).text.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let script = """
        import json, sys, time, os
        os.environ["HF_HUB_OFFLINE"] = "1"
        import torch
        torch.set_num_threads(2)
        from sentence_transformers import SentenceTransformer
        sentences = json.load(open(sys.argv[1]))
        model = SentenceTransformer(sys.argv[2], device="cpu")
        model.encode(sentences[:32], batch_size=32)
        start = time.perf_counter()
        vectors = model.encode(sentences, batch_size=32, convert_to_numpy=True)
        seconds = time.perf_counter() - start
        print(json.dumps({"rate": len(sentences) / seconds, "vectors": vectors.tolist()}))
        """
        guard let output = PythonReference.run(script, arguments: [input.path, folder.path]),
              let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let rate = object["rate"] as? Double, let vectors = object["vectors"] as? [[Double]] else { return nil }
        return (rate, vectors.map { $0.map(Float.init) })
    }
}
