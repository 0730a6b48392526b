// `embedAll` through each embedder's batching: MiniLM's token-budget batches give the same rows
// whatever the batch size (against each text embedded alone, padding masked), and the default
// batching of other embedders returns its rows in the caller's order.

import Foundation
import Shared
import TestSupport
import XCTest
@testable import Week10AdvancedRAG

final class EmbedRowsTests: XCTestCase {
    func testMiniLMRowsDoNotDependOnTheBatchSize() throws {
        _ = try Fixtures.require(.minilm)
        let embedder = try MiniLMEmbedder.load()
        let texts = ["json.dumps(obj, indent=4, sort_keys=True) pretty-prints a dictionary.",
                     "csv.reader", "", String(repeating: "The asyncio event loop runs tasks and callbacks. ", count: 40),
                     "Use pathlib.Path.glob to list the files of a folder that match a pattern.", "csv.writer"]
        let alone = try texts.map { try embedder.model.embed($0) }
        for batchSize in [1, 2, 32] {
            let matrix = try embedder.embedAll(texts, batchSize: batchSize, showProgress: false)
            XCTAssertEqual(matrix.count, texts.count * 384)
            for i in texts.indices {
                assertClose(Array(matrix[(i * 384)..<((i + 1) * 384)]), alone[i], rtol: 0, atol: 1e-5, "batch size \(batchSize), text \(i)")
            }
        }
    }

    func testDefaultBatchingKeepsTheCallersOrder() throws {
        let embedder = HashingEmbedder(dimension: 16)
        let texts = ["a b c d e f", "x", "one two three", "", "x y"]
        let matrix = try embedder.embedAll(texts, batchSize: 2, showProgress: false)
        let expected = try embedder.embed(texts).flatMap { $0 }
        XCTAssertEqual(matrix, expected)
    }
}
