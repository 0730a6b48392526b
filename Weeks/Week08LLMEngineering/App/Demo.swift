// The default run: the week's tour on the Python docs.

import Foundation
import Shared
import Week07Transformer
import Week08LLMEngineering

enum Demo {
    static let pages = ["json", "csv", "sqlite3", "threading", "asyncio", "re", "random", "datetime"]
    static let queries = ["how do I parse a date from a string",
                          "run several tasks at the same time",
                          "store rows in a database table",
                          "compress a file"]

    static func section(_ title: String) {
        print("")
        print("== \(title) ==")
    }

    static func run(seed: UInt64) throws {
        print("Week08LLMEngineering — seed \(seed) (random attention weights of the timing tables)")
        print("BLAS: \(BLASInfo.summary)")
        let embedder = try SentenceEmbedder.miniLM()
        let tokenizer = embedder.tokenizer

        section("WordPiece: all-MiniLM-L6-v2's tokenizer (vocab.txt, \(tokenizer.vocabularySize) tokens, max \(tokenizer.maxLength))")
        let sentences = try pages.map { try PythonDocs.firstSentence(ofPage: $0) }
        for text in sentences.prefix(3) + ["Naïve café — 東京 🐍\tdone!"] {
            let ids = tokenizer.encode(text)
            print(JSONText.quote(text))
            print("  \(ids.count) ids: \(ids.prefix(16).map(String.init).joined(separator: " "))\(ids.count > 16 ? " …" : "")")
            print("  tokens: \(tokenizer.tokenStrings(Array(ids.prefix(16))).joined(separator: " "))\(ids.count > 16 ? " …" : "")")
        }

        section("Sentence embeddings: first sentence of 8 library pages, cosine similarity")
        let vectors = try embedder.embed(sentences)
        for (page, text) in zip(pages, sentences) { print("  \(page.padding(toLength: 9, withPad: " ", startingAt: 0)) \(text.prefix(90))") }
        var table = TextTable([""] + pages)
        for (i, a) in vectors.enumerated() {
            table.add([pages[i]] + vectors.map { String(format: "%.2f", Double(SentenceEmbedder.cosine(a, $0))) })
        }
        print(table.render())

        section("Semantic search over Python-docs sentences")
        let corpus = try PythonDocs.librarySentences(perPage: 4, limit: 800)
        let bar = ProgressBar("embedding \(corpus.count) sentences", total: corpus.count)
        let start = Timing.now()
        let corpusVectors = try embedder.embed(corpus) { bar.update($0) }
        bar.finish()
        print(String(format: "embedded %d sentences in %.1f s (%.0f sentences/s)", corpus.count, Timing.now() - start,
                     Double(corpus.count) / (Timing.now() - start)))
        for (query, q) in zip(queries, try embedder.embed(queries)) {
            print("query: \(JSONText.quote(query))")
            let scores = corpusVectors.map { SentenceEmbedder.cosine(q, $0) }
            for i in scores.indices.sorted(by: { scores[$0] > scores[$1] }).prefix(3) {
                print(String(format: "  %.3f  %@", Double(scores[i]), String(corpus[i].prefix(110))))
            }
        }

        section("Byte-level BPE trained on the Python docs")
        let text = try PythonDocs.rawText(bytes: 300_000)
        let bpeBar = ProgressBar("bpe merges", total: 512 - 256)
        let bpeStart = Timing.now()
        let bpe = try BPETokenizer.train(text, vocabularySize: 512) { done, _ in bpeBar.update(done) }
        bpeBar.finish()
        BPEReport.print(bpe, text: text, encoded: bpe.encode(text), seconds: Timing.now() - bpeStart)
        let out = try Project.outputDirectory("Week08LLMEngineering").appendingPathComponent("python-docs.bpe")
        try bpe.save(to: out)
        let sample = "def read_config(path): return json.load(open(path))"
        print("\(JSONText.quote(sample)) → \(bpe.encode(sample).map { BPEReport.quoted(bpe.display($0)) }.joined(separator: " "))")
        print("merges saved to \(Project.display(out))")

        section("RoPE: ⟨R(m)q, R(n)k⟩ depends only on m − n")
        let rope = RotaryEmbedding(headDimension: 64)
        var rng = SplitMix64(seed: seed)
        let q = (0..<64).map { _ in Float(rng.nextGaussian()) }, k = (0..<64).map { _ in Float(rng.nextGaussian()) }
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        var ropeTable = TextTable(["m", "n", "m − n", "⟨R(m)q, R(n)k⟩"])
        for (m, n) in [(3, 0), (10, 7), (503, 500), (0, 0), (100, 100), (0, 5), (95, 100)] {
            ropeTable.add(["\(m)", "\(n)", "\(m - n)", String(format: "%.5f", dot(rope.rotated(q, position: m), rope.rotated(k, position: n)))])
        }
        print(ropeTable.render())

        section("KV cache: greedy decoding with and without it (GPT-2 geometry, random weights, timing only)")
        let config = GPT2Config(transformer: .gpt2(vocabularySize: 50257, maxPositions: 1024, hiddenSize: 384, layers: 6, heads: 6))
        let model = try DecodingBenchmark.randomGPT2(config, seed: seed)
        let comparison = try DecodingBenchmark.cacheVersusRecompute(model, prompt: Array(0..<16), newTokens: 48)
        var cacheTable = TextTable(["decoding", "ms/token", "tokens"])
        cacheTable.add(["KV cache", String(format: "%.2f", comparison.cached.millisecondsPerToken), "48"])
        cacheTable.add(["recompute", String(format: "%.2f", comparison.recomputed.millisecondsPerToken), "48"])
        print(cacheTable.render())
        print(String(format: "n_embd 384, 6 layers, 6 heads, 16-token prompt: the cache is %.1f× faster; same tokens: %@",
                     comparison.speedup, comparison.sameTokens ? "yes" : "NO"))

        section("MQA / GQA: KV-cache size and decoding time by number of KV heads")
        try Bench.printGQATable(try DecodingBenchmark.groupedQueryTable(context: 4096, tokens: 32, seed: seed), context: 4096)
    }
}
