// The on-disk index (fingerprint, reuse, invalidation), the question file, and a small end-to-end
// retrieval over a synthetic corpus with the deterministic hashing embedder.

import Foundation
import TestSupport
import XCTest
@testable import Week10AdvancedRAG

/// Counts what it embeds, to check what a rebuild re-embeds.
final class CountingEmbedder: TextEmbedder {
    let inner = HashingEmbedder(dimension: 64)
    var embedded = 0
    var identity: String { inner.identity }
    var dimension: Int { inner.dimension }
    func embed(_ texts: [String]) throws -> [[Float]] {
        embedded += texts.count
        return try inner.embed(texts)
    }
    func tokenCount(_ text: String) -> Int { inner.tokenCount(text) }
}

final class IndexAndPipelineTests: XCTestCase {
    static let corpus: [String: String] = [
        "library/json.rst.txt": """
        json --- JSON encoder and decoder
        =================================

        The json module serialises Python objects to JSON text and parses JSON back.

        Pretty printing
        ---------------

        Pass indent to dumps to pretty print nested objects with sort_keys for stable output.
        """,
        "library/csv.rst.txt": """
        csv --- CSV file reading and writing
        ====================================

        The csv module reads and writes comma separated values files; use csv.reader and csv.writer.
        """,
        "library/socket.rst.txt": """
        socket --- Low-level networking interface
        =========================================

        Create a TCP connection to a server with create_connection and send bytes over the network.
        """,
        "tutorial/errors.rst.txt": """
        Errors and Exceptions
        =====================

        Handle an exception with try and except clauses; raise your own exception classes.
        """,
    ]

    func writeCorpus(_ dir: URL) throws {
        for (path, text) in Self.corpus {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func testCorpusPathsAreRelativeAndSorted() throws {
        let dir = try TemporaryDirectory()
        try writeCorpus(dir.url)
        try "not text".write(to: dir.file("image.png"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try Corpus.list(dir.url).map(\.path),
                       ["library/csv.rst.txt", "library/json.rst.txt", "library/socket.rst.txt", "tutorial/errors.rst.txt"])
        XCTAssertThrowsError(try Corpus.list(dir.file("missing"))) { XCTAssertTrue("\($0)".contains("not a folder")) }
    }

    func testCacheIsReusedAndInvalidatedWhenAFileChanges() throws {
        let dir = try TemporaryDirectory()
        let docs = dir.file("docs")
        try writeCorpus(docs)
        let folder = dir.file("index")
        let embedder = CountingEmbedder()
        let config = ChunkerConfig(kind: .structure, maxWords: 40)

        let (first, r1) = try IndexStore.loadOrBuild(corpus: docs, chunker: config, embedder: embedder, folder: folder, showProgress: false)
        XCTAssertFalse(r1.loadedFromCache)
        XCTAssertEqual(embedder.embedded, first.chunks.count)
        XCTAssertEqual(first.chunks.count, 5)

        let (second, r2) = try IndexStore.loadOrBuild(corpus: docs, chunker: config, embedder: embedder, folder: folder, showProgress: false)
        XCTAssertTrue(r2.loadedFromCache)
        XCTAssertEqual(embedder.embedded, first.chunks.count, "a cache hit embeds nothing")
        XCTAssertEqual(second.chunks, first.chunks)
        XCTAssertEqual(second.dense.vectors, first.dense.vectors)

        // Change one file: rebuild, re-embedding only its chunk (the other four are reused by text hash).
        try "Errors\n======\n\nA different text about exceptions now.\n".write(
            to: docs.appendingPathComponent("tutorial/errors.rst.txt"), atomically: true, encoding: .utf8)
        let (third, r3) = try IndexStore.loadOrBuild(corpus: docs, chunker: config, embedder: embedder, folder: folder, showProgress: false)
        XCTAssertFalse(r3.loadedFromCache)
        XCTAssertEqual(r3.embedded, 1)
        XCTAssertEqual(r3.reused, 4)
        XCTAssertTrue(third.chunks.last!.text.contains("different text"))

        // A different chunker configuration is a different fingerprint.
        let (_, r4) = try IndexStore.loadOrBuild(corpus: docs, chunker: ChunkerConfig(kind: .structure, maxWords: 41),
                                                 embedder: embedder, folder: folder, showProgress: false)
        XCTAssertFalse(r4.loadedFromCache)

        // A corrupt cache is rebuilt, not trusted.
        try "garbage".write(to: folder.appendingPathComponent("chunks.json"), atomically: true, encoding: .utf8)
        let (_, r5) = try IndexStore.loadOrBuild(corpus: docs, chunker: ChunkerConfig(kind: .structure, maxWords: 41),
                                                 embedder: embedder, folder: folder, showProgress: false)
        XCTAssertFalse(r5.loadedFromCache)
    }

    func testFingerprintDependsOnSizeTimeChunkerAndEmbedder() {
        let files: [(path: String, size: Int, modified: Int64)] = [("a.txt", 10, 1000)]
        let base = IndexStore.fingerprint(files: files, chunker: ChunkerConfig(), embedderIdentity: "m")
        XCTAssertEqual(base, IndexStore.fingerprint(files: files, chunker: ChunkerConfig(), embedderIdentity: "m"))
        XCTAssertNotEqual(base, IndexStore.fingerprint(files: [("a.txt", 11, 1000)], chunker: ChunkerConfig(), embedderIdentity: "m"))
        XCTAssertNotEqual(base, IndexStore.fingerprint(files: [("a.txt", 10, 1001)], chunker: ChunkerConfig(), embedderIdentity: "m"))
        XCTAssertNotEqual(base, IndexStore.fingerprint(files: files, chunker: ChunkerConfig(kind: .fixed), embedderIdentity: "m"))
        XCTAssertNotEqual(base, IndexStore.fingerprint(files: files, chunker: ChunkerConfig(), embedderIdentity: "n"))
    }

    func testQuestionFileParsingAndErrors() throws {
        let good = """
        # comment
        {"question": "How do I pretty print JSON?", "relevant": ["library/json.rst.txt"]}

        {"question": "Sockets?", "relevant": ["library/socket.rst.txt", "howto/sockets.rst.txt"]}
        """
        let parsed = try QuestionSet.parse(good, path: "q.jsonl")
        XCTAssertEqual(parsed.map(\.line), [2, 4])
        XCTAssertEqual(parsed[1].relevant, ["library/socket.rst.txt", "howto/sockets.rst.txt"])

        func error(_ text: String) -> String {
            do { _ = try QuestionSet.parse(text, path: "q.jsonl"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(error("{\"question\": \"a\", \"relevant\": [\"x\"]}\n{\"question\": \"b\", \"relevant\": [\"y\"]\n"),
                       "q.jsonl:2: not a JSON object (expected {\"question\": \"…\", \"relevant\": [\"library/json.rst.txt\"]})")
        XCTAssertEqual(error("{\"question\": \"\", \"relevant\": [\"x\"]}"), "q.jsonl:1: \"question\" must be a non-empty string")
        XCTAssertEqual(error("{\"question\": \"a\", \"relevant\": []}"), "q.jsonl:1: \"relevant\" must be a non-empty list of file paths")
        XCTAssertEqual(error("{\"question\": \"a\", \"relevant\": \"x\"}"), "q.jsonl:1: \"relevant\" must be a non-empty list of file paths")
        XCTAssertEqual(error("{\"question\": \"a\", \"relevant\": [3]}"), "q.jsonl:1: \"relevant\" must hold only non-empty strings")
        XCTAssertEqual(error("[1, 2]"), "q.jsonl:1: not a JSON object (expected {\"question\": \"…\", \"relevant\": [\"library/json.rst.txt\"]})")
        XCTAssertEqual(error("\n# only a comment\n"), "q.jsonl holds no questions")
        XCTAssertThrowsError(try QuestionSet.validate(parsed, files: ["library/json.rst.txt"], path: "q.jsonl")) {
            XCTAssertTrue("\($0)".hasPrefix("q.jsonl:4: relevant file 'library/socket.rst.txt' is not in the corpus"))
        }
    }

    func testEndToEndRetrievalOnASyntheticCorpus() throws {
        let dir = try TemporaryDirectory()
        try writeCorpus(dir.url)
        let embedder = HashingEmbedder(dimension: 256)
        let (index, _) = try IndexStore.loadOrBuild(corpus: dir.url, chunker: ChunkerConfig(kind: .structure, maxWords: 40),
                                                    embedder: embedder, folder: dir.file("index"), showProgress: false)
        let retriever = Retriever(index: index, embedder: embedder)
        let questions = [
            LabelledQuestion(question: "pretty print json with indent", relevant: ["library/json.rst.txt"], line: 1),
            LabelledQuestion(question: "read comma separated values", relevant: ["library/csv.rst.txt"], line: 2),
            LabelledQuestion(question: "open a TCP connection", relevant: ["library/socket.rst.txt"], line: 3),
            LabelledQuestion(question: "handle an exception", relevant: ["tutorial/errors.rst.txt"], line: 4),
        ]
        for method in RetrievalMethod.allCases {
            for q in questions {
                let top = try retriever.retrieve(q.question, method: method)
                XCTAssertEqual(index.chunks[top[0].index].file, q.relevant[0], "\(method.rawValue): \(q.question)")
            }
        }
        let evaluation = try Evaluator.run(questions, retriever: retriever, k: 1, showProgress: false)
        for m in evaluation.methods { XCTAssertEqual(m.mean.recall, 1, m.method.rawValue) }
        XCTAssertEqual(Evaluator.summaryLine(evaluation), "{\"recall_at_1\": 1.0, \"mrr\": 1.0, \"ndcg_at_1\": 1.0}")
        // Dense top-1 equals a naive cosine argmax.
        let q = try embedder.embed(["socket server bytes network"])[0]
        let naive = (0..<index.dense.count).max { cosine(q, index.dense.row($0)) < cosine(q, index.dense.row($1)) }!
        XCTAssertEqual(index.dense.search(q, k: 1)[0].index, naive)
        // The HyDE text starts with the question and adds sentences from the top BM25 chunk.
        let hypothetical = retriever.expansion.hypotheticalAnswer(query: "pretty print json",
                                                                  lexical: index.bm25.search("pretty print json", k: 3), index: index)
        XCTAssertTrue(hypothetical.hasPrefix("pretty print json Pass indent to dumps"))
        // hybrid is the configured fusion of the two top lists, whichever it is.
        let prepared = try retriever.prepare(["write rows of comma separated values"])[0]
        let lexical = Ranking.top(prepared.bm25Scores, k: retriever.depth, minimum: 1e-12)
        let semantic = Ranking.top(prepared.denseScores, k: retriever.depth)
        XCTAssertEqual(retriever.fusion, HybridFusion.standard)
        retriever.fusion = .convex(alpha: 0.7)
        XCTAssertEqual(try retriever.retrieve(prepared, method: .hybrid),
                       ConvexFusion.fuse(candidates: (lexical + semantic).map(\.index), lexical: prepared.bm25Scores,
                                         dense: prepared.denseScores, alpha: 0.7, limit: retriever.depth))
        retriever.fusion = .rrf(k: 60, bm25Weight: 0.5)
        XCTAssertEqual(try retriever.retrieve(prepared, method: .hybrid),
                       ReciprocalRankFusion.fuse([lexical, semantic], k: 60, weights: [0.5, 1], limit: retriever.depth))
    }
}
