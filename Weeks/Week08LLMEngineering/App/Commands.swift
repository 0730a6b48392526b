// The commands that work on the user's input: tokenize, embed, gpt2-logits, generate, bpe.

import Foundation
import Shared
import Week08LLMEngineering

enum Commands {
    static func required(_ invocation: Invocation, _ name: String) throws -> String {
        try invocation.requiredString(name)
    }

    /// "1,2,3" → [1, 2, 3] (the parser has checked the numbers).
    static func ids(_ invocation: Invocation, _ name: String) throws -> [Int] {
        guard let ids = invocation.optionalInts(name) else { throw UsageError("--\(name) is required (see \(invocation.command) --help)") }
        return ids
    }

    static func folder(_ path: String) -> URL { URL(fileURLWithPath: path, isDirectory: true) }

    static func tokenizer(_ invocation: Invocation) throws -> WordPieceTokenizer {
        if let path = invocation.optionalString("model") { return try WordPieceTokenizer(modelFolder: folder(path)) }
        return try WordPieceTokenizer(modelFolder: try Dataset.minilm.locate())
    }

    static func tokenize(_ invocation: Invocation) throws {
        let tokenizer = try tokenizer(invocation)
        for text in invocation.positionals {
            let ids = tokenizer.encode(text)
            if invocation.flag("json") {
                print(JSONText.line([("text", .string(text)), ("input_ids", .array(ids.map { .int($0) }))]))
            } else {
                print("text:   \(JSONText.quote(text))")
                print("ids:    \(ids.map(String.init).joined(separator: " "))")
                print("tokens: \(tokenizer.tokenStrings(ids).joined(separator: " "))")
                print("")
            }
        }
    }

    static func embed(_ invocation: Invocation) throws {
        let batchSize = invocation.int("batch-size")
        let embedder = try invocation.optionalString("model").map { try SentenceEmbedder(folder: folder($0)) } ?? SentenceEmbedder.miniLM()
        let vectors = try embedder.embed(invocation.positionals, batchSize: batchSize)
        for (text, vector) in zip(invocation.positionals, vectors) {
            if invocation.flag("json") {
                print(JSONText.line([("text", .string(text)), ("embedding", .floats(vector))]))
            } else {
                let head = vector.prefix(6).map { String(format: "%+.4f", Double($0)) }.joined(separator: " ")
                print("\(JSONText.quote(text))")
                print("  \(vector.count) dims, ‖e‖ = \(String(format: "%.4f", Double(SentenceEmbedder.cosine(vector, vector).squareRoot()))), first: \(head) …")
            }
        }
        if !invocation.flag("json") && vectors.count > 1 {
            print("")
            print("cosine similarity:")
            var table = TextTable(["#"] + vectors.indices.map { "\($0 + 1)" })
            for (i, a) in vectors.enumerated() {
                table.add(["\(i + 1)"] + vectors.map { String(format: "%.3f", Double(SentenceEmbedder.cosine(a, $0))) })
            }
            print(table.render())
        }
    }

    static func loadGPT2(_ invocation: Invocation) throws -> GPT2Model {
        try GPT2Model.load(folder: folder(try required(invocation, "model")))
    }

    static func gpt2Logits(_ invocation: Invocation) throws {
        let ids = try ids(invocation, "ids")
        let model = try loadGPT2(invocation)
        let logits = try model.logits(for: ids)
        let v = model.config.transformer.vocabularySize
        if invocation.flag("json") {
            let rows = (0..<ids.count).map { t in JSONValue.floats(logits.storage[(t * v)..<((t + 1) * v)]) }
            print(JSONText.line([("logits", .array(rows))]))
            return
        }
        print("GPT-2: \(model.config.transformer.layers) layers, \(model.config.transformer.heads) heads, width \(model.config.transformer.hiddenSize), vocabulary \(v), \(model.parameterCount) parameters")
        var table = TextTable(["position", "id", "top-5 next ids (logit)"])
        for t in 0..<ids.count {
            let row = Array(logits.storage[(t * v)..<((t + 1) * v)])
            let top = row.indices.sorted { row[$0] > row[$1] }.prefix(5)
            table.add(["\(t)", "\(ids[t])", top.map { "\($0) (\(String(format: "%.2f", Double(row[$0]))))" }.joined(separator: "  ")])
        }
        print(table.render())
    }

    static func generate(_ invocation: Invocation) throws {
        let prompt = try ids(invocation, "prompt-ids")
        let count = invocation.int("max-new-tokens")
        let temperature = invocation.double("temperature")
        let seed = invocation.int("seed")
        let model = try loadGPT2(invocation)
        let useCache = !invocation.flag("no-cache")
        let (ids, timing) = try model.generate(prompt: prompt, maxNewTokens: count, temperature: temperature,
                                               seed: UInt64(seed), useCache: useCache)
        if invocation.flag("json") {
            print(JSONText.line([("prompt_ids", .array(prompt.map { .int($0) })), ("generated_ids", .array(ids.map { .int($0) })),
                                 ("temperature", .number(temperature)), ("seed", .int(seed)), ("kv_cache", .bool(useCache)),
                                 ("ms_per_token", .number(timing.millisecondsPerToken))]))
        } else {
            print("prompt:    \(prompt.map(String.init).joined(separator: " "))")
            print("generated: \(ids.map(String.init).joined(separator: " "))")
            print(String(format: "%@, %@ cache: prefill %.1f ms, %.2f ms/token",
                         temperature == 0 ? "greedy" : "temperature \(temperature) seed \(seed)", useCache ? "with" : "without",
                         1000 * timing.prefillSeconds, timing.millisecondsPerToken))
        }
    }

    static func bpe(_ invocation: Invocation) throws {
        let path = try required(invocation, "file")
        let vocabularySize = invocation.int("vocab-size")
        let url = URL(fileURLWithPath: path)
        let text = try FileIO.readText(url)
        let bar = ProgressBar("bpe merges", total: vocabularySize - 256)
        let seconds = Timing.now()
        let bpe = try BPETokenizer.train(text, vocabularySize: vocabularySize) { done, _ in bar.update(done) }
        bar.finish()
        let elapsed = Timing.now() - seconds
        let out = try invocation.optionalString("out").map { URL(fileURLWithPath: $0) }
            ?? Project.outputDirectory("Week08LLMEngineering").appendingPathComponent(url.lastPathComponent + ".bpe")
        try bpe.save(to: out)
        let encoded = bpe.encode(text)
        let ratio = Double(text.utf8.count) / Double(max(1, encoded.count))
        guard bpe.decode(encoded) == text else { throw BPEError.malformedMerges(path: out.path, line: 0, reason: "round trip failed") }
        if invocation.flag("json") {
            print(JSONText.line([("file", .string(path)), ("bytes", .int(text.utf8.count)), ("vocab_size", .int(bpe.vocabularySize)),
                                 ("tokens", .int(encoded.count)), ("bytes_per_token", .number(ratio)), ("seconds", .number(elapsed)),
                                 ("merges", .string(Project.display(out)))]))
            return
        }
        BPEReport.print(bpe, text: text, encoded: encoded, seconds: elapsed)
        print("merges saved to \(Project.display(out))")
    }
}

enum BPEReport {
    /// A token between quotes (display() has already escaped what needs it).
    static func quoted(_ s: String) -> String { "\"" + s + "\"" }

    static func print(_ bpe: BPETokenizer, text: String, encoded: [Int], seconds: Double, shown: Int = 12) {
        Swift.print("trained \(bpe.merges.count) merges on \(text.utf8.count) bytes in \(String(format: "%.2f", seconds)) s")
        var table = TextTable(["new id", "merge", "token"])
        for (i, pair) in bpe.merges.prefix(shown).enumerated() {
            table.add(["\(256 + i)", "\(quoted(bpe.display(pair.left))) + \(quoted(bpe.display(pair.right)))",
                       quoted(bpe.display(256 + i))])
        }
        Swift.print(table.render())
        let longest = (256..<bpe.vocabularySize).sorted { bpe.vocabulary[$0].count > bpe.vocabulary[$1].count }.prefix(8)
        Swift.print("longest tokens: " + longest.map { quoted(bpe.display($0)) }.joined(separator: " "))
        Swift.print(String(format: "%d bytes → %d tokens: %.2f bytes per token; decode(encode(text)) == text",
                           text.utf8.count, encoded.count, Double(text.utf8.count) / Double(max(1, encoded.count))))
    }
}
