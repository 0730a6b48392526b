// HNSW search (Algorithms 2 and 5 of Malkov & Yashunin).
//
//   greedy        on layers > 0: move to the closest neighbour while that gets closer (ef = 1)
//   searchLayer   on layer 0 (and during inserts on every layer): best-first search keeping the
//                 ef closest nodes seen (`results`, a max-heap: the worst on top) and a frontier
//                 (`candidates`, a min-heap); stop when the nearest frontier node is farther than
//                 the worst result. Removed nodes are expanded like any other (they keep the graph
//                 connected) but never enter `results`.
//
// Speed comes from not wasting memory traffic: the visited set is an epoch array (no clearing),
// heaps live in per-thread scratch reused across queries (no allocation but the returned array),
// and neighbours' vectors are prefetched before their distances are computed. Builds read
// adjacency lists under the node's lock (another thread may be rewriting them); queries run after
// the build and read them directly.

import CHelpers
import Foundation
import Shared

extension HNSWIndex {
    /// Greedy descent on one upper layer.
    func greedy(_ q: UnsafePointer<Float>, from current: inout Int, distance currentDistance: inout Float,
                layer: Int, locking: Bool, scratch: SearchScratch) {
        var changed = true
        while changed {
            changed = false
            let n = readLinks(current, layer, locking: locking, scratch: scratch)
            let list = locking ? UnsafePointer(scratch.neighbours) : UnsafePointer(links(current, layer) + 1)
            for j in 0..<n {
                let nb = Int(list[j])
                let d = distance(q, nb)
                if d < currentDistance {
                    currentDistance = d
                    current = nb
                    changed = true
                }
            }
        }
    }

    /// The neighbour count of `node` on `layer`; when locking, the ids are copied to scratch.neighbours.
    @inline(__always)
    func readLinks(_ node: Int, _ layer: Int, locking: Bool, scratch: SearchScratch) -> Int {
        let list = links(node, layer)
        guard locking else { return Int(list.pointee) }
        lock(node)
        let n = Int(list.pointee)
        scratch.neighbours.update(from: list + 1, count: n)
        unlock(node)
        return n
    }

    /// Best-first search of one layer from one entry point; the ef best end in scratch.results.
    func searchLayer(_ q: UnsafePointer<Float>, entry: Int, entryDistance: Float, ef: Int, layer: Int,
                     locking: Bool, skipRemoved: Bool, scratch: SearchScratch) {
        // exercise hnsw-search-layer: Best-first search of one layer from the entry point, leaving the ef nearest nodes found in scratch.results.
        // hint: Two heaps: `candidates`, the frontier, is a max-heap used as a min-heap by pushing −distance; `results` keeps the ef best seen, the worst on top.
        // hint: Pop the nearest frontier node; once it is farther than the worst result (and ef results are held), nothing closer can follow: stop.
        // hint: Visit each node once (scratch.visited). A neighbour joins both heaps only when results are not yet full or it beats the worst; removed nodes still join the frontier, never the results.
        // tests: HNSWTests/testSmallIndexesAndErrors, HNSWTests/testRecallAt10IsAtLeast095AgainstExactSearch
        scratch.visited.reset(nodes: nodeCount)
        scratch.results.removeAll()
        scratch.candidates.removeAll()
        let visited = scratch.visited
        _ = visited.insert(entry)
        if !(skipRemoved && removed[entry] != 0) { scratch.results.push(entryDistance, Int32(entry)) }
        scratch.candidates.push(-entryDistance, Int32(entry))
        var bound = scratch.results.isEmpty ? Float.infinity : scratch.results.top.distance
        let d = dimension
        let lines = Int32(min(16, (d * 4 + 63) / 64))  // up to 1 KiB ahead
        while !scratch.candidates.isEmpty {
            let nearest = scratch.candidates.top
            if -nearest.distance > bound && scratch.results.count >= ef { break }
            scratch.candidates.pop()
            let node = Int(nearest.node)
            let n = readLinks(node, layer, locking: locking, scratch: scratch)
            let list = locking ? UnsafePointer(scratch.neighbours) : UnsafePointer(links(node, layer) + 1)
            // First mark the unvisited neighbours and start loading each one's first cache line,
            // then compute their distances while the next vector streams in (measured: ~10% more
            // queries per second than prefetching one neighbour ahead, as hnswlib does).
            var fresh = 0
            for j in 0..<n where visited.insert(Int(list[j])) {
                scratch.pending[fresh] = list[j]
                fresh += 1
                chelpers_prefetch(vector(Int(list[j])), 1)
            }
            for j in 0..<fresh {
                let nb = Int(scratch.pending[j])
                if j + 1 < fresh { chelpers_prefetch(vector(Int(scratch.pending[j + 1])), lines) }
                let dist = distance(q, nb)
                if scratch.results.count < ef || dist < bound {
                    scratch.candidates.push(-dist, Int32(nb))
                    if !(skipRemoved && removed[nb] != 0) {
                        scratch.results.push(dist, Int32(nb))
                        if scratch.results.count > ef { scratch.results.pop() }
                    }
                    if !scratch.results.isEmpty { bound = scratch.results.top.distance }
                }
            }
        }
        // end exercise hnsw-search-layer
    }

    /// The k nearest live vectors with candidate list max(ef, k).
    public func search(_ query: [Float], k: Int, ef: Int) throws -> [SearchResult] {
        try Check.query(query, k: k, dimension: dimension)
        guard ef >= 1 else { throw VectorIndexError.invalidArgument("ef must be at least 1, got \(ef)") }
        let scratch = scratchPool.take(makeScratch)
        defer { scratchPool.give(scratch) }
        return query.withUnsafeBufferPointer { searchOne($0.baseAddress!, k: k, ef: ef, scratch: scratch) }
    }

    public func search(_ query: [Float], k: Int) throws -> [SearchResult] {
        try search(query, k: k, ef: efSearch)
    }

    public func search(batch queries: [Float], k: Int, threads: Int = 1) throws -> [[SearchResult]] {
        try search(batch: queries, k: k, ef: efSearch, threads: threads)
    }

    /// Queries [q, d] spread over threads, each thread with its own scratch.
    public func search(batch queries: [Float], k: Int, ef: Int, threads: Int) throws -> [[SearchResult]] {
        let q = try Check.batch(queries, k: k, dimension: dimension)
        guard ef >= 1 else { throw VectorIndexError.invalidArgument("ef must be at least 1, got \(ef)") }
        return queries.withUnsafeBufferPointer { buffer in
            let base = SharedPointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
            let d = dimension
            return parallelMap(q, threads: threads) { i in
                let scratch = self.scratchPool.take(self.makeScratch)
                defer { self.scratchPool.give(scratch) }
                return self.searchOne(base.base + i * d, k: k, ef: ef, scratch: scratch)
            }
        }
    }

    func searchOne(_ query: UnsafePointer<Float>, k: Int, ef: Int, scratch: SearchScratch) -> [SearchResult] {
        guard entryPoint >= 0, count > 0 else { return [] }
        var q = query
        if metric == .cosine {
            scratch.query.update(from: query, count: dimension)
            Distance.normalize(scratch.query, dimension)
            q = UnsafePointer(scratch.query)
        }
        var current = Int(entryPoint)
        var currentDistance = distance(q, current)
        if maxLevel > 0 {
            for layer in stride(from: maxLevel, to: 0, by: -1) {
                greedy(q, from: &current, distance: &currentDistance, layer: layer, locking: false, scratch: scratch)
            }
        }
        searchLayer(q, entry: current, entryDistance: currentDistance, ef: max(ef, k), layer: 0,
                    locking: false, skipRemoved: true, scratch: scratch)
        while scratch.results.count > k { scratch.results.pop() }
        let found = scratch.results.drainSortedAscending()
        return found.map { SearchResult(id: Int(ids[Int($0.node)]), distance: $0.distance) }
    }
}
