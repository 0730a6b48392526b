// The index on disk: built once, loaded on later runs, rebuilt when anything it depends on changes.
//
//   <folder>/manifest.json    code version, fingerprint, counts (written last)
//   <folder>/chunks.json      the chunks
//   <folder>/embeddings.npy   float32 [chunks, dimension], L2-normalised rows
//
// The fingerprint is FNV-1a (64-bit) over: `codeVersion`, the chunker signature, the embedder
// identity, and every corpus file's relative path, size and modification time. Any change →
// a rebuild. A rebuild re-embeds only chunks whose indexed text is new: the previous embeddings
// are reused by text hash, so editing one file re-embeds just its chunks.
//
// BM25 statistics (postings, document lengths, idf) are recomputed from the cached chunks at load:
// tokenising the chunks takes about a second, less than parsing stored postings would.
// Every file is written atomically (AtomicFile); a crash mid-write leaves the old index or none.

import Foundation
import Shared

public enum Fingerprint {
    public static func fnv1a(_ bytes: [UInt8], seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    public static func hex(_ h: UInt64) -> String {
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

public struct IndexBuildReport: Sendable {
    public var folder: URL
    public var loadedFromCache: Bool
    public var files: Int
    public var chunks: Int
    public var embedded: Int
    public var reused: Int
    public var chunkSeconds: Double
    public var embedSeconds: Double
    public var bm25Seconds: Double
}

public enum IndexStore {
    /// Bump when chunking, cleaning or the file format changes, to invalidate every cached index.
    public static let codeVersion = "week10-index-v1"

    public static func fingerprint(files: [(path: String, size: Int, modified: Int64)], chunker: ChunkerConfig,
                                   embedderIdentity: String) -> String {
        var text = "\(codeVersion)\n\(chunker.signature)\n\(embedderIdentity)\n"
        for f in files { text += "\(f.path)\t\(f.size)\t\(f.modified)\n" }
        return Fingerprint.hex(Fingerprint.fnv1a(Array(text.utf8)))
    }

    /// Output/Week10AdvancedRAG/index/<corpus folder name>-<hash of its path>-<chunker kind>
    public static func folder(corpus: URL, chunker: ChunkerConfig) throws -> URL {
        let path = corpus.standardizedFileURL.path
        let tag = String(Fingerprint.hex(Fingerprint.fnv1a(Array(path.utf8))).prefix(8))
        return try Project.outputDirectory("Week10AdvancedRAG").appendingPathComponent("index", isDirectory: true)
            .appendingPathComponent("\(corpus.lastPathComponent)-\(tag)-\(chunker.kind.rawValue)", isDirectory: true)
    }

    struct Manifest: Codable {
        var version: String
        var fingerprint: String
        var chunks: Int
        var dimension: Int
        var embedder: String
        var chunker: String
        var files: Int
    }

    /// Loads the index in `folder` if its fingerprint matches, else builds it (reusing what it can).
    public static func loadOrBuild(corpus: URL, chunker: ChunkerConfig, embedder: any TextEmbedder,
                                   bm25: BM25Parameters = BM25Parameters(), folder: URL,
                                   showProgress: Bool = true) throws -> (RAGIndex, IndexBuildReport) {
        let listing = try Corpus.list(corpus)
        let print: (String) -> Void = { message in
            if showProgress { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        }
        let fingerprint = fingerprint(files: listing.map { ($0.path, $0.size, $0.modified) }, chunker: chunker,
                                      embedderIdentity: embedder.identity)
        let manifestURL = folder.appendingPathComponent("manifest.json")
        let chunksURL = folder.appendingPathComponent("chunks.json")
        let embeddingsURL = folder.appendingPathComponent("embeddings.npy")
        var report = IndexBuildReport(folder: folder, loadedFromCache: false, files: listing.count, chunks: 0,
                                      embedded: 0, reused: 0, chunkSeconds: 0, embedSeconds: 0, bm25Seconds: 0)

        let previous = try? loadCached(manifestURL: manifestURL, chunksURL: chunksURL, embeddingsURL: embeddingsURL)
        var chunks: [Chunk]
        var vectors: [Float]
        if let previous, previous.manifest.fingerprint == fingerprint, previous.manifest.version == codeVersion,
           previous.manifest.dimension == embedder.dimension {
            chunks = previous.chunks
            vectors = previous.vectors
            report.loadedFromCache = true
        } else {
            let t0 = Timing.now()
            let documents = try Corpus.load(corpus)
            chunks = Chunker.chunk(documents, config: chunker)
            report.chunkSeconds = Timing.now() - t0
            // Reuse embeddings of unchanged chunk texts from the previous index of the same embedder.
            var known: [UInt64: Int] = [:]
            if let previous, previous.manifest.embedder == embedder.identity, previous.manifest.dimension == embedder.dimension {
                for (i, c) in previous.chunks.enumerated() { known[Fingerprint.fnv1a(Array(c.indexedText.utf8))] = i }
            }
            let d = embedder.dimension
            vectors = [Float](repeating: 0, count: chunks.count * d)
            var missing: [Int] = []
            for (i, c) in chunks.enumerated() {
                if let j = known[Fingerprint.fnv1a(Array(c.indexedText.utf8))], let old = previous {
                    for t in 0..<d { vectors[i * d + t] = old.vectors[j * d + t] }
                    report.reused += 1
                } else {
                    missing.append(i)
                }
            }
            print("indexing \(listing.count) files → \(chunks.count) chunks (\(chunker.signature)); embedding \(missing.count) with \(embedder.identity)\(report.reused > 0 ? ", \(report.reused) reused" : "")")
            let t1 = Timing.now()
            let fresh = try embedder.embedAll(missing.map { chunks[$0].indexedText }, label: "embedding chunks",
                                              showProgress: showProgress)
            for (row, i) in missing.enumerated() {
                for t in 0..<d { vectors[i * d + t] = fresh[row * d + t] }
            }
            report.embedded = missing.count
            report.embedSeconds = Timing.now() - t1
            try save(chunks: chunks, vectors: vectors, dimension: d, folder: folder, manifest: Manifest(
                version: codeVersion, fingerprint: fingerprint, chunks: chunks.count, dimension: d,
                embedder: embedder.identity, chunker: chunker.signature, files: listing.count))
        }
        report.chunks = chunks.count
        let t2 = Timing.now()
        let lexical = BM25Index(documents: chunks.map(\.indexedText), parameters: bm25)
        report.bm25Seconds = Timing.now() - t2
        let index = RAGIndex(chunks: chunks, bm25: lexical, dense: DenseIndex(dimension: embedder.dimension, vectors: vectors),
                             chunker: chunker)
        return (index, report)
    }

    /// The chunks and vectors of the index cached in `folder`, whatever its fingerprint, if it was
    /// embedded by `embedderIdentity` with `dimension` — so another week (the capstone) can reuse
    /// vectors by chunk text instead of embedding the same chunks again. Nil when there is none.
    public static func cachedEmbeddings(in folder: URL, embedderIdentity: String, dimension: Int) -> (chunks: [Chunk], vectors: [Float])? {
        guard let cached = try? loadCached(manifestURL: folder.appendingPathComponent("manifest.json"),
                                           chunksURL: folder.appendingPathComponent("chunks.json"),
                                           embeddingsURL: folder.appendingPathComponent("embeddings.npy")),
              cached.manifest.version == codeVersion, cached.manifest.embedder == embedderIdentity,
              cached.manifest.dimension == dimension else { return nil }
        return (cached.chunks, cached.vectors)
    }

    static func save(chunks: [Chunk], vectors: [Float], dimension: Int, folder: URL, manifest: Manifest) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Manifest first removed, then data, then the manifest: a half-updated folder never validates.
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("manifest.json"))
        try AtomicFile.write([UInt8](try encoder.encode(chunks)), to: folder.appendingPathComponent("chunks.json"))
        try NPY.write(try Tensor(shape: [chunks.count, dimension], storage: vectors),
                      to: folder.appendingPathComponent("embeddings.npy"))
        try AtomicFile.write([UInt8](try encoder.encode(manifest)), to: folder.appendingPathComponent("manifest.json"))
    }

    static func loadCached(manifestURL: URL, chunksURL: URL, embeddingsURL: URL) throws
        -> (manifest: Manifest, chunks: [Chunk], vectors: [Float]) {
        try decodeCached(manifest: try FileIO.readBytes(manifestURL), chunks: try FileIO.readBytes(chunksURL),
                         embeddings: try FileIO.readBytes(embeddingsURL), folder: manifestURL.deletingLastPathComponent().path)
    }

    /// The three files of a cached index, checked against each other: a count or dimension that
    /// disagrees, a dimension < 1, or a non-finite vector is an error naming the file.
    static func decodeCached(manifest manifestBytes: [UInt8], chunks chunksBytes: [UInt8], embeddings: [UInt8], folder: String) throws
        -> (manifest: Manifest, chunks: [Chunk], vectors: [Float]) {
        func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], _ name: String) throws -> T {
            do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
                throw DataFileError.malformed(path: "\(folder)/\(name)", reason: "does not decode as the index's JSON")
            }
        }
        let manifest = try decode(Manifest.self, manifestBytes, "manifest.json")
        let chunks = try decode([Chunk].self, chunksBytes, "chunks.json")
        let (shape, vectors) = try NPY.decode(embeddings, path: "\(folder)/embeddings.npy", as: Float.self) { Float($0) }
        guard manifest.dimension >= 1, chunks.count == manifest.chunks, shape == [manifest.chunks, manifest.dimension] else {
            throw DataFileError.malformed(path: "\(folder)/manifest.json", reason: "cached index is inconsistent")
        }
        if let i = vectors.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError.malformed(path: "\(folder)/embeddings.npy", reason: "value \(i) does not fit in Float32")
        }
        return (manifest, chunks, vectors)
    }
}
