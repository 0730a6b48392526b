// bench: training time and encode speed of week 8's byte-level BPE beside Hugging Face `tokenizers`
// (ByteLevelBPETokenizer, add_prefix_space=False) on the same text, in one run: HF runs in a child
// Python (Shared's PythonReference) once per thread count (RAYON_NUM_THREADS set before import).
// Encode: the text as one string per thread (ours: Parallel.items over halves cut at a newline;
// HF: encode_batch over the same parts). tiktoken and sentencepiece are not in the reference
// environment; their columns say so.

import Foundation
import Shared
import Week08LLMEngineering
import Week18Tokenizers

enum Bench {
    static let script = """
    import os, sys, time, json
    os.environ["RAYON_NUM_THREADS"] = sys.argv[3]
    from tokenizers import ByteLevelBPETokenizer
    text = open(sys.argv[1], encoding="utf-8").read()
    parts = json.load(open(sys.argv[4]))
    t = ByteLevelBPETokenizer(add_prefix_space=False)
    start = time.perf_counter()
    t.train_from_iterator([text], vocab_size=int(sys.argv[2]), min_frequency=2, show_progress=False)
    train = time.perf_counter() - start
    t.encode_batch(parts[:1])
    best = 1e9
    for _ in range(3):
        start = time.perf_counter(); t.encode_batch(parts); best = min(best, time.perf_counter() - start)
    print(json.dumps({"train": train, "encode": best}))
    """

    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let vocab = invocation.int("vocab-size")
        let text = try PythonDocs.rawText(bytes: invocation.int("bytes"))
        let megabytes = Double(text.utf8.count) / 1e6
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("week18-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let textURL = folder.appendingPathComponent("train.txt")
        try AtomicFile.write(text, to: textURL)

        let bar = json ? nil : ProgressBar("our BPE merges", total: vocab - 256)
        var clock = ContinuousClock.now
        let bpe = try IncrementalBPE.train(text, vocabularySize: vocab) { done, _ in bar?.update(done) }
        let ourTrain = seconds(since: clock)

        var rows: [(threads: Int, ours: Double, hf: Double?)] = []
        var hfTrain: Double?
        for threads in [1, 2] {
            let parts = split(text, into: threads)
            let partsURL = folder.appendingPathComponent("parts\(threads).json")
            try AtomicFile.write(JSONValue.array(parts.map { .string($0) }).text, to: partsURL)
            var best = Double.infinity
            for _ in 0..<3 {
                clock = ContinuousClock.now
                try Parallel.items(parts.count) { i in _ = bpe.encode(parts[i]) }
                best = min(best, seconds(since: clock))
            }
            let reference = PythonReference.run(script, arguments: [textURL.path, "\(vocab)", "\(threads)", partsURL.path])
                .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Double] }
            if threads == 1 { hfTrain = reference?["train"] }
            rows.append((threads, megabytes / best, reference?["encode"].map { megabytes / $0 }))
        }
        if json {
            print(JSONText.line([("megabytes", .number(megabytes)), ("vocab_size", .int(vocab)), ("train_seconds", .number(ourTrain)),
                                 ("hf_train_seconds", hfTrain.map { .number($0) } ?? .null),
                                 ("encode_mb_per_s", .array(rows.map { .number($0.ours) })),
                                 ("hf_encode_mb_per_s", .array(rows.map { $0.hf.map { .number($0) } ?? .null }))]))
            return
        }
        print("\n\(String(format: "%.2f", megabytes)) MB of library docs, vocab \(vocab) (HF: tokenizers \(hfTrain == nil ? "absent" : "in \(PythonReference.interpreter)"); tiktoken, sentencepiece: not installed)")
        var table = TextTable(["", "ours", "HF tokenizers", "ours / HF"])
        table.add(["train (s, HF 1 thread)", String(format: "%.2f", ourTrain), hfTrain.map { String(format: "%.2f", $0) } ?? "absent",
                   hfTrain.map { String(format: "%.1f× its time", ourTrain / $0) } ?? "-"])
        for row in rows {
            table.add(["encode MB/s, \(row.threads) thread\(row.threads > 1 ? "s" : "")", String(format: "%.2f", row.ours),
                       row.hf.map { String(format: "%.2f", $0) } ?? "absent", row.hf.map { String(format: "%.2f× its MB/s", row.ours / $0) } ?? "-"])
        }
        print(table.render())
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// `text` in `count` parts of about equal size, cut after a newline.
    static func split(_ text: String, into count: Int) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let target = text.utf8.count / count + 1
        var parts: [String] = []
        var current = ""
        for (k, line) in lines.enumerated() {
            current += line
            if k < lines.count - 1 { current += "\n" }
            if current.utf8.count >= target && parts.count < count - 1 { parts.append(current); current = "" }
        }
        return parts + [current]
    }
}
