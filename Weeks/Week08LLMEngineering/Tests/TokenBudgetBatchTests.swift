// Length-bucketed batching for whole corpora: `tokenBudgetBatches` on hand-worked lengths and on
// seeded random ones (checked against the rules, not the code), the parallel `encode` against
// Hugging Face's input ids, and `embed(ids:tokensPerBatch:)` against sentence-transformers'
// vectors and against embedding each text alone (so a vector does not depend on its batch).

import Foundation
import Shared
import TestSupport
import Week08LLMEngineering
import XCTest

final class TokenBudgetBatchTests: XCTestCase {
    func testBatchesByHand() {
        // longest first: 9 alone (9·1 ≤ 10), then 5 with one 2 (5·2 = 10), then the other 2
        XCTAssertEqual(SentenceEmbedder.tokenBudgetBatches(lengths: [5, 2, 9, 2], tokensPerBatch: 10), [[2], [0, 1], [3]])
        // equal lengths keep the input order; a text longer than the budget still gets a batch
        XCTAssertEqual(SentenceEmbedder.tokenBudgetBatches(lengths: [3, 3, 3], tokensPerBatch: 6), [[0, 1], [2]])
        XCTAssertEqual(SentenceEmbedder.tokenBudgetBatches(lengths: [7, 1], tokensPerBatch: 4), [[0], [1]])
        XCTAssertEqual(SentenceEmbedder.tokenBudgetBatches(lengths: [], tokensPerBatch: 8), [])
    }

    func testRandomLengthsFollowTheRules() {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<50 {
            let lengths = (0..<(1 + rng.nextInt(below: 60))).map { _ in 2 + rng.nextInt(below: 255) }
            let budget = 1 + rng.nextInt(below: 1024)
            let batches = SentenceEmbedder.tokenBudgetBatches(lengths: lengths, tokensPerBatch: budget)
            XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(lengths.indices), "trial \(trial): every text once")
            let flat = batches.flatMap { $0 }.map { lengths[$0] }
            XCTAssertEqual(flat, lengths.sorted(by: >), "trial \(trial): longest first")
            for batch in batches {
                let longest = batch.map { lengths[$0] }.max()!
                XCTAssertTrue(batch.count == 1 || batch.count * longest <= budget, "trial \(trial): \(batch.count) × \(longest) > \(budget)")
            }
            // greedy: a batch could not have taken the next text as well
            for (a, b) in zip(batches, batches.dropFirst()) where b.count > 0 {
                XCTAssertGreaterThan((a.count + 1) * lengths[a[0]], budget, "trial \(trial): batch left room")
            }
        }
    }

    func testTokenBudgetEmbeddingsMatchReferenceAndDoNotDependOnTheBatch() throws {
        _ = try Fixtures.require(.minilm)
        let embedder = try XCTUnwrap(EmbeddingTests.embedder)
        let reference = try MiniLMReference.load()
        let texts = reference.items.map(\.text)
        let ids = embedder.encode(texts)
        XCTAssertEqual(ids, reference.items.map(\.inputIDs), "parallel encode vs Hugging Face's tokenizer")

        var progress: [(Int, Int)] = []
        let budgeted = try embedder.embed(ids: ids, tokensPerBatch: 300) { progress.append(($0, $1)) }
        for (item, vector) in zip(reference.items, budgeted) {
            assertClose(vector, item.embedding, rtol: 0, atol: 2e-4, "text: \(item.text.prefix(40).debugDescription)")
        }
        XCTAssertEqual(progress.last?.0, texts.count)
        XCTAssertEqual(progress.last?.1, ids.reduce(0) { $0 + $1.count })
        // a budget of one token puts every text in a batch of its own: no padding at all
        let alone = try embedder.embed(ids: ids, tokensPerBatch: 1)
        for i in texts.indices { assertClose(budgeted[i], alone[i], rtol: 0, atol: 1e-5, "text \(i): budgeted vs alone") }
    }
}
