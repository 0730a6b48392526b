// The HNSW payload of an index file (IndexFile.swift wraps it in magic, version, length, CRC-32):
//
//   dimension u32 · metric u32 · M u32 · efConstruction u32 · efSearch u32 · seed u64
//   nodes u64 · live u64 · entry point i32 · max level i32
//   levels    u8  × nodes
//   ids       i64 × nodes
//   removed   u8  × nodes                      (tombstones: 1 = removed)
//   layer 0   i32 × nodes × (1 + 2M)           (count, then neighbour ids; unused slots as in memory)
//   layers ≥1 i32 × level × (1 + M)            for each node with level > 0, in node order
//   vectors   f32 × nodes × dimension          (normalised for cosine)
//
// Fixed-stride blocks are copied as they are in memory, so save → load → save gives the same bytes.
// Loading validates every field that could send a search out of bounds: counts ≤ the list size,
// neighbour ids < nodes, levels ≤ max level, the entry point on the top level, ids unique.

import Foundation

extension HNSWIndex {
    /// The ids of the nodes not removed, in node order (a loader checks them against what they name).
    public var liveIDs: [Int] {
        (0..<nodeCount).filter { removed[$0] == 0 }.map { Int(ids[$0]) }
    }

    public func serialized() -> [UInt8] {
        var w = ByteWriter()
        w.u32(UInt32(dimension))
        w.u32(metric.code)
        w.u32(UInt32(m))
        w.u32(UInt32(efConstruction))
        w.u32(UInt32(efSearch))
        w.u64(seed)
        w.u64(UInt64(nodeCount))
        w.u64(UInt64(count))
        w.i32(entryPoint)
        w.i32(Int32(maxLevel))
        w.bytes += UnsafeBufferPointer(start: levels, count: nodeCount)
        for i in 0..<nodeCount { w.i64(ids[i]) }
        w.bytes += UnsafeBufferPointer(start: removed, count: nodeCount)
        w.int32s(level0, count: nodeCount * level0Stride)
        for i in 0..<nodeCount where levels[i] > 0 {
            w.int32s(upper[i]!, count: Int(levels[i]) * upperStride)
        }
        w.floats(vectors, count: nodeCount * dimension)
        return IndexFormat.wrap(kind: .hnsw, payload: w.bytes)
    }

    public static func deserialize(_ bytes: [UInt8], source: String) throws -> HNSWIndex {
        var r = try IndexFormat.unwrap(bytes, expecting: .hnsw, source: source)
        let d = Int(try r.u32("dimension"))
        guard d > 0, d <= 1 << 20 else { throw r.fail("dimension \(d) is out of range") }
        let code = try r.u32("metric")
        guard let metric = Metric(code: code) else { throw r.fail("unknown metric code \(code)") }
        let m = Int(try r.u32("M"))
        guard m >= 2, m <= 1024 else { throw r.fail("M = \(m) is out of range (2…1024)") }
        let efConstruction = Int(try r.u32("efConstruction"))
        let efSearch = Int(try r.u32("efSearch"))
        guard efConstruction >= 1, efConstruction <= 1 << 20, efSearch >= 1, efSearch <= 1 << 20 else {
            throw r.fail("efConstruction \(efConstruction) / efSearch \(efSearch) out of range")
        }
        let seed = try r.u64("seed")
        let index = HNSWIndex(dimension: d, metric: metric, m: m, efConstruction: efConstruction, seed: seed)
        index.efSearch = efSearch
        let perNode = 1 + 8 + 1 + 4 * (index.level0Stride + d)
        let n = try r.count("node count", max: r.remaining / perNode)
        let live = try r.count("live count", max: n)
        let entry = try r.i32("entry point")
        let top = Int(try r.i32("max level"))
        guard (n == 0 && entry == -1 && top == -1) || (n > 0 && entry >= 0 && Int(entry) < n && top >= 0 && top <= maxLevelAllowed) else {
            throw r.fail("entry point \(entry) / max level \(top) do not fit \(n) nodes")
        }
        index.reserve(max(n, 1))
        for i in 0..<n {
            let level = try r.u8("levels")
            guard Int(level) <= top else { throw r.fail("node \(i) has level \(level) above the max level \(top)") }
            index.levels[i] = level
        }
        if n > 0 && Int(index.levels[Int(entry)]) != top {
            throw r.fail("the entry point \(entry) is not on the top level \(top)")
        }
        for i in 0..<n { index.ids[i] = try r.i64("ids") }
        var liveSeen = 0
        for i in 0..<n {
            let flag = try r.u8("tombstones")
            guard flag <= 1 else { throw r.fail("tombstone of node \(i) is \(flag), not 0 or 1") }
            index.removed[i] = flag
            if flag == 0 {
                liveSeen += 1
                guard index.nodeOfID.updateValue(Int32(i), forKey: Int(index.ids[i])) == nil else {
                    throw r.fail("id \(index.ids[i]) appears twice")
                }
            }
        }
        guard liveSeen == live else { throw r.fail("header says \(live) live nodes, tombstones leave \(liveSeen)") }
        index.nodeCount = n  // from here on, deinit frees the upper blocks allocated below
        for i in 0..<(n * index.level0Stride) { index.level0[i] = try r.i32("layer-0 adjacency") }
        for i in 0..<n where index.levels[i] > 0 {
            let size = Int(index.levels[i]) * index.upperStride
            let block = UnsafeMutablePointer<Int32>.allocate(capacity: size)
            block.initialize(repeating: 0, count: size)
            index.upper[i] = block
            for j in 0..<size { block[j] = try r.i32("upper-layer adjacency of node \(i)") }
        }
        try r.floats(n * d, into: index.vectors, "vectors")
        try r.finish()
        // Every list must hold a valid count of valid ids, or a search would read out of bounds.
        for i in 0..<n {
            for layer in 0...Int(index.levels[i]) {
                let list = index.links(i, layer)
                let c = Int(list.pointee)
                let limit = layer == 0 ? index.maxDegree0 : m
                guard c >= 0, c <= limit else { throw r.fail("node \(i) layer \(layer) has \(c) neighbours (at most \(limit))") }
                for j in 0..<c {
                    let nb = Int(list[1 + j])
                    guard nb >= 0, nb < n, Int(index.levels[nb]) >= layer else {
                        throw r.fail("node \(i) layer \(layer) links to node \(nb), which is not on that layer")
                    }
                }
            }
        }
        index.count = live
        index.entryPoint = entry
        index.maxLevel = top
        return index
    }
}
