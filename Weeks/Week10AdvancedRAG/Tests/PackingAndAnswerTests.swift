// Context packing (budget, near-duplicates, source order, citations) and answer groundedness.

import Foundation
import TestSupport
import XCTest
@testable import Week10AdvancedRAG

final class PackingAndAnswerTests: XCTestCase {
    func chunk(_ id: Int, _ file: String, _ line: Int, _ text: String) -> Chunk {
        Chunk(id: id, file: file, line: line, section: ["S"], text: text)
    }

    /// Word-count tokens: the header "[99] b.txt:5 § S" is 4 words.
    func words(_ s: String) -> Int { s.split(whereSeparator: \.isWhitespace).count }

    func testPackingRespectsBudgetSkipsDuplicatesAndOrdersBySource() {
        let ranked = [
            chunk(0, "b.txt", 5, "alpha beta gamma delta epsilon zeta"),          // 4 + 6 = 10 tokens
            chunk(1, "b.txt", 5, "alpha beta gamma delta epsilon zeta eta"),      // Jaccard 6/7 with #0 → duplicate
            chunk(2, "c.txt", 1, String(repeating: "long ", count: 30)),          // 34 tokens: does not fit
            chunk(3, "a.txt", 9, "one two three four five six"),                  // 10 tokens
            chunk(4, "a.txt", 2, "seven eight nine ten eleven twelve thirteen"),  // 11 tokens: 31 > 30, skipped
            chunk(5, "b.txt", 1, "short text here"),                              // 7 tokens → 27
        ]
        let packed = ContextPacker.pack(ranked, budget: 30, tokenCount: words)
        XCTAssertLessThanOrEqual(packed.usedTokens, 30)
        XCTAssertEqual(packed.usedTokens, 27)
        XCTAssertEqual(packed.skippedDuplicates, 1)
        // Source order (file, line), numbered from 1; `rank` remembers the retrieval position.
        XCTAssertEqual(packed.chunks.map(\.chunk.id), [3, 5, 0])
        XCTAssertEqual(packed.chunks.map(\.citation), [1, 2, 3])
        XCTAssertEqual(packed.chunks.map(\.rank), [4, 6, 1])
        XCTAssertTrue(packed.text.hasPrefix("[1] a.txt:9 § S\none two three four five six"))
        // A budget below the cheapest chunk packs nothing.
        XCTAssertTrue(ContextPacker.pack(ranked, budget: 5, tokenCount: words).chunks.isEmpty)
    }

    func testAnswerParsingExtractsCitations() {
        let parsed = Answering.parse("Use json.dumps with indent [2]. It returns a str [1][3].")
        XCTAssertEqual(parsed.map(\.text), ["Use json.dumps with indent .", "It returns a str ."])
        XCTAssertEqual(parsed.map(\.citations), [[2], [1, 3]])
    }

    /// With the bag-of-words embedder, a sentence copied from the context has cosine 1 with it; a
    /// sentence sharing no word with the context has cosine 0.
    func testGroundednessAndCitationCoverage() throws {
        let embedder = HashingEmbedder(dimension: 256)
        let context = ContextPacker.pack([
            chunk(0, "a.txt", 1, "The json module encodes Python objects as text. It is in the standard library."),
            chunk(1, "b.txt", 1, "Sockets connect two programs over a network reliably."),
        ], budget: 1000, tokenCount: words)
        let answer = Answering.parse("The json module encodes Python objects as text [1]. "
                                     + "Sockets connect two programs over a network reliably [1]. "
                                     + "Bananas grow quickly in tropical weather here [2].")
        let g = try Answering.groundedness(answer, context: context, embedder: embedder)
        assertClose(Array(g.bestSimilarity.prefix(2)), [1, 1], atol: 1e-5)
        XCTAssertLessThan(g.bestSimilarity[2], 0.5)  // no shared word (hash collisions may give a little)
        assertClose([g.supported, g.citationCoverage], [2.0 / 3, 1.0 / 3], rtol: 1e-12)  // sentence 2 cites the wrong chunk
        // The extractive answer is made of context sentences, so it is fully supported and cited.
        let q = try embedder.embed(["json module standard library"])[0]
        let extractive = try Answering.extractive(question: q, context: context, sentences: 2, embedder: embedder)
        XCTAssertEqual(extractive.first?.citations, [1])
        let ge = try Answering.groundedness(extractive, context: context, embedder: embedder)
        XCTAssertEqual(ge.supported, 1)
        XCTAssertEqual(ge.citationCoverage, 1)
    }
}
