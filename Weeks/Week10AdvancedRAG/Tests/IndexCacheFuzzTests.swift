// Week 10's cached index under TestSupport's fuzz harness: each of the three files (manifest,
// chunks, embeddings) is mutated while the other two stay valid, and decoded with the checks
// `loadOrBuild` relies on. A damaged cache is never used: it is rebuilt.

import Foundation
import Shared
import TestSupport
@testable import Week10AdvancedRAG
import XCTest

final class IndexCacheFuzzTests: XCTestCase {
    func buildCache() throws -> (TemporaryDirectory, URL, URL) {
        let dir = try TemporaryDirectory()
        let docs = dir.file("docs")
        for (path, text) in IndexAndPipelineTests.corpus {
            let url = docs.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(text, to: url)
        }
        let folder = dir.file("index")
        _ = try IndexStore.loadOrBuild(corpus: docs, chunker: ChunkerConfig(kind: .structure, maxWords: 40),
                                       embedder: CountingEmbedder(), folder: folder, showProgress: false)
        return (dir, docs, folder)
    }

    func testFuzzCachedIndexFiles() throws {
        let (dir, _, folder) = try buildCache()
        _ = dir
        let names = ["manifest.json", "chunks.json", "embeddings.npy"]
        let files = try names.map { try FileIO.readBytes(folder.appendingPathComponent($0)) }
        for (which, name) in names.enumerated() {
            Fuzz.run("week-10 cache \(name)", seeds: [files[which]], cases: Fuzz.caseCount(2000) / 3,
                     tokens: ["\"dimension\"", "\"chunks\"", "\"line\"", "<f4", "<f8", "<i8"]) { bytes -> Int in
                var parts = files
                parts[which] = bytes
                let cached = try IndexStore.decodeCached(manifest: parts[0], chunks: parts[1], embeddings: parts[2], folder: folder.path)
                XCTAssertEqual(cached.vectors.count, cached.chunks.count * cached.manifest.dimension)
                return cached.chunks.count
            }
        }
    }

    func testTruncatedEmbeddingsAreRebuiltNotUsed() throws {
        let (dir, docs, folder) = try buildCache()
        _ = dir
        let url = folder.appendingPathComponent("embeddings.npy")
        let bytes = try FileIO.readBytes(url)
        try AtomicFile.write(Array(bytes.prefix(bytes.count - 4)), to: url)
        XCTAssertThrowsError(try IndexStore.loadCached(manifestURL: folder.appendingPathComponent("manifest.json"),
                                                       chunksURL: folder.appendingPathComponent("chunks.json"),
                                                       embeddingsURL: url)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(url.path): malformed: shape [5, 64] of <f4 needs 1280 data bytes, file has 1276"), "\(error)")
        }
        let embedder = CountingEmbedder()
        let (index, report) = try IndexStore.loadOrBuild(corpus: docs, chunker: ChunkerConfig(kind: .structure, maxWords: 40),
                                                         embedder: embedder, folder: folder, showProgress: false)
        XCTAssertFalse(report.loadedFromCache)
        XCTAssertEqual(index.chunks.count, 5)
        XCTAssertEqual(embedder.embedded, 5, "nothing reused from a damaged cache")
    }
}
