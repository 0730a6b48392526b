// The index folder: reuse, invalidation, re-embedding only what changed, and clear errors for a
// damaged folder.

import Foundation
import Shared
import TestSupport
import Week10AdvancedRAG
import Week12Capstone
import XCTest

final class IndexTests: XCTestCase {
    func testIngestReusesAnUnchangedCorpusAndRebuildsAChangedOne() throws {
        let (temporary, docs, folder) = try TinyCorpus.make()
        _ = temporary
        let embedder = CountingEmbedder()
        let first = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        XCTAssertFalse(first.reused)
        XCTAssertEqual(first.files, TinyCorpus.files.count)
        XCTAssertEqual(embedder.embedded, first.chunks, "a fresh build embeds every chunk")
        let manifest = try IndexBundle.readManifest(folder)
        XCTAssertEqual(manifest.chunks, first.chunks)
        XCTAssertEqual(manifest.files, 5)
        XCTAssertEqual(manifest.model, "hashing-64")
        XCTAssertEqual(manifest.chunker, ChunkerConfig())
        XCTAssertEqual(manifest.codeVersion, IndexBundle.codeVersion)

        // Unchanged corpus (even with a newer modification time): reused, nothing embedded.
        embedder.embedded = 0
        let json = docs.appendingPathComponent("library/json.rst.txt")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: json.path)
        let second = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        XCTAssertTrue(second.reused)
        XCTAssertEqual(embedder.embedded, 0)

        // One file changed: rebuilt, and only that file's chunks are embedded again.
        let zip = docs.appendingPathComponent("library/zipfile.rst.txt")
        try (TinyCorpus.files["library/zipfile.rst.txt"]! + "\nUse ZipFile.extractall to extract every member.\n")
            .write(to: zip, atomically: true, encoding: .utf8)
        let third = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        XCTAssertFalse(third.reused)
        XCTAssert(third.rebuildReason?.contains("corpus changed") == true, third.rebuildReason ?? "no reason")
        let zipChunks = try IndexBundle.load(folder).rag.chunks.filter { $0.file == "library/zipfile.rst.txt" }.count
        XCTAssertEqual(embedder.embedded, zipChunks)
        XCTAssertEqual(third.embeddingsReused, third.chunks - zipChunks)
        XCTAssertNotEqual(try IndexBundle.readManifest(folder).corpusFingerprint, manifest.corpusFingerprint)

        // A new file: rebuilt and searchable.
        try "Threads\n=======\n\nStart a thread with threading.Thread and join it.\n"
            .write(to: docs.appendingPathComponent("library/threading.rst.txt"), atomically: true, encoding: .utf8)
        let fourth = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        XCTAssertEqual(fourth.files, 6)
        let pipeline = RAGPipeline(index: try IndexBundle.load(folder), embedder: embedder)
        XCTAssertEqual(try pipeline.answer("start a thread", k: 1).sources.first?.file, "library/threading.rst.txt")
        pipeline.rerank = true  // the optional re-ranking stage finds it too
        XCTAssertEqual(try pipeline.answer("start a thread", k: 1).sources.first?.file, "library/threading.rst.txt")
        // Nothing else left behind by the folder swaps.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        XCTAssertEqual(siblings.sorted(), ["docs", "index"])
    }

    func testIngestTakesVectorsFromWeekTensCachedIndexOfTheSameModel() throws {
        let (temporary, docs, folder) = try TinyCorpus.make()
        let weekTen = temporary.url.appendingPathComponent("week10", isDirectory: true)
        // Week 10's index, built by an embedder with the same identity but negated vectors: rows
        // that come out negated in the capstone's index can only have come from week 10's cache.
        let donor = NegatedEmbedder()
        let (built, _) = try IndexStore.loadOrBuild(corpus: docs, chunker: ChunkerConfig(), embedder: donor, folder: weekTen,
                                                    showProgress: false)
        let counting = CountingEmbedder()
        let report = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: counting, weekTenIndex: weekTen, showProgress: false)
        XCTAssertEqual(counting.embedded, 0, "every chunk's vector was in week 10's index")
        XCTAssertEqual(report.embeddingsReused, report.chunks)
        let index = try IndexBundle.load(folder)
        XCTAssertEqual(index.rag.chunks, built.chunks)
        let own = try counting.inner.embed(index.rag.chunks.map(\.indexedText))
        for (i, v) in own.enumerated() { assertClose(index.rag.dense.row(i), v.map { -$0 }) }

        // A week 10 index of another model is not used: everything is embedded.
        let other = temporary.url.appendingPathComponent("other", isDirectory: true)
        _ = try IndexStore.loadOrBuild(corpus: docs, chunker: ChunkerConfig(), embedder: HashingEmbedder(dimension: 32),
                                       folder: other, showProgress: false)
        let fresh = CountingEmbedder()
        let second = try IndexBundle.ingest(corpus: docs, folder: temporary.url.appendingPathComponent("index2"),
                                            embedder: fresh, weekTenIndex: other, showProgress: false)
        XCTAssertEqual(fresh.embedded, second.chunks)
        XCTAssertEqual(second.embeddingsReused, 0)
    }

    func testLoadedIndexHoldsWhatWasIngested() throws {
        let (temporary, docs, folder) = try TinyCorpus.make()
        _ = temporary
        let embedder = HashingEmbedder(dimension: 64)
        _ = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        let index = try IndexBundle.load(folder)
        let expected = Chunker.chunk(try Corpus.load(docs), config: ChunkerConfig())
        XCTAssertEqual(index.rag.chunks, expected)
        // Row i is the embedding of chunk i's indexed text.
        let vectors = try embedder.embed(expected.map(\.indexedText))
        for (i, v) in vectors.enumerated() { assertClose(index.rag.dense.row(i), v) }
    }

    func testADamagedIndexFolderIsAClearError() throws {
        let (temporary, docs, folder) = try TinyCorpus.make()
        _ = temporary
        _ = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: HashingEmbedder(dimension: 64), showProgress: false)
        let embeddings = folder.appendingPathComponent(IndexBundle.embeddingsName)
        let bytes = try FileIO.readBytes(embeddings)
        try Data(bytes.prefix(bytes.count / 2)).write(to: embeddings)
        XCTAssertThrowsError(try IndexBundle.load(folder)) { error in
            let message = "\(error)"
            XCTAssert(message.contains("embeddings.npy") && message.contains("ingest"), message)
        }
        // ingest notices and rebuilds.
        let rebuilt = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: HashingEmbedder(dimension: 64), showProgress: false)
        XCTAssertFalse(rebuilt.reused)
        XCTAssertNoThrow(try IndexBundle.load(folder))

        let chunks = folder.appendingPathComponent(IndexBundle.chunksName)
        let text = try FileIO.readBytes(chunks)
        try Data(text.prefix(text.count - 10)).write(to: chunks)
        XCTAssertThrowsError(try IndexBundle.load(folder)) { XCTAssert("\($0)".contains("chunks.json"), "\($0)") }

        try FileManager.default.removeItem(at: folder.appendingPathComponent(IndexBundle.manifestName))
        XCTAssertThrowsError(try IndexBundle.load(folder)) { error in
            XCTAssertEqual(error as? IndexFolderError, .missing(Project.display(folder)))
        }
        XCTAssertThrowsError(try IndexBundle.load(temporary.url.appendingPathComponent("nowhere"))) {
            XCTAssert("\($0)".contains("no index at"), "\($0)")
        }
    }

    func testMemoizingEmbedderReturnsTheBaseVectors() throws {
        let base = CountingEmbedder()
        let memo = MemoizingEmbedder(base)
        let texts = ["alpha beta", "gamma", "alpha beta", "delta epsilon"]
        let vectors = try memo.embed(texts)
        XCTAssertEqual(vectors, try HashingEmbedder(dimension: 64).embed(texts))
        XCTAssertEqual(base.embedded, 3, "a repeated text is embedded once")
        _ = try memo.embed(["gamma", "delta epsilon"])
        XCTAssertEqual(base.embedded, 3)
        XCTAssertEqual(memo.hits, 3)
    }
}

final class DenseSearchTests: XCTestCase {
    /// HNSW's top 10 against the exact scan on 2,000 random unit vectors (seeded): recall ≥ 0.95,
    /// and the saved graph loads back to the same answers.
    func testHNSWLegAgreesWithTheExactScan() throws {
        var state: UInt64 = 12
        func uniform() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) - 0.5
        }
        let n = 2000, d = 32
        var vectors: [Float] = []
        for _ in 0..<n { vectors += normalised((0..<d).map { _ in uniform() }) }
        let exact = try DenseSearchKind.exact.build(vectors: vectors, dimension: d, showProgress: false)
        let hnsw = try DenseSearchKind.hnsw.build(vectors: vectors, dimension: d, showProgress: false)
        XCTAssertEqual(hnsw.count, n)
        let temporary = try TemporaryDirectory()
        let file = temporary.file("vectors.index")
        try AtomicFile.write(hnsw.serialized(), to: file)
        let loaded = try DenseSearchKind.hnsw.load(file, vectors: vectors, dimension: d)
        var found = 0
        for q in 0..<50 {
            let query = normalised((0..<d).map { _ in uniform() })
            let truth = Set(try exact.search(query, k: 10).map(\.index))
            let approx = try hnsw.search(query, k: 10)
            found += approx.filter { truth.contains($0.index) }.count
            XCTAssertEqual(try loaded.search(query, k: 10), approx)
            // Scores are cosines: equal to the exact dot product of the returned row.
            for item in approx {
                let row = Array(vectors[(item.index * d)..<((item.index + 1) * d)])
                XCTAssertEqual(item.score, cosine(query, row), accuracy: 1e-5)
            }
        }
        XCTAssertGreaterThanOrEqual(Double(found) / 500, 0.95)
    }

    func testADamagedVectorIndexIsAClearError() throws {
        let (temporary, docs, folder) = try TinyCorpus.make()
        _ = temporary
        _ = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: HashingEmbedder(dimension: 64), showProgress: false)
        XCTAssertEqual(try IndexBundle.readManifest(folder).vectorIndex, DenseSearchKind.hnsw.description)
        let url = folder.appendingPathComponent(IndexBundle.vectorsName)
        let bytes = try FileIO.readBytes(url)
        try Data(bytes.prefix(bytes.count - 7)).write(to: url)
        XCTAssertThrowsError(try IndexBundle.load(folder)) { error in
            XCTAssert("\(error)".contains("vectors.index") && "\(error)".contains("ingest"), "\(error)")
        }
    }
}

/// The hashing embedder's identity with every vector negated (to tell reused vectors from fresh ones).
struct NegatedEmbedder: TextEmbedder {
    let inner = HashingEmbedder(dimension: 64)
    var identity: String { inner.identity }
    var dimension: Int { inner.dimension }
    func embed(_ texts: [String]) throws -> [[Float]] { try inner.embed(texts).map { $0.map { -$0 } } }
    func tokenCount(_ text: String) -> Int { inner.tokenCount(text) }
}
