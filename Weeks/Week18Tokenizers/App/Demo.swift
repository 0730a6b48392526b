// The default run: BPE (one training to the largest size; a smaller BPE is a prefix of its merges)
// and one Unigram per size, trained on library/*.rst.txt, measured on tutorial/*.rst.txt.

import Foundation
import Shared
import Week08LLMEngineering
import Week18Tokenizers

enum Demo {
    static let sample = "The json module's loads() doesn't raise ValueError for 1e400."
    static let unseen = "Zürich → 東京 🙂"

    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let sizes = invocation.ints("vocab-sizes").sorted()
        let train = try PythonDocs.rawText(bytes: invocation.int("bytes"))
        let heldOut = try PythonDocs.files("tutorial").map { try FileIO.readText($0) }.joined()
        if !json { print("training on \(train.utf8.count) bytes of library docs; held-out: \(heldOut.utf8.count) bytes of tutorial docs; seed \(invocation.int("seed"))") }

        let bpeBar = json ? nil : ProgressBar("BPE merges", total: sizes.last! - 256)
        let bpe = try IncrementalBPE.train(train, vocabularySize: sizes.last!) { done, _ in bpeBar?.update(done) }
        var rows: [(size: Int, bpe: Double, unigram: Double, unigramModel: UnigramModel)] = []
        for size in sizes {
            let prefix = try BPETokenizer(merges: Array(bpe.merges.prefix(size - 256)))
            var bar: ProgressBar?
            let unigram = try UnigramModel.train(train, options: UnigramTrainingOptions(vocabularySize: size)) { done, total in
                if !json && bar == nil { bar = ProgressBar("Unigram \(size) pruning rounds", total: total) }
                bar?.update(done)
            }
            rows.append((size, bytesPerToken(heldOut, tokens: prefix.encode(heldOut).count),
                         bytesPerToken(heldOut, tokens: unigram.encode(heldOut).count), unigram))
        }
        let unigram = rows.last!.unigramModel
        let trees = try writeMergeTrees(bpe)
        let plot = try writePlot(rows.map { ($0.size, $0.bpe, $0.unigram) })
        if json {
            print(JSONText.line([
                ("train_bytes", .int(train.utf8.count)), ("held_out_bytes", .int(heldOut.utf8.count)),
                ("vocab_sizes", .array(rows.map { .int($0.size) })),
                ("bpe_bytes_per_token", .array(rows.map { .number($0.bpe) })),
                ("unigram_bytes_per_token", .array(rows.map { .number($0.unigram) })),
            ]))
            return
        }
        var table = TextTable(["vocab", "BPE bytes/token", "Unigram bytes/token"])
        table.add(["256 (bytes)", "1.000", "1.000"])
        for row in rows { table.add(["\(row.size)", String(format: "%.3f", row.bpe), String(format: "%.3f", row.unigram)]) }
        print("\ncompression on held-out tutorial docs:\n" + table.render())

        print("\nsegmentations of \(JSONText.quote(sample)) (vocab \(sizes.last!)):")
        print("  BPE            " + show(bpe.encode(sample).map { bpe.display($0) }))
        print("  Unigram        " + show(unigram.encode(sample).map { display(unigram, $0) }))
        var rng = SplitMix64(seed: UInt64(invocation.int("seed")))
        for k in 1...3 {
            print("  Unigram θ=0.5 #\(k) " + show(unigram.sampleEncoding(sample, sharpness: 0.5, using: &rng).map { display(unigram, $0) }))
        }
        print("\nunseen characters (OOV): \(JSONText.quote(unseen)) falls back to bytes")
        print("  BPE     " + show(bpe.encode(unseen).map { bpe.display($0) }))
        print("  Unigram " + show(unigram.encode(unseen).map { display(unigram, $0) }))
        if let wordPiece = try? WordPieceTokenizer(modelFolder: try Dataset.minilm.locate()) {
            // week 8's WordPiece (MiniLM's vocab.txt) has no bytes to fall back to: a word it cannot spell is [UNK]
            print("  WordPiece (MiniLM) " + show(wordPiece.tokenStrings(wordPiece.encode(unseen))))
        }
        let special = SpecialTokenizer(base: bpe, specials: ["<|endoftext|>"])
        let withSpecial = "end.<|endoftext|>Next"
        print("\nspecial token: \(JSONText.quote(withSpecial)) → \(special.encode(withSpecial)) (as text: \(special.encodeOrdinary(withSpecial).count) ids)")
        let longest = (256..<bpe.vocabularySize).max { bpe.vocabulary[$0].count < bpe.vocabulary[$1].count }!
        print("\nmerge tree of the longest token (all in \(trees.path)):\n" + bpe.mergeTree(longest, depth: 3))
        print("\nplot: \(plot.path)")
    }

    static func show(_ tokens: [String]) -> String { tokens.map { "[\($0)]" }.joined() }

    static func display(_ model: UnigramModel, _ id: Int) -> String {
        let bytes = model.pieces[id]
        if let text = String(bytes: bytes, encoding: .utf8), !text.contains(where: { $0.isNewline }) { return text }
        return bytes.map { String(format: "\\x%02x", $0) }.joined()
    }

    /// The merge trees of the 30 longest tokens, to Output/Week18Tokenizers/merge-trees.txt.
    static func writeMergeTrees(_ bpe: BPETokenizer) throws -> URL {
        let lengths = bpe.vocabulary.map(\.count)
        let ids = (256..<bpe.vocabularySize).sorted { (a: Int, b: Int) -> Bool in
            lengths[a] != lengths[b] ? lengths[a] > lengths[b] : a < b
        }
        let text = ids.prefix(30).map { bpe.mergeTree($0) }.joined(separator: "\n\n") + "\n"
        let url = URL(fileURLWithPath: "Output/Week18Tokenizers/merge-trees.txt")
        try AtomicFile.write(text, to: url)
        return url
    }

    static func writePlot(_ rows: [(Int, Double, Double)]) throws -> URL {
        let x = [256.0] + rows.map { Double($0.0) }
        let svg = SVGPlot.line(title: "Compression on held-out Python docs", xLabel: "vocabulary size", yLabel: "bytes per token",
                               series: [Series(name: "byte-level BPE", x: x, y: [1] + rows.map(\.1)),
                                        Series(name: "Unigram", x: x, y: [1] + rows.map(\.2))])
        let url = URL(fileURLWithPath: "Output/Week18Tokenizers/compression.svg")
        try SVGPlot.save(svg, to: url)
        return url
    }
}
