// The Assess gate, part 3: the BERT pipeline — vocabulary, corpus cleaning, 80/10/10 masking,
// the masked-LM loss falling on a tiny corpus, and a saved model filling in a word.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week07Transformer
import XCTest

final class PretrainingTests: XCTestCase {
    func testTokenizerAndVocabulary() throws {
        XCTAssertEqual(WordVocabulary.tokenize("Use str.split() on [MASK] Data_1!"),
                       ["use", "str", ".", "split", "(", ")", "on", "[MASK]", "data_1", "!"])
        let v = try WordVocabulary.build(from: ["b a b c", "b a"], size: 7)
        XCTAssertEqual(v.words, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "b", "a"])  // by count, c dropped
        XCTAssertEqual(v.encode("a c [mask] b"), [6, 1, 4, 5])
        XCTAssertThrowsError(try WordVocabulary(words: ["a", "b"]))
    }

    func testCorpusKeepsProseAndUnwrapsMarkup() {
        let rst = """
        .. _tut-lists:

        Lists
        =====

        A list is written as :class:`list` with ``[1, 2]`` and is **mutable** here.
        It continues on this line.

        >>> [1, 2] + [3]
        +------+------+
        """
        XCTAssertEqual(DocsCorpus.prose(rst), ["A list is written as list with [1, 2] and is mutable here. It continues on this line."])
        let corpus = DocsCorpus(paragraphs: ["a b c d e f g"], files: 1)
        let vocabulary = try! WordVocabulary.build(from: corpus.paragraphs, size: 20)
        let windows = corpus.windows(vocabulary: vocabulary, length: 5)
        XCTAssertEqual(windows.count, 2)
        XCTAssertEqual(windows[0].first, WordVocabulary.cls)
        XCTAssertEqual(windows[0].last, WordVocabulary.sep)
        XCTAssertEqual(windows[1][1], vocabulary.id("d"))
    }

    func testMaskingFollowsEightyTenTen() {
        var rng = SplitMix64(seed: 3)
        let windows = (0..<200).map { _ in [2] + (0..<48).map { _ in 5 + rng.nextInt(below: 95) } + [3] }
        let batch = Masking.corrupt(windows, vocabularySize: 100, rng: &rng)
        let n = Double(batch.positions.count)
        XCTAssertEqual(n / (200 * 48), 0.15, accuracy: 0.01)
        var masked = 0, unchanged = 0
        for (p, label) in zip(batch.positions, batch.labels) {
            let id = batch.inputIDs[p / 50][p % 50]
            XCTAssertNotEqual(p % 50, 0, "never [CLS]")
            XCTAssertNotEqual(p % 50, 49, "never [SEP]")
            XCTAssertEqual(windows[p / 50][p % 50], label)
            if id == WordVocabulary.mask { masked += 1 } else if id == label { unchanged += 1 }
        }
        XCTAssertEqual(Double(masked) / n, 0.8, accuracy: 0.03)
        // Unchanged: the 10% kept plus random replacements that drew the same word (≈ 0.1/95).
        XCTAssertEqual(Double(unchanged) / n, 0.1, accuracy: 0.02)
    }

    /// Windows of a fixed cycle of 10 words at random offsets: every word is determined by its
    /// neighbours, so a model that reads context can push the loss far below the unigram ln 10 ≈ 2.30.
    func cycleWindows(count: Int, seed: UInt64) -> [[Int]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let start = rng.nextInt(below: 10)
            return [WordVocabulary.cls] + (0..<10).map { 5 + (start + $0) % 10 } + [WordVocabulary.sep]
        }
    }

    func testMaskedLMLossFallsBelowUnigramOnTinyCorpus() throws {
        let config = TransformerConfig(vocabularySize: 15, hiddenSize: 32, layers: 2, heads: 4, intermediateSize: 64,
                                       maxPositions: 12, typeVocabularySize: 0, layerNormEpsilon: 1e-5, normPlacement: .pre, dropout: 0)
        let model = try MaskedLanguageModel(config: config, seed: 1)
        let train = cycleWindows(count: 64, seed: 2), heldOut = cycleWindows(count: 32, seed: 3)
        let before = try MLMTrainer.evaluate(model, windows: heldOut)
        XCTAssertEqual(Double(before), Foundation.log(15.0), accuracy: 0.3, "an untrained model is near uniform")
        let history = try MLMTrainer.train(model, windows: train, options: PretrainingOptions(steps: 400, batchSize: 16, lr: 3e-3, seed: 4))
        let after = try MLMTrainer.evaluate(model, windows: heldOut)
        XCTAssertLessThan(after, 1.5, "held-out masked-LM loss after 400 steps is \(after) (unigram would be ln 10 ≈ 2.30)")
        let firstLosses: [Float] = history.prefix(10).map(\.loss)
        let lastLosses: [Float] = history.suffix(10).map(\.loss)
        XCTAssertLessThan(lastLosses.reduce(0, +), firstLosses.reduce(0, +))

        // Save, reload, and fill: the word between 7 and 9 in the cycle is 8.
        let words = WordVocabulary.specials + (0..<10).map { "w\($0)" }
        let mlm = try PretrainedMLM(model: model, vocabulary: try WordVocabulary(words: words))
        let dir = try TemporaryDirectory()
        try mlm.save(to: dir.file("tiny.safetensors"))
        let reloaded = try PretrainedMLM.load(dir.file("tiny.safetensors"))
        XCTAssertEqual(reloaded.model.config, config)
        let (tokens, predictions) = try reloaded.fill("w5 w6 w7 [MASK] w9 w0", top: 3)
        XCTAssertEqual(tokens, ["[CLS]", "w5", "w6", "w7", "[MASK]", "w9", "w0", "[SEP]"])
        XCTAssertEqual(predictions.first?.candidates.first?.word, "w8")
        let (_, layers) = try reloaded.attention("w1 w2 w3")
        XCTAssertEqual(layers.count, 2)
        XCTAssertEqual(layers[0].shape, [4, 5, 5])
    }

    func testLoadingRejectsFilesNotSavedByPretrain() throws {
        let dir = try TemporaryDirectory()
        try Safetensors.write(["x": Tensor.zeros([2])], to: dir.file("other.safetensors"))
        XCTAssertThrowsError(try PretrainedMLM.load(dir.file("other.safetensors"))) { error in
            XCTAssertTrue("\(error)".contains("not saved by Week07Transformer pretrain"), "\(error)")
        }
        XCTAssertThrowsError(try PretrainedMLM.load(dir.file("missing.safetensors"))) { error in
            XCTAssertTrue("\(error)".contains("file not found"), "\(error)")
        }
    }
}
