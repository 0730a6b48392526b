// Exact (brute-force) search: the ground truth every approximate index is measured against.
//
// For a block of B queries Q [B, d] against the base X [n, d], one GEMM gives every inner product:
//   S = Q · Xᵀ  [B, n]
//   l2:      ‖q − x‖² = ‖q‖² − 2 q·x + ‖x‖²      (norms ‖x‖² precomputed when vectors are added)
//   ip/cos:  1 − q·x                            (cosine: rows normalised when added / searched)
// then each row's k smallest by a bounded max-heap (O(n log k), most rows rejected by one compare).
// The GEMM runs at BLAS speed (tens of GFLOP/s) where a loop of dot products is memory-bound, so
// exact search of 1,000 queries over 60,000 × 784 takes about a second.
// The expansion ‖q‖² − 2q·x + ‖x‖² loses a few bits to cancellation for near-duplicates; the order
// of neighbours is what search needs and it is unaffected except for ties.

import Foundation
import Shared

public final class ExactIndex: VectorIndex, @unchecked Sendable {
    public let dimension: Int
    public let metric: Metric
    /// Rows [n, dimension] (normalised for cosine).
    private(set) var vectors: [Float] = []
    /// ‖x‖² per row (l2 only).
    private var norms: [Float] = []
    private(set) var ids: [Int] = []
    private(set) var removed: [Bool] = []
    private var rowOfID: [Int: Int] = [:]
    /// Queries per GEMM block: bounds the [B, n] distance block in memory.
    public var blockSize = 128

    public init(dimension: Int, metric: Metric = .l2) {
        precondition(dimension > 0, "ExactIndex: dimension must be positive")
        self.dimension = dimension
        self.metric = metric
    }

    public var count: Int { rowOfID.count }
    var rows: Int { ids.count }

    public func add(_ newVectors: [Float], ids newIDs: [Int]) throws {
        try Check.vectors(newVectors, ids: newIDs, dimension: dimension)
        for id in newIDs where rowOfID[id] != nil { throw VectorIndexError.duplicateID(id) }
        let d = dimension
        for (r, id) in newIDs.enumerated() {
            var row = Array(newVectors[(r * d)..<((r + 1) * d)])
            if metric == .cosine { Distance.normalize(&row) }
            rowOfID[id] = ids.count
            ids.append(id)
            removed.append(false)
            norms.append(row.withUnsafeBufferPointer { Distance.dot($0.baseAddress!, $0.baseAddress!, d) })
            vectors += row
        }
    }

    public func remove(_ id: Int) throws {
        guard let row = rowOfID.removeValue(forKey: id) else { throw VectorIndexError.unknownID(id) }
        removed[row] = true
    }

    public func search(_ query: [Float], k: Int) throws -> [SearchResult] {
        try Check.query(query, k: k, dimension: dimension)
        return try search(batch: query, k: k, threads: 1)[0]
    }

    public func search(batch queries: [Float], k: Int, threads: Int = 1) throws -> [[SearchResult]] {
        let q = try Check.batch(queries, k: k, dimension: dimension)
        var results: [[SearchResult]] = []
        results.reserveCapacity(q)
        var start = 0
        while start < q {
            let b = min(blockSize, q - start)
            results += searchBlock(Array(queries[(start * dimension)..<((start + b) * dimension)]), count: b, k: k, threads: threads)
            start += b
        }
        return results
    }

    /// One GEMM for the block, then per-query selection spread over threads.
    private func searchBlock(_ block: [Float], count b: Int, k: Int, threads: Int) -> [[SearchResult]] {
        // exercise exact-search-block: The k nearest live rows of every query in the block, for the index's metric, from one GEMM.
        // hint: Cosine queries are normalised first (the rows already are), after which cosine and inner product are both 1 − q·x.
        // hint: S = Q·Xᵀ [B, n] is one BLAS.sgemm; for l2 expand ‖q − x‖² = ‖q‖² − 2 q·x + ‖x‖² with the stored row norms, clamped at 0.
        // hint: Per query row, `smallestK` with a CandidateHeap keeps the k best and skips removed rows; map heap nodes back to the caller's ids.
        // tests: ExactIndexTests/testMatchesNaiveLoopForEveryMetric, ExactIndexTests/testRemovedIDsAreNeverReturnedAndCountsFollow
        let n = rows, d = dimension
        var queries = block
        if metric == .cosine {
            queries.withUnsafeMutableBufferPointer { p in for i in 0..<b { Distance.normalize(p.baseAddress! + i * d, d) } }
        }
        guard n > 0 else { return Array(repeating: [], count: b) }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: b * n)
        defer { scores.deallocate() }
        queries.withUnsafeBufferPointer { pq in
            vectors.withUnsafeBufferPointer { px in
                BLAS.sgemm(transposeA: false, transposeB: true, m: b, n: n, k: d,
                           a: pq.baseAddress!, b: px.baseAddress!, c: scores)
            }
        }
        let shared = SharedPointer(scores)
        let queryNorms: [Float] = (0..<b).map { i in
            queries.withUnsafeBufferPointer { Distance.dot($0.baseAddress! + i * d, $0.baseAddress! + i * d, d) }
        }
        let metric = self.metric
        return parallelMap(b, threads: threads) { i in
            let row = shared.base + i * n
            self.norms.withUnsafeBufferPointer { xn in
                if metric == .l2 {
                    let qn = queryNorms[i]
                    for j in 0..<n { row[j] = max(0, qn - 2 * row[j] + xn[j]) }
                } else {
                    for j in 0..<n { row[j] = 1 - row[j] }
                }
            }
            var heap = CandidateHeap(capacity: k + 1)
            defer { heap.deallocate() }
            let best = self.removed.withUnsafeBufferPointer { gone in
                smallestK(row, n: n, k: k, heap: &heap) { gone[$0] }
            }
            return best.map { SearchResult(id: self.ids[Int($0.node)], distance: $0.distance) }
        }
        // end exercise exact-search-block
    }

    // MARK: File (payload: dimension u32, metric u32, rows u64, ids i64·n, removed u8·n, vectors f32·n·d)

    public func serialized() -> [UInt8] {
        var w = ByteWriter()
        w.u32(UInt32(dimension))
        w.u32(metric.code)
        w.u64(UInt64(rows))
        for id in ids { w.i64(Int64(id)) }
        for r in removed { w.u8(r ? 1 : 0) }
        vectors.withUnsafeBufferPointer { w.floats($0.baseAddress!, count: $0.count) }
        return IndexFormat.wrap(kind: .exact, payload: w.bytes)
    }

    public static func deserialize(_ bytes: [UInt8], source: String) throws -> ExactIndex {
        var r = try IndexFormat.unwrap(bytes, expecting: .exact, source: source)
        let d = Int(try r.u32("dimension"))
        guard d > 0, d <= 1 << 20 else { throw r.fail("dimension \(d) is out of range") }
        let code = try r.u32("metric")
        guard let metric = Metric(code: code) else { throw r.fail("unknown metric code \(code)") }
        let n = try r.count("row count", max: r.remaining / (8 + 1 + 4 * d))
        let index = ExactIndex(dimension: d, metric: metric)
        for _ in 0..<n { index.ids.append(Int(try r.i64("ids"))) }
        for _ in 0..<n {
            let flag = try r.u8("removed flags")
            guard flag <= 1 else { throw r.fail("removed flag \(flag) is not 0 or 1") }
            index.removed.append(flag == 1)
        }
        index.vectors = try r.floats(n * d, "vectors")
        try r.finish()
        for (row, id) in index.ids.enumerated() where !index.removed[row] {
            guard index.rowOfID.updateValue(row, forKey: id) == nil else { throw r.fail("id \(id) appears twice") }
        }
        index.norms = (0..<n).map { i in
            index.vectors.withUnsafeBufferPointer { Distance.dot($0.baseAddress! + i * d, $0.baseAddress! + i * d, d) }
        }
        return index
    }
}
