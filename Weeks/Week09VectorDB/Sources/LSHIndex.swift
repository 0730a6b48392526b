// Locality-sensitive hashing with random hyperplanes (Charikar 2002).
//
// A hyperplane through the origin with a Gaussian normal r splits space in two; two vectors at
// angle θ fall on the same side with probability
//   P[sign(r·a) = sign(r·b)] = 1 − θ/π.
// A table concatenates `bits` such signs into a key (similar vectors collide, dissimilar ones
// rarely: p^bits), and `tables` independent tables give a near neighbour `tables` chances to share a
// bucket with the query. Multiprobe (Lv et al. 2007) also looks in the buckets one bit-flip away,
// flipping the bits whose projection was closest to zero first (the least certain signs), which buys
// recall with fewer tables. Candidates from all probed buckets are then ranked by their true distance.
//
// Data are centred (the mean of the first batch added is subtracted before hashing), because pixel
// vectors all lie in one orthant where planes through the origin separate little. Hashing is one
// GEMM: X [n, d] · Pᵀ [d, tables·bits].

import Foundation
import Shared

public final class LSHIndex: VectorIndex, @unchecked Sendable {
    public let dimension: Int
    public let metric: Metric
    public let tables: Int
    public let bits: Int
    /// Extra buckets probed per table (0…bits), chosen by the smallest |projection|.
    public var probes: Int = 0
    public let seed: UInt64
    /// Hyperplane normals [tables·bits, dimension].
    let planes: [Float]
    /// Subtracted before hashing (set by the first add).
    private(set) var center: [Float]
    private(set) var vectors: [Float] = []
    private(set) var ids: [Int] = []
    private(set) var removed: [Bool] = []
    private var rowOfID: [Int: Int] = [:]
    private var buckets: [[UInt64: [Int32]]]
    private let scratchPool = ScratchPool()

    public init(dimension: Int, metric: Metric = .l2, tables: Int = 8, bits: Int = 16, seed: UInt64 = 7) {
        precondition(dimension > 0 && tables >= 1 && bits >= 1 && bits <= 64, "LSHIndex: dimension > 0, tables ≥ 1, 1 ≤ bits ≤ 64")
        self.dimension = dimension
        self.metric = metric
        self.tables = tables
        self.bits = bits
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        planes = Tensor.randomNormal([tables * bits, dimension], using: &rng).storage
        center = []
        buckets = Array(repeating: [:], count: tables)
    }

    public var count: Int { rowOfID.count }

    /// Projections onto every hyperplane: rows [n, dimension] → [n, tables·bits].
    func project(_ rows: [Float], count n: Int) -> [Float] {
        let h = tables * bits, d = dimension
        var centred = rows
        if !center.isEmpty {
            centred.withUnsafeMutableBufferPointer { p in
                for i in 0..<n { for j in 0..<d { p[i * d + j] -= center[j] } }
            }
        }
        var out = [Float](repeating: 0, count: n * h)
        guard n > 0 else { return out }
        centred.withUnsafeBufferPointer { a in
            planes.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(transposeA: false, transposeB: true, m: n, n: h, k: d,
                               a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!)
                }
            }
        }
        return out
    }

    /// The key of table t from one row of projections.
    @inline(__always)
    func key(_ projections: UnsafePointer<Float>, table t: Int) -> UInt64 {
        var key: UInt64 = 0
        for b in 0..<bits where projections[t * bits + b] > 0 { key |= 1 << UInt64(b) }
        return key
    }

    public func add(_ newVectors: [Float], ids newIDs: [Int]) throws {
        try Check.vectors(newVectors, ids: newIDs, dimension: dimension)
        for id in newIDs where rowOfID[id] != nil { throw VectorIndexError.duplicateID(id) }
        var rows = newVectors
        let n = newIDs.count, d = dimension
        if metric == .cosine {
            rows.withUnsafeMutableBufferPointer { p in for i in 0..<n { Distance.normalize(p.baseAddress! + i * d, d) } }
        }
        if center.isEmpty && n > 0 {
            center = [Float](repeating: 0, count: d)
            for i in 0..<n { for j in 0..<d { center[j] += rows[i * d + j] } }
            for j in 0..<d { center[j] /= Float(n) }
        }
        let first = ids.count
        vectors += rows
        ids += newIDs
        removed += Array(repeating: false, count: n)
        for (r, id) in newIDs.enumerated() { rowOfID[id] = first + r }
        insertIntoBuckets(rows, first: first, count: n)
    }

    private func insertIntoBuckets(_ rows: [Float], first: Int, count n: Int) {
        let projections = project(rows, count: n)
        let h = tables * bits
        projections.withUnsafeBufferPointer { p in
            for i in 0..<n {
                for t in 0..<tables {
                    buckets[t][key(p.baseAddress! + i * h, table: t), default: []].append(Int32(first + i))
                }
            }
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
        var rows = queries
        let d = dimension
        if metric == .cosine {
            rows.withUnsafeMutableBufferPointer { p in for i in 0..<q { Distance.normalize(p.baseAddress! + i * d, d) } }
        }
        let projections = project(rows, count: q)
        let h = tables * bits
        let queryRows = rows
        return parallelMap(q, threads: threads) { i in
            let scratch = self.scratchPool.take { SearchScratch(nodes: self.ids.count, ef: k, maxDegree: 1, dimension: d) }
            defer { self.scratchPool.give(scratch) }
            return queryRows.withUnsafeBufferPointer { qp in
                projections.withUnsafeBufferPointer { pp in
                    self.searchOne(qp.baseAddress! + i * d, projections: pp.baseAddress! + i * h, k: k, scratch: scratch)
                }
            }
        }
    }

    /// Probes each table's bucket (and `probes` one-bit neighbours), ranks candidates exactly.
    func searchOne(_ q: UnsafePointer<Float>, projections p: UnsafePointer<Float>, k: Int, scratch: SearchScratch) -> [SearchResult] {
        scratch.visited.reset(nodes: ids.count)
        scratch.results.removeAll()
        let visited = scratch.visited
        var order = [Int](repeating: 0, count: bits)
        vectors.withUnsafeBufferPointer { base in
            removed.withUnsafeBufferPointer { gone in
                func scan(_ list: [Int32]?) {
                    guard let list else { return }
                    for node32 in list {
                        let node = Int(node32)
                        guard visited.insert(node), !gone[node] else { continue }
                        let dist = Distance.between(q, base.baseAddress! + node * dimension, dimension, metric: metric)
                        if scratch.results.count < k {
                            scratch.results.push(dist, node32)
                        } else if dist < scratch.results.top.distance {
                            scratch.results.replaceTop(dist, node32)
                        }
                    }
                }
                for t in 0..<tables {
                    let home = key(p, table: t)
                    scan(buckets[t][home])
                    if probes > 0 {
                        for b in 0..<bits { order[b] = b }
                        order.sort { abs(p[t * bits + $0]) < abs(p[t * bits + $1]) }
                        for b in order.prefix(probes) { scan(buckets[t][home ^ (1 << UInt64(b))]) }
                    }
                }
            }
        }
        return scratch.results.drainSortedAscending().map { SearchResult(id: ids[Int($0.node)], distance: $0.distance) }
    }

    /// Mean number of vectors per non-empty bucket (how selective the tables are).
    public var meanBucketSize: Double {
        let sizes = buckets.flatMap { $0.values.map(\.count) }
        return sizes.isEmpty ? 0 : Double(sizes.reduce(0, +)) / Double(sizes.count)
    }

    // MARK: File (payload: dimension u32, metric u32, tables u32, bits u32, probes u32, seed u64,
    // rows u64, center f32·d, ids i64·n, removed u8·n, vectors f32·n·d; planes regenerate from the
    // seed and buckets from the vectors, both deterministic)

    public func serialized() -> [UInt8] {
        var w = ByteWriter()
        w.u32(UInt32(dimension))
        w.u32(metric.code)
        w.u32(UInt32(tables))
        w.u32(UInt32(bits))
        w.u32(UInt32(probes))
        w.u64(seed)
        w.u64(UInt64(ids.count))
        w.u8(center.isEmpty ? 0 : 1)
        center.withUnsafeBufferPointer { if !$0.isEmpty { w.floats($0.baseAddress!, count: $0.count) } }
        for id in ids { w.i64(Int64(id)) }
        for r in removed { w.u8(r ? 1 : 0) }
        vectors.withUnsafeBufferPointer { if !$0.isEmpty { w.floats($0.baseAddress!, count: $0.count) } }
        return IndexFormat.wrap(kind: .lsh, payload: w.bytes)
    }

    public static func deserialize(_ bytes: [UInt8], source: String) throws -> LSHIndex {
        var r = try IndexFormat.unwrap(bytes, expecting: .lsh, source: source)
        let d = Int(try r.u32("dimension"))
        guard d > 0, d <= 1 << 20 else { throw r.fail("dimension \(d) is out of range") }
        let code = try r.u32("metric")
        guard let metric = Metric(code: code) else { throw r.fail("unknown metric code \(code)") }
        let tables = Int(try r.u32("tables")), bits = Int(try r.u32("bits")), probes = Int(try r.u32("probes"))
        guard tables >= 1, tables <= 4096, bits >= 1, bits <= 64, probes <= bits else {
            throw r.fail("tables \(tables) / bits \(bits) / probes \(probes) out of range")
        }
        let seed = try r.u64("seed")
        let n = try r.count("row count", max: r.remaining / (8 + 1 + 4 * d))
        let hasCenter = try r.u8("center flag")
        guard hasCenter <= 1, (hasCenter == 1) == (n > 0) else { throw r.fail("center flag \(hasCenter) does not fit \(n) rows") }
        let index = LSHIndex(dimension: d, metric: metric, tables: tables, bits: bits, seed: seed)
        index.probes = probes
        if hasCenter == 1 { index.center = try r.floats(d, "center") }
        for _ in 0..<n { index.ids.append(Int(try r.i64("ids"))) }
        for _ in 0..<n {
            let flag = try r.u8("removed flags")
            guard flag <= 1 else { throw r.fail("removed flag \(flag) is not 0 or 1") }
            index.removed.append(flag == 1)
        }
        let rows = try r.floats(n * d, "vectors")
        try r.finish()
        for (row, id) in index.ids.enumerated() where !index.removed[row] {
            guard index.rowOfID.updateValue(row, forKey: id) == nil else { throw r.fail("id \(id) appears twice") }
        }
        index.vectors = rows
        index.insertIntoBuckets(rows, first: 0, count: n)
        return index
    }
}
