// all-MiniLM-L6-v2 on week 7's TransformerEncoder: cosine ≥ 0.9999 with sentence-transformers'
// committed embeddings on every fixed text (incl. > 128 and > 256 tokens, CJK, emoji, the empty
// text), in one padded batch and one at a time; mean pooling ignores padding (worked by hand).

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import XCTest

final class EmbeddingTests: XCTestCase {
    // Loaded once for the class (90 MB of weights); the tests only read it.
    nonisolated(unsafe) static let embedder: SentenceEmbedder? = try? SentenceEmbedder.miniLM()

    func embedder() throws -> SentenceEmbedder {
        _ = try Fixtures.require(.minilm)
        return try XCTUnwrap(Self.embedder)
    }

    func testEmbeddingsMatchSentenceTransformers() throws {
        let embedder = try embedder()
        let reference = try MiniLMReference.load()
        let batched = try embedder.embed(reference.items.map(\.text), batchSize: 8)
        var worst = 1.0
        for (item, vector) in zip(reference.items, batched) {
            XCTAssertEqual(vector.count, 384)
            let c = cosine(vector, item.embedding)
            worst = min(worst, c)
            XCTAssertGreaterThanOrEqual(c, 0.9999, "text: \(item.text.prefix(60).debugDescription)")
            assertClose(vector, item.embedding, rtol: 0, atol: 2e-4, "elementwise")
        }
        print("min cosine vs sentence-transformers over \(batched.count) texts: \(worst)")
        // the same texts one at a time (no padding) give the same vectors as in a padded batch
        for (i, item) in reference.items.enumerated() where i % 5 == 0 {
            assertClose(try embedder.embed(item.text), batched[i], rtol: 0, atol: 1e-5, "alone vs batched")
        }
    }

    func testMeanPoolingIgnoresPaddingByHand() throws {
        // batch of 2, T = 3, H = 2; row 0 has 2 real tokens, row 1 has 3
        let hidden = try Tensor(shape: [2, 3, 2], storage: [3, 0, 1, 0, 100, 100, 0, 1, 0, 2, 0, 3])
        let pooled = SentenceEmbedder.meanPoolNormalized(hidden, mask: [[1, 1, 0], [1, 1, 1]])
        assertClose(pooled[0], [1, 0], rtol: 0, atol: 1e-7)   // mean (2, 0) → unit (1, 0)
        assertClose(pooled[1], [0, 1], rtol: 0, atol: 1e-7)   // mean (0, 2) → unit (0, 1)
    }

    func testBadModelFolderIsAClearError() throws {
        let dir = try TemporaryDirectory()
        XCTAssertThrowsError(try SentenceEmbedder(folder: dir.file("nowhere"))) { error in
            XCTAssertTrue("\(error)".contains("no such model folder"), "\(error)")
        }
        // a folder with a vocabulary but a malformed config.json
        let minilm = try Fixtures.require(.minilm)
        try FileManager.default.copyItem(at: minilm.appendingPathComponent("vocab.txt"), to: dir.file("vocab.txt"))
        try Data("{\"hidden_size\": 384".utf8).write(to: dir.file("config.json"))
        XCTAssertThrowsError(try SentenceEmbedder(folder: dir.url)) { error in
            XCTAssertTrue("\(error)".contains("config.json"), "\(error)")
        }
    }
}
