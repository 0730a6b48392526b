// The dense leg's search structure over the chunk embeddings, behind one small protocol:
//
//   exact   every row scored by one GEMV (week 10's DenseIndex): the ground truth, O(N·d) per query
//
// Scores are cosines (rows and queries are L2-normalised), best first, as `ScoredItem`s whose
// `index` is the chunk's position in chunks.json.

import Foundation
import Shared
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

    /// What ingest builds unless told otherwise.
    public static let standard = DenseSearchKind.exact

    public var description: String {
        switch self {
        case .exact: return "exact"
        }
    }

    public init?(description: String) {
        switch description {
        case "exact": self = .exact
        default: return nil
        }
    }

    func build(vectors: [Float], dimension: Int, showProgress: Bool) throws -> any DenseSearch {
        switch self {
        case .exact: return ExactDenseSearch(index: DenseIndex(dimension: dimension, vectors: vectors))
        }
    }

    func load(_ url: URL, vectors: [Float], dimension: Int) throws -> any DenseSearch {
        let bytes = try FileIO.readBytes(url)
        switch self {
        case .exact:
            let search = ExactDenseSearch(index: DenseIndex(dimension: dimension, vectors: vectors))
            guard bytes == search.serialized() else {
                throw DataFileError.malformed(path: url.path, reason: "does not describe the \(search.count) rows of embeddings.npy")
            }
            return search
        }
    }
}

/// Brute force over the embedding matrix. Its file is only a header (the rows are embeddings.npy).
public struct ExactDenseSearch: DenseSearch {
    public let index: DenseIndex
    public var count: Int { index.count }

    public func search(_ query: [Float], k: Int) throws -> [ScoredItem] { index.search(query, k: k) }

    public func serialized() -> [UInt8] { Array("exact \(index.count) \(index.dimension)\n".utf8) }
}
