// The dense leg's search structure over the chunk embeddings, behind one small protocol:
//
//   exact   every row scored by one GEMV (week 10's DenseIndex): the ground truth, O(N·d) per query
//   hnsw    week 9's HNSW graph (M = 16, efConstruction = 200, efSearch = 200, one build thread so
//           the same vectors give the same file), inner-product metric: distance = 1 − q·x, and
//           the rows are unit vectors, so score = 1 − distance is the cosine. O(log N)-ish per query.
//
// Scores are cosines (rows and queries are L2-normalised), best first, as `ScoredItem`s whose
// `index` is the chunk's position in chunks.json.

import Foundation
import Shared
import Week09VectorDB
import Week10AdvancedRAG

public protocol DenseSearch {
    var count: Int { get }
    /// The k rows most similar to `query`, best first (score = cosine).
    func search(_ query: [Float], k: Int) throws -> [ScoredItem]
    /// The bytes of vectors.index.
    func serialized() -> [UInt8]
}

public enum DenseSearchKind: Equatable, Sendable, CustomStringConvertible {
    case exact
    case hnsw

    /// What ingest builds unless told otherwise.
    public static let standard = DenseSearchKind.hnsw

    public var description: String {
        switch self {
        case .exact: return "exact"
        case .hnsw: return "hnsw(M=16, efConstruction=200, efSearch=200)"
        }
    }

    public init?(description: String) {
        switch description {
        case "exact": self = .exact
        case DenseSearchKind.hnsw.description: self = .hnsw
        default: return nil
        }
    }

    public func build(vectors: [Float], dimension: Int, showProgress: Bool) throws -> any DenseSearch {
        switch self {
        case .exact: return ExactDenseSearch(index: DenseIndex(dimension: dimension, vectors: vectors))
        case .hnsw:
            let graph = HNSWIndex(dimension: dimension, metric: .innerProduct, m: 16, efConstruction: 200, seed: 100)
            graph.efSearch = 200
            let n = vectors.count / dimension
            let bar = showProgress ? ProgressBar("HNSW graph", total: n) : nil
            var start = 0
            while start < n {  // in blocks, to show progress
                let end = min(n, start + 1024)
                try graph.add(Array(vectors[(start * dimension)..<(end * dimension)]), ids: Array(start..<end))
                bar?.update(end)
                start = end
            }
            bar?.finish()
            return HNSWDenseSearch(graph: graph)
        }
    }

    public func load(_ url: URL, vectors: [Float], dimension: Int) throws -> any DenseSearch {
        let bytes = try FileIO.readBytes(url)
        switch self {
        case .exact:
            let search = ExactDenseSearch(index: DenseIndex(dimension: dimension, vectors: vectors))
            guard bytes == search.serialized() else {
                throw DataFileError.malformed(path: url.path, reason: "does not describe the \(search.count) rows of embeddings.npy")
            }
            return search
        case .hnsw:
            let graph = try HNSWIndex.deserialize(bytes, source: url.path)
            guard graph.dimension == dimension else {
                throw DataFileError.malformed(path: url.path, reason: "holds \(graph.dimension)-dimensional vectors, not \(dimension)")
            }
            // Ids are chunk positions: each of 0..<rows exactly once, or a hit would name no chunk.
            let rows = dimension > 0 ? vectors.count / dimension : 0
            let ids = graph.liveIDs
            guard ids.count == rows, Set(ids) == Set(0..<rows) else {
                throw DataFileError.malformed(path: url.path, reason: "its \(ids.count) ids are not the chunk positions 0..<\(rows)")
            }
            return HNSWDenseSearch(graph: graph)
        }
    }
}

/// Week 9's HNSW graph; ids are chunk positions.
public struct HNSWDenseSearch: DenseSearch {
    public let graph: HNSWIndex
    public var count: Int { graph.count }

    public func search(_ query: [Float], k: Int) throws -> [ScoredItem] {
        try graph.search(query, k: k, ef: max(graph.efSearch, k)).map { ScoredItem(index: $0.id, score: Double(1 - $0.distance)) }
    }

    public func serialized() -> [UInt8] { graph.serialized() }
}

/// Brute force over the embedding matrix. Its file is only a header (the rows are embeddings.npy).
public struct ExactDenseSearch: DenseSearch {
    public let index: DenseIndex
    public var count: Int { index.count }

    public func search(_ query: [Float], k: Int) throws -> [ScoredItem] { index.search(query, k: k) }

    public func serialized() -> [UInt8] { Array("exact \(index.count) \(index.dimension)\n".utf8) }
}
