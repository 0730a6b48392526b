// HNSW: a hierarchical navigable small-world graph (Malkov & Yashunin, 2018, arXiv:1603.09320).
//
// Every vector is a node on layer 0; a node reaches layer l with probability M^−l (level
// ℓ = ⌊−ln U · mL⌋, mL = 1/ln M), so upper layers are sparse "express lanes". A search descends
// greedily from the single entry point on the top layer to layer 1, then runs a best-first search
// with a candidate list of size ef on layer 0 (HNSWSearch.swift). Insertion (Algorithm 1) does
// that search for the new node with ef = efConstruction on each of its layers, keeps M neighbours
// chosen by the heuristic of Algorithm 4 (a candidate is kept only if it is closer to the new node
// than to every neighbour already kept: edges point in diverse directions, which keeps clusters
// connected), links both ways, and shrinks an overfull neighbour list with the same heuristic
// (at most 2M on layer 0, M above).
//
// Memory is flat and preallocated: vectors [capacity, d] (64-byte aligned), layer-0 lists
// [capacity, 1 + 2M] (count then ids), per-node blocks for the upper layers. A build inserts on
// several threads (hnswlib's scheme): each adjacency list is guarded by a lock (striped over 65,536
// mutexes, never two held at once); a node whose level exceeds the top holds the global lock while
// it inserts, since it becomes the entry point.
//
// Deletion is a tombstone (Malkov & Yashunin leave deletion open; hnswlib's mark_deleted): the
// node stays in the graph and is still traversed, so the graph stays connected, but it never enters
// the results. Parallel builds are not bit-reproducible (insertion order between threads varies);
// with threads = 1 the same data and seed give the same graph and the same file.

import Foundation
import Shared
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class HNSWIndex: VectorIndex, @unchecked Sendable {
    public let dimension: Int
    public let metric: Metric
    /// Neighbours kept per node on layers ≥ 1 (2M on layer 0).
    public let m: Int
    public let efConstruction: Int
    /// The candidate-list size of `search(_:k:)` (raised to k when smaller). hnswlib's set_ef.
    public var efSearch: Int = 64
    /// Threads used by `add` (hnswlib's num_threads).
    public var buildThreads: Int = 1
    /// Seeds the level of node i (a hash of seed and i, so adding after a load stays reproducible).
    public let seed: UInt64

    let maxDegree0: Int
    var capacity = 0
    /// Nodes in the graph, removed ones included.
    var nodeCount = 0
    public internal(set) var count = 0
    var vectors: UnsafeMutablePointer<Float>
    var level0: UnsafeMutablePointer<Int32>
    var upper: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>
    var levels: UnsafeMutablePointer<UInt8>
    var ids: UnsafeMutablePointer<Int64>
    var removed: UnsafeMutablePointer<UInt8>
    var nodeOfID: [Int: Int32] = [:]
    var entryPoint: Int32 = -1
    var maxLevel = -1

    static let lockStripes = 65_536
    let locks: UnsafeMutablePointer<pthread_mutex_t>
    let globalLock = NSLock()
    let scratchPool = ScratchPool()
    static let maxLevelAllowed = 31

    public init(dimension: Int, metric: Metric = .l2, m: Int = 16, efConstruction: Int = 200, seed: UInt64 = 100) {
        precondition(dimension > 0, "HNSWIndex: dimension must be positive")
        precondition(m >= 2 && m <= 1024, "HNSWIndex: M must be in 2...1024")
        self.dimension = dimension
        self.metric = metric
        self.m = m
        self.efConstruction = max(efConstruction, m)
        self.seed = seed
        maxDegree0 = 2 * m
        vectors = .allocate(capacity: 1)
        level0 = .allocate(capacity: 1)
        upper = .allocate(capacity: 1)
        levels = .allocate(capacity: 1)
        ids = .allocate(capacity: 1)
        removed = .allocate(capacity: 1)
        locks = .allocate(capacity: HNSWIndex.lockStripes)
        for i in 0..<HNSWIndex.lockStripes { pthread_mutex_init(locks + i, nil) }
    }

    deinit {
        for i in 0..<nodeCount { upper[i]?.deallocate() }
        UnsafeMutableRawPointer(vectors).deallocate()
        level0.deallocate()
        upper.deallocate()
        levels.deallocate()
        ids.deallocate()
        removed.deallocate()
        for i in 0..<HNSWIndex.lockStripes { pthread_mutex_destroy(locks + i) }
        locks.deallocate()
    }

    // MARK: Layout

    var level0Stride: Int { 1 + maxDegree0 }
    var upperStride: Int { 1 + m }

    /// The adjacency list of `node` on `layer`: [count, id₀, id₁, …].
    @inline(__always)
    func links(_ node: Int, _ layer: Int) -> UnsafeMutablePointer<Int32> {
        layer == 0 ? level0 + node * level0Stride : upper[node]! + (layer - 1) * upperStride
    }

    @inline(__always) func vector(_ node: Int) -> UnsafeMutablePointer<Float> { vectors + node * dimension }

    @inline(__always)
    func distance(_ a: UnsafePointer<Float>, _ node: Int) -> Float {
        Distance.between(a, vector(node), dimension, metric: metric)
    }

    @inline(__always) func lock(_ node: Int) { pthread_mutex_lock(locks + (node & (HNSWIndex.lockStripes - 1))) }
    @inline(__always) func unlock(_ node: Int) { pthread_mutex_unlock(locks + (node & (HNSWIndex.lockStripes - 1))) }

    /// Grows every array to hold `needed` nodes (only between builds: never while threads insert).
    func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        let newCapacity = max(needed, capacity + capacity / 2, 64)
        func grow<T>(_ p: inout UnsafeMutablePointer<T>, fill: T, per: Int) {
            let q = UnsafeMutablePointer<T>.allocate(capacity: newCapacity * per)
            q.moveInitialize(from: p, count: nodeCount * per)
            (q + nodeCount * per).initialize(repeating: fill, count: (newCapacity - nodeCount) * per)
            p.deallocate()
            p = q
        }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: newCapacity * dimension * 4, alignment: 64)
        let newVectors = raw.bindMemory(to: Float.self, capacity: newCapacity * dimension)
        newVectors.update(from: vectors, count: nodeCount * dimension)
        UnsafeMutableRawPointer(vectors).deallocate()
        vectors = newVectors
        grow(&level0, fill: 0, per: level0Stride)
        grow(&upper, fill: nil, per: 1)
        grow(&levels, fill: 0, per: 1)
        grow(&ids, fill: 0, per: 1)
        grow(&removed, fill: 0, per: 1)
        capacity = newCapacity
        scratchPool.removeAll()  // visited sets are sized by capacity
    }

    /// ⌊−ln U / ln M⌋ with U drawn from a generator seeded by (seed, node).
    func sampleLevel(node: Int) -> Int {
        var rng = SplitMix64(seed: seed ^ (UInt64(node) &* 0x9E37_79B9_7F4A_7C15))
        let u = max(rng.nextUnitDouble(), 1e-300)
        let level = Int(-Foundation.log(u) / Foundation.log(Double(m)))
        return min(level, HNSWIndex.maxLevelAllowed)
    }

    func makeScratch() -> SearchScratch {
        SearchScratch(nodes: max(capacity, 1), ef: max(efConstruction, efSearch), maxDegree: maxDegree0, dimension: dimension)
    }

    // MARK: Add

    public func add(_ newVectors: [Float], ids newIDs: [Int]) throws {
        try Check.vectors(newVectors, ids: newIDs, dimension: dimension)
        for id in newIDs where nodeOfID[id] != nil { throw VectorIndexError.duplicateID(id) }
        let first = nodeCount, n = newIDs.count
        guard n > 0 else { return }
        reserve(first + n)
        let d = dimension
        newVectors.withUnsafeBufferPointer { src in
            for r in 0..<n {
                let node = first + r
                vector(node).update(from: src.baseAddress! + r * d, count: d)
                if metric == .cosine { Distance.normalize(vector(node), d) }
                let level = sampleLevel(node: node)
                levels[node] = UInt8(level)
                ids[node] = Int64(newIDs[r])
                removed[node] = 0
                links(node, 0).pointee = 0
                if level > 0 {
                    let block = UnsafeMutablePointer<Int32>.allocate(capacity: level * upperStride)
                    block.initialize(repeating: 0, count: level * upperStride)
                    upper[node] = block
                }
                nodeOfID[newIDs[r]] = Int32(node)
            }
        }
        nodeCount = first + n
        count += n
        // The very first node becomes the entry point alone; the rest may go in parallel.
        var start = first
        if entryPoint < 0 {
            insert(first, scratch: makeScratch())
            start += 1
        }
        let threads = max(1, min(buildThreads, nodeCount - start))
        let next = SharedCounter(start)
        let end = nodeCount
        parallelFor(threads) { _ in
            let scratch = self.makeScratch()
            while true {
                let node = next.take()
                if node >= end { break }
                self.insert(node, scratch: scratch)
            }
        }
    }

    public func remove(_ id: Int) throws {
        guard let node = nodeOfID.removeValue(forKey: id) else { throw VectorIndexError.unknownID(id) }
        removed[Int(node)] = 1
        count -= 1
    }

    /// Algorithm 1 of the paper for one node already placed in the arrays.
    func insert(_ node: Int, scratch: SearchScratch) {
        let level = Int(levels[node])
        globalLock.lock()
        let top = maxLevel
        let holdsGlobal = level > top
        if !holdsGlobal { globalLock.unlock() }
        defer { if holdsGlobal { globalLock.unlock() } }
        if entryPoint < 0 {
            entryPoint = Int32(node)
            maxLevel = level
            return
        }
        let q = UnsafePointer(vector(node))
        var current = Int(entryPoint)
        var currentDistance = distance(q, current)
        // Greedy descent through the layers above the node's own.
        if top > level {
            for layer in stride(from: top, to: level, by: -1) {
                greedy(q, from: &current, distance: &currentDistance, layer: layer, locking: true, scratch: scratch)
            }
        }
        for layer in stride(from: min(level, top), through: 0, by: -1) {
            searchLayer(q, entry: current, entryDistance: currentDistance, ef: efConstruction, layer: layer,
                        locking: true, skipRemoved: false, scratch: scratch)
            let found = scratch.results.drainSortedAscending()
            let chosen = selectNeighbours(found, limit: m)
            connect(node, to: chosen, layer: layer)
            current = Int(chosen[0].node)
            currentDistance = chosen[0].distance
        }
        if holdsGlobal {
            entryPoint = Int32(node)
            maxLevel = level
        }
    }

    /// Algorithm 4 (the heuristic, without extending or keeping pruned candidates, as hnswlib):
    /// walk candidates closest first, keep one when it is closer to the base than to every kept one.
    func selectNeighbours(_ sorted: [Candidate], limit: Int) -> [Candidate] {
        // exercise hnsw-select-neighbours: Choose at most `limit` neighbours from candidates sorted by distance to the base, by the diversity heuristic.
        // hint: When there are no more candidates than the limit, keep them all.
        // hint: Walk closest first; a candidate's `distance` is its distance to the base. Keep it only if no neighbour already kept is closer to it than that.
        // tests: HNSWSelectTests/testHeuristicKeepsCandidatesCloserToTheBaseThanToAnyKeptOne
        if sorted.count <= limit { return sorted }
        var kept: [Candidate] = []
        kept.reserveCapacity(limit)
        for c in sorted {
            if kept.count >= limit { break }
            let cv = UnsafePointer(vector(Int(c.node)))
            var good = true
            for r in kept where distance(cv, Int(r.node)) < c.distance {
                good = false
                break
            }
            if good { kept.append(c) }
        }
        return kept
        // end exercise hnsw-select-neighbours
    }

    /// Links node → chosen, and each chosen → node (shrinking its list by the heuristic when full).
    func connect(_ node: Int, to chosen: [Candidate], layer: Int) {
        let maxDegree = layer == 0 ? maxDegree0 : m
        lock(node)
        let own = links(node, layer)
        own.pointee = Int32(chosen.count)
        for (i, c) in chosen.enumerated() { own[1 + i] = c.node }
        unlock(node)
        for c in chosen {
            let other = Int(c.node)
            lock(other)
            let list = links(other, layer)
            let n = Int(list.pointee)
            if n < maxDegree {
                list[1 + n] = Int32(node)
                list.pointee = Int32(n + 1)
            } else {
                let base = UnsafePointer(vector(other))
                var candidates = [Candidate(distance: c.distance, node: Int32(node))]
                for j in 0..<n {
                    let nb = Int(list[1 + j])
                    candidates.append(Candidate(distance: distance(base, nb), node: Int32(nb)))
                }
                candidates.sort { $0.distance < $1.distance }
                let kept = selectNeighbours(candidates, limit: maxDegree)
                list.pointee = Int32(kept.count)
                for (i, k) in kept.enumerated() { list[1 + i] = k.node }
            }
            unlock(other)
        }
    }
}

/// A counter threads take work from (each `take` returns a distinct value).
final class SharedCounter: @unchecked Sendable {
    private var value: Int
    private let lock = NSLock()
    init(_ start: Int) { value = start }
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
