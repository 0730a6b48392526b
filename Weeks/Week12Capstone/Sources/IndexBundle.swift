// The capstone's index folder: everything `serve` and `query` need, built once by `ingest`.
//
//   <folder>/manifest.json     what was indexed and how (written last: no manifest, no index)
//   <folder>/chunks.json       week 10's structure-aware chunks (file, line, section path, text)
//   <folder>/embeddings.npy    float32 [chunks, 384], MiniLM, L2-normalised rows
//   <folder>/vectors.index     the dense search structure over those rows (DenseSearch.swift)
//
// The manifest records the corpus fingerprint (FNV-1a over every file's path and bytes), the
// chunker configuration, the model, the counts, BM25's parameters and statistics, and the code
// version. `ingest` reuses the folder when all of those match the current corpus and settings;
// otherwise it rebuilds, re-embedding only chunks whose text is new (unchanged chunks keep their
// vectors, looked up by a hash of the text).
//
// Atomicity: a rebuild writes a sibling folder `<folder>.partial-<pid>`, then swaps it in with
// two renames; a crash leaves the old index or the new one (plus a stray partial folder).
//
// BM25's postings are rebuilt from chunks.json at load (tokenising the chunks takes less time than
// parsing stored postings would); the manifest's vocabulary size and mean length are checked
// against the rebuilt index, so a chunks file that does not match its manifest is caught.

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Shared
import Week10AdvancedRAG

public struct IndexManifest: Codable, Equatable, Sendable {
    public var codeVersion: String
    public var corpus: String
    public var corpusFingerprint: String
    public var files: Int
    public var corpusBytes: Int
    public var chunker: ChunkerConfig
    public var model: String
    public var dimension: Int
    public var chunks: Int
    public var bm25K1: Double
    public var bm25B: Double
    public var bm25Vocabulary: Int
    public var bm25AverageLength: Double
    public var vectorIndex: String
    public var created: String
    public var ingestSeconds: Double
}

public enum IndexFolderError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case incomplete(folder: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(folder):
            return "no index at \(folder) (no manifest.json): build it with `swift run Week12Capstone ingest`"
        case let .incomplete(folder, reason):
            return "the index at \(folder) is damaged or incomplete: \(reason); rebuild it with `swift run Week12Capstone ingest`"
        }
    }
}

/// A loaded index: week 10's RAGIndex (chunks, BM25, exact dense rows), the dense search structure
/// and the manifest that describes them.
public struct LoadedIndex {
    public var folder: URL
    public var manifest: IndexManifest
    public var rag: RAGIndex
    public var search: any DenseSearch
}

public struct IngestReport: Sendable {
    public var folder: URL
    public var reused: Bool
    public var files: Int
    public var chunks: Int
    public var embedded: Int
    public var embeddingsReused: Int
    public var seconds: Double
    public var embedSeconds: Double
    public var searchBuildSeconds: Double
    /// Why the previous index was not reused (nil when it was, or there was none).
    public var rebuildReason: String?
}

public enum IndexBundle {
    /// Bump when the folder's format or the chunk/embedding pipeline changes.
    public static let codeVersion = "week12-index-v1"
    public static let manifestName = "manifest.json", chunksName = "chunks.json"
    public static let embeddingsName = "embeddings.npy", vectorsName = "vectors.index"

    /// Output/Week12Capstone/index/<corpus folder name>-<hash of its absolute path>
    public static func defaultFolder(corpus: URL) throws -> URL {
        let tag = String(Fingerprint.hex(Fingerprint.fnv1a(Array(corpus.standardizedFileURL.path.utf8))).prefix(8))
        return try Project.outputDirectory("Week12Capstone").appendingPathComponent("index", isDirectory: true)
            .appendingPathComponent("\(corpus.lastPathComponent)-\(tag)", isDirectory: true)
    }

    /// FNV-1a over every file's relative path and bytes (sorted by path): the content, not mtimes,
    /// so a touched but unchanged file does not trigger a rebuild, and an edited one always does.
    public static func fingerprint(_ documents: [SourceDocument]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for d in documents {
            h = Fingerprint.fnv1a(Array(d.path.utf8) + [0], seed: h)
            h = Fingerprint.fnv1a(Array(d.text.utf8) + [0], seed: h)
        }
        return Fingerprint.hex(h)
    }

    public static func readManifest(_ folder: URL) throws -> IndexManifest {
        let url = folder.appendingPathComponent(manifestName)
        guard FileManager.default.fileExists(atPath: url.path) else { throw IndexFolderError.missing(Project.display(folder)) }
        do {
            return try JSONDecoder().decode(IndexManifest.self, from: Data(try FileIO.readBytes(url)))
        } catch {
            throw IndexFolderError.incomplete(folder: Project.display(folder), reason: "manifest.json does not parse (\(JSONErrorText.describe(error)))")
        }
    }

    /// Builds the index of `corpus` into `folder`, or reuses the one there when nothing changed.
    public static func ingest(corpus: URL, folder: URL, chunker: ChunkerConfig = ChunkerConfig(),
                              embedder: any TextEmbedder, searchKind: DenseSearchKind = .standard,
                              weekTenIndex: URL? = nil, showProgress: Bool = true) throws -> IngestReport {
        let t0 = Timing.now()
        let say: (String) -> Void = { if showProgress { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } }
        let documents = try Corpus.load(corpus)
        let fingerprint = fingerprint(documents)
        var reason: String? = nil
        var previous: LoadedIndex? = nil
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(manifestName).path) {
            do {
                let loaded = try load(folder, expectedDimension: embedder.dimension)
                previous = loaded
                let m = loaded.manifest
                if m.codeVersion != codeVersion { reason = "code version \(m.codeVersion) → \(codeVersion)" }
                else if m.corpusFingerprint != fingerprint { reason = "corpus changed (fingerprint \(m.corpusFingerprint) → \(fingerprint))" }
                else if m.chunker != chunker { reason = "chunker changed (\(m.chunker.signature) → \(chunker.signature))" }
                else if m.model != embedder.identity { reason = "model changed (\(m.model) → \(embedder.identity))" }
                else if m.vectorIndex != searchKind.description { reason = "vector index changed (\(m.vectorIndex) → \(searchKind.description))" }
                else {
                    return IngestReport(folder: folder, reused: true, files: m.files, chunks: m.chunks, embedded: 0,
                                        embeddingsReused: m.chunks, seconds: Timing.now() - t0, embedSeconds: 0,
                                        searchBuildSeconds: 0, rebuildReason: nil)
                }
            } catch {
                reason = "\(error)"
            }
        }
        if let reason { say("rebuilding the index: \(reason)") }

        let chunks = Chunker.chunk(documents, config: chunker)
        guard !chunks.isEmpty else { throw CorpusError.empty(corpus.path, extensions: Corpus.textExtensions) }
        let d = embedder.dimension
        // Vectors of unchanged chunk texts come from the previous index of the same model, then from
        // week 10's cached index (`weekTenIndex`), looked up by a hash of the chunk's indexed text.
        var sources: [(chunks: [Chunk], vectors: [Float])] = []
        if let previous, previous.manifest.model == embedder.identity { sources.append((previous.rag.chunks, previous.rag.dense.vectors)) }
        if let weekTenIndex, let donor = IndexStore.cachedEmbeddings(in: weekTenIndex, embedderIdentity: embedder.identity, dimension: d) {
            sources.append(donor)
        }
        var known: [UInt64: (source: Int, row: Int)] = [:]
        for (s, source) in sources.enumerated() {
            for (i, c) in source.chunks.enumerated() {
                let h = Fingerprint.fnv1a(Array(c.indexedText.utf8))
                if known[h] == nil { known[h] = (s, i) }
            }
        }
        var vectors = [Float](repeating: 0, count: chunks.count * d)
        var missing: [Int] = []
        for (i, c) in chunks.enumerated() {
            if let (s, j) = known[Fingerprint.fnv1a(Array(c.indexedText.utf8))] {
                let old = sources[s].vectors
                for t in 0..<d { vectors[i * d + t] = old[j * d + t] }
            } else {
                missing.append(i)
            }
        }
        say("ingest: \(documents.count) files → \(chunks.count) chunks (\(chunker.signature)); embedding \(missing.count) with \(embedder.identity)"
            + (missing.count < chunks.count ? ", \(chunks.count - missing.count) reused" : ""))
        let t1 = Timing.now()
        let fresh = try embedder.embedAll(missing.map { chunks[$0].indexedText }, label: "embedding chunks",
                                       showProgress: showProgress && !missing.isEmpty)
        for (row, i) in missing.enumerated() {
            for t in 0..<d { vectors[i * d + t] = fresh[row * d + t] }
        }
        let embedSeconds = Timing.now() - t1
        let t2 = Timing.now()
        let search = try searchKind.build(vectors: vectors, dimension: d, showProgress: showProgress)
        let searchSeconds = Timing.now() - t2
        let bm25 = BM25Index(documents: chunks.map(\.indexedText))
        let manifest = IndexManifest(
            codeVersion: codeVersion, corpus: corpus.standardizedFileURL.path, corpusFingerprint: fingerprint,
            files: documents.count, corpusBytes: documents.map { $0.text.utf8.count }.reduce(0, +), chunker: chunker,
            model: embedder.identity, dimension: d, chunks: chunks.count, bm25K1: bm25.parameters.k1, bm25B: bm25.parameters.b,
            bm25Vocabulary: bm25.vocabulary.count, bm25AverageLength: bm25.averageLength, vectorIndex: searchKind.description,
            created: timestamp(), ingestSeconds: Timing.now() - t0)
        try save(folder: folder, manifest: manifest, chunks: chunks, vectors: vectors, search: search)
        return IngestReport(folder: folder, reused: false, files: documents.count, chunks: chunks.count, embedded: missing.count,
                            embeddingsReused: chunks.count - missing.count, seconds: Timing.now() - t0,
                            embedSeconds: embedSeconds, searchBuildSeconds: searchSeconds, rebuildReason: reason)
    }

    static func save(folder: URL, manifest: IndexManifest, chunks: [Chunk], vectors: [Float], search: any DenseSearch) throws {
        let fm = FileManager.default
        let partial = URL(fileURLWithPath: folder.standardizedFileURL.path + ".partial-\(getpid())", isDirectory: true)
        try? fm.removeItem(at: partial)
        try fm.createDirectory(at: partial, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write([UInt8](try JSONEncoder().encode(chunks)), to: partial.appendingPathComponent(chunksName))
        try NPY.write(try Tensor(shape: [manifest.chunks, manifest.dimension], storage: vectors),
                      to: partial.appendingPathComponent(embeddingsName))
        try AtomicFile.write(search.serialized(), to: partial.appendingPathComponent(vectorsName))
        try AtomicFile.write([UInt8](try encoder.encode(manifest)), to: partial.appendingPathComponent(manifestName))
        // Swap: old folder aside, new folder in, old folder removed.
        let old = URL(fileURLWithPath: folder.standardizedFileURL.path + ".old-\(getpid())", isDirectory: true)
        try? fm.removeItem(at: old)
        if fm.fileExists(atPath: folder.path) { try fm.moveItem(at: folder, to: old) }
        try fm.moveItem(at: partial, to: folder)
        try? fm.removeItem(at: old)
    }

    /// Loads and checks every file of the folder; anything missing or inconsistent is one clear error.
    public static func load(_ folder: URL, expectedDimension: Int? = nil) throws -> LoadedIndex {
        let manifest = try readManifest(folder)
        let shown = Project.display(folder)
        func fail(_ reason: String) -> IndexFolderError { .incomplete(folder: shown, reason: reason) }
        let chunks: [Chunk]
        do {
            chunks = try JSONDecoder().decode([Chunk].self, from: Data(try FileIO.readBytes(folder.appendingPathComponent(chunksName))))
        } catch {
            throw fail("chunks.json is missing or does not parse")
        }
        guard chunks.count == manifest.chunks else { throw fail("chunks.json holds \(chunks.count) chunks, the manifest says \(manifest.chunks)") }
        guard manifest.dimension >= 1, manifest.dimension <= 1 << 16 else {
            throw fail("manifest.json: dimension = \(manifest.dimension), expected 1…65536")
        }
        guard manifest.bm25K1 >= 0, manifest.bm25K1 <= 100, manifest.bm25B >= 0, manifest.bm25B <= 1 else {
            throw fail("manifest.json: BM25 k1 = \(manifest.bm25K1), b = \(manifest.bm25B), expected k1 in 0…100 and b in 0…1")
        }
        let tensor: Tensor
        do {
            tensor = try NPY.readTensor(folder.appendingPathComponent(embeddingsName))
        } catch {
            throw fail("embeddings.npy is missing or truncated (\(error))")
        }
        guard tensor.shape == [manifest.chunks, manifest.dimension] else {
            throw fail("embeddings.npy has shape \(tensor.shape), the manifest says [\(manifest.chunks), \(manifest.dimension)]")
        }
        if let expectedDimension, expectedDimension != manifest.dimension {
            throw fail("it holds \(manifest.dimension)-dimensional vectors, the embedder makes \(expectedDimension)")
        }
        guard let kind = DenseSearchKind(description: manifest.vectorIndex) else {
            throw fail("unknown vector index '\(manifest.vectorIndex)'")
        }
        let search: any DenseSearch
        do {
            search = try kind.load(folder.appendingPathComponent(vectorsName), vectors: tensor.storage, dimension: manifest.dimension)
        } catch {
            throw fail("vectors.index: \(error)")
        }
        guard search.count == manifest.chunks else { throw fail("vectors.index holds \(search.count) vectors, the manifest says \(manifest.chunks)") }
        let bm25 = BM25Index(documents: chunks.map(\.indexedText), parameters: BM25Parameters(k1: manifest.bm25K1, b: manifest.bm25B))
        guard bm25.vocabulary.count == manifest.bm25Vocabulary, abs(bm25.averageLength - manifest.bm25AverageLength) < 1e-6 else {
            throw fail("BM25 statistics of chunks.json differ from the manifest's")
        }
        let rag = RAGIndex(chunks: chunks, bm25: bm25, dense: DenseIndex(dimension: manifest.dimension, vectors: tensor.storage),
                           chunker: manifest.chunker)
        return LoadedIndex(folder: folder, manifest: manifest, rag: rag, search: search)
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date())
    }
}
