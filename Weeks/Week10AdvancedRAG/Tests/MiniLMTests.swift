// The real embedder on a few chunks: week 8's MiniLM through this week's adapter equals
// sentence-transformers (Fixtures/minilm_reference.json, made by Fixtures/make_reference.py), and
// dense retrieval finds paraphrased questions that share no term with their chunk — where BM25 scores 0.

import Foundation
import Shared
import TestSupport
import XCTest
@testable import Week10AdvancedRAG

final class MiniLMTests: XCTestCase {
    struct Reference: Decodable {
        var chunks: [String]
        var questions: [String]
        var chunk_embeddings_first8: [[Double]]
        var cosine_question_chunk: [[Double]]
    }

    func testAdapterMatchesSentenceTransformersAndRetrievesParaphrases() throws {
        _ = try Fixtures.require(.minilm)
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixtures.url("minilm_reference.json")))
        let embedder = try MiniLMEmbedder.load()
        XCTAssertEqual(embedder.dimension, 384)

        let matrix = try embedder.embedAll(reference.chunks, batchSize: 3, showProgress: false)
        for (i, expected) in reference.chunk_embeddings_first8.enumerated() {
            assertClose(Array(matrix[(i * 384)..<(i * 384 + 8)]).map(Double.init), expected, atol: 1e-4, "chunk \(i)")
        }
        let dense = DenseIndex(dimension: 384, vectors: matrix)
        let questions = try embedder.embed(reference.questions)
        let scores = dense.scores(questions)
        for q in 0..<2 { assertClose(scores[q], reference.cosine_question_chunk[q], atol: 1e-4, "question \(q)") }
        XCTAssertEqual(questions.map { dense.search($0, k: 1)[0].index }, [0, 2])

        // The first question shares no term with any chunk (after tokenisation) → BM25 cannot find it at all.
        let bm25 = BM25Index(documents: reference.chunks)
        XCTAssertEqual(bm25.scores(reference.questions[0]).max(), 0)

        // WordPiece counts include [CLS] and [SEP] and are not capped at 256.
        XCTAssertEqual(embedder.tokenCount("hello world"), 4)
        XCTAssertGreaterThan(embedder.tokenCount(String(repeating: "word ", count: 400)), 256)
    }
}
