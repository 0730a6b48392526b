// The vector-index API later weeks build on (week 10's dense retrieval, week 12's service):
//
//   protocol VectorIndex        add(vectors, ids) · search(query, k) · remove(id) · save(to:) · load(from:)
//   ExactIndex                  brute force through BLAS: the ground truth, and fast for small n
//   LSHIndex                    random-hyperplane hashing (Charikar 2002), several tables, multiprobe
//   HNSWIndex                   hierarchical navigable small-world graph (Malkov & Yashunin 2018)
//   VectorIndexFile.load(from:) opens any saved index by the kind written in its header
//
// Vectors are rows of Float, passed flat and row-major ([n, dimension]); ids are the caller's
// integers (e.g. row numbers or document ids). Every metric is reported as a *distance*, smaller
// is closer, the convention hnswlib and faiss use:
//   .l2            ‖a − b‖²                 (squared: same order as ‖a − b‖, no square root)
//   .innerProduct  1 − a·b                  (maximum inner product search)
//   .cosine        1 − a·b / (‖a‖‖b‖)       (vectors are normalised when added, queries when searched)
//
// Threads: searches may run concurrently with each other (batch search does); `add` and `remove`
// must not overlap with searches or with each other (HNSW's `add` parallelises internally).

import CHelpers
import Foundation
import Shared

public enum Metric: String, Sendable, CaseIterable {
    case l2, innerProduct = "ip", cosine

    /// The on-disk code.
    var code: UInt32 {
        switch self {
        case .l2: return 0
        case .innerProduct: return 1
        case .cosine: return 2
        }
    }

    init?(code: UInt32) {
        switch code {
        case 0: self = .l2
        case 1: self = .innerProduct
        case 2: self = .cosine
        default: return nil
        }
    }
}

/// One hit: the caller's id and its distance to the query (smaller is closer).
public struct SearchResult: Equatable, Sendable, CustomStringConvertible {
    public var id: Int
    public var distance: Float

    public init(id: Int, distance: Float) {
        self.id = id
        self.distance = distance
    }

    public var description: String { "(\(id), \(distance))" }
}

public protocol VectorIndex: AnyObject {
    /// Length of every vector.
    var dimension: Int { get }
    var metric: Metric { get }
    /// Vectors that can be returned (added and not removed).
    var count: Int { get }

    /// Adds `ids.count` vectors, flat row-major [ids.count, dimension]. An id already present
    /// (and not removed) is an error.
    func add(_ vectors: [Float], ids: [Int]) throws
    /// The k nearest live vectors, closest first.
    func search(_ query: [Float], k: Int) throws -> [SearchResult]
    /// Many queries ([q, dimension], flat) at once, spread over `threads` threads.
    func search(batch queries: [Float], k: Int, threads: Int) throws -> [[SearchResult]]
    /// Removes `id`: it is never returned again. Unknown ids are an error.
    func remove(_ id: Int) throws
    /// The index as the bytes of its file (see IndexFile.swift): deterministic, so saving a loaded
    /// index gives the same bytes.
    func serialized() -> [UInt8]
    /// Reads what `serialized()` wrote; a damaged file is a `VectorIndexError`.
    static func deserialize(_ bytes: [UInt8], source: String) throws -> Self
}

extension VectorIndex {
    /// Writes the index atomically (temporary file, fsync, rename).
    public func save(to url: URL) throws { try AtomicFile.write(serialized(), to: url) }

    public static func load(from url: URL) throws -> Self {
        try deserialize(try FileIO.readBytes(url), source: url.path)
    }
}

public enum VectorIndexError: Error, CustomStringConvertible, Equatable {
    case dimensionMismatch(expected: Int, got: Int, what: String)
    case duplicateID(Int)
    case unknownID(Int)
    case invalidArgument(String)
    case corrupt(source: String, reason: String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(expected, got, what):
            return "\(what) has dimension \(got), the index has dimension \(expected)"
        case let .duplicateID(id): return "id \(id) is already in the index"
        case let .unknownID(id): return "id \(id) is not in the index"
        case let .invalidArgument(what): return what
        case let .corrupt(source, reason): return "\(source): not a valid index file: \(reason)"
        }
    }
}

/// The distance kernels (C, AVX-512 / AVX2 / portable, chosen at load: see CHelpers' vector_distance.h).
public enum Distance {
    /// Which kernel this CPU runs.
    public static var kernel: String { String(cString: chelpers_distance_kernel()) }

    @inline(__always)
    public static func l2Squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        chelpers_l2_squared(a, b, n)
    }

    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        chelpers_dot(a, b, n)
    }

    /// The metric's distance between two stored (already normalised, for cosine) vectors.
    @inline(__always)
    public static func between(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int, metric: Metric) -> Float {
        metric == .l2 ? chelpers_l2_squared(a, b, n) : 1 - chelpers_dot(a, b, n)
    }

    /// Plain-array form for tests and small code.
    public static func between(_ a: [Float], _ b: [Float], metric: Metric) -> Float {
        precondition(a.count == b.count, "Distance.between: lengths differ")
        var x = a, y = b
        if metric == .cosine {
            normalize(&x)
            normalize(&y)
        }
        return x.withUnsafeBufferPointer { pa in
            y.withUnsafeBufferPointer { pb in between(pa.baseAddress!, pb.baseAddress!, a.count, metric: metric) }
        }
    }

    /// Scales `v` to unit length (a zero vector stays zero).
    public static func normalize(_ v: inout [Float]) {
        v.withUnsafeMutableBufferPointer { normalize($0.baseAddress!, $0.count) }
    }

    public static func normalize(_ v: UnsafeMutablePointer<Float>, _ n: Int) {
        let norm = chelpers_dot(v, v, n).squareRoot()
        guard norm > 0 else { return }
        let inverse = 1 / norm
        for i in 0..<n { v[i] *= inverse }
    }
}

/// Argument checks shared by the indexes.
enum Check {
    static func vectors(_ vectors: [Float], ids: [Int], dimension: Int) throws {
        guard dimension > 0, vectors.count == ids.count * dimension else {
            throw VectorIndexError.invalidArgument("add: \(vectors.count) values do not form \(ids.count) vectors of dimension \(dimension)")
        }
        var seen = Set<Int>()
        for id in ids where !seen.insert(id).inserted { throw VectorIndexError.duplicateID(id) }
        for v in vectors where !v.isFinite {
            throw VectorIndexError.invalidArgument("add: vectors contain a non-finite value (\(v))")
        }
    }

    static func query(_ query: [Float], k: Int, dimension: Int) throws {
        guard query.count == dimension else {
            throw VectorIndexError.dimensionMismatch(expected: dimension, got: query.count, what: "the query")
        }
        guard k >= 1 else { throw VectorIndexError.invalidArgument("k must be at least 1, got \(k)") }
        // A NaN query makes every distance NaN: HNSW's descent would stop at the entry point and
        // every index would return an arbitrary order. Refused instead.
        if let v = query.first(where: { !$0.isFinite }) { throw VectorIndexError.invalidArgument("the query contains a non-finite value (\(v))") }
    }

    static func batch(_ queries: [Float], k: Int, dimension: Int) throws -> Int {
        guard k >= 1 else { throw VectorIndexError.invalidArgument("k must be at least 1, got \(k)") }
        guard queries.count % dimension == 0 else {
            throw VectorIndexError.dimensionMismatch(expected: dimension, got: queries.count, what: "the query batch (\(queries.count) values)")
        }
        if let v = queries.first(where: { !$0.isFinite }) { throw VectorIndexError.invalidArgument("the query batch contains a non-finite value (\(v))") }
        return queries.count / dimension
    }
}

/// Runs body(t) for t in 0..<threads on `threads` threads (inline when 1).
func parallelFor(_ threads: Int, _ body: @Sendable (Int) -> Void) {
    if threads <= 1 { body(0); return }
    DispatchQueue.concurrentPerform(iterations: threads) { body($0) }
}

/// Runs `body(i)` for every i in 0..<n, split into contiguous chunks over `threads` threads, and
/// collects the results in order.
func parallelMap<R>(_ n: Int, threads: Int, _ body: @Sendable (Int) -> R) -> [R] {
    let slots = UnsafeMutablePointer<R?>.allocate(capacity: max(n, 1))
    slots.initialize(repeating: nil, count: n)
    defer {
        slots.deinitialize(count: n)
        slots.deallocate()
    }
    let shared = SharedPointer(slots)
    let t = max(1, min(threads, n))
    // Interleaved chunks of 16 balance uneven query costs across threads.
    let chunk = 16
    let chunks = (n + chunk - 1) / chunk
    parallelFor(t) { worker in
        var c = worker
        while c < chunks {
            for i in (c * chunk)..<min(n, (c + 1) * chunk) { shared[i] = body(i) }
            c += t
        }
    }
    return (0..<n).map { slots[$0]! }
}
