// The index folder under TestSupport's fuzz harness: the tiny corpus is ingested (HNSW and exact),
// then each of the four files is mutated in place, case after case, and the folder loaded and
// searched. Every case is a loaded index whose hits name real chunks, or one error line.

import Foundation
import Shared
import TestSupport
import Week09VectorDB
import Week10AdvancedRAG
import Week12Capstone
import XCTest

final class IndexFolderFuzzTests: XCTestCase {
    func fuzzFolder(_ kind: DenseSearchKind) throws {
        let (temporary, docs, folder) = try TinyCorpus.make()
        _ = temporary
        let embedder = CountingEmbedder()
        _ = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, searchKind: kind, showProgress: false)
        let query = try embedder.embed(["pretty print json"])[0]
        for name in [IndexBundle.manifestName, IndexBundle.chunksName, IndexBundle.embeddingsName, IndexBundle.vectorsName] {
            let url = folder.appendingPathComponent(name)
            let original = try FileIO.readBytes(url)
            Fuzz.run("week-12 index \(kind) \(name)", seeds: [original], cases: Fuzz.caseCount(2000) / 8, tokens: ["hnsw", "exact", "\"dimension\"", "\"chunks\"", "<f4", "<f8"]) { bytes -> Int in
                try AtomicFile.write(bytes, to: url)
                let loaded = try IndexBundle.load(folder, expectedDimension: 64)
                let hits = try loaded.search.search(query, k: 3)
                return hits.map { loaded.rag.chunks[$0.index].line }.reduce(0, +)
            }
            try AtomicFile.write(original, to: url)
        }
    }

    func testFuzzHNSWFolder() throws { try fuzzFolder(.hnsw) }

    func testFuzzExactFolder() throws { try fuzzFolder(.exact) }

    func testHNSWFileWithForeignIdsIsRefused() throws {
        // A graph over the right vectors whose ids are not chunk positions would return hits that
        // name no chunk: refused at load.
        let (temporary, docs, folder) = try TinyCorpus.make()
        _ = temporary
        let embedder = CountingEmbedder()
        let report = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        let vectors = try NPY.readTensor(folder.appendingPathComponent(IndexBundle.embeddingsName)).storage
        let graph = HNSWIndex(dimension: 64, metric: .cosine, m: 16, efConstruction: 200)
        try graph.add(vectors, ids: (0..<report.chunks).map { $0 + 1000 })
        try AtomicFile.write(graph.serialized(), to: folder.appendingPathComponent(IndexBundle.vectorsName))
        XCTAssertThrowsError(try IndexBundle.load(folder)) { error in
            XCTAssertTrue("\(error)".contains("are not the chunk positions 0..<\(report.chunks)"), "\(error)")
        }
    }
}
