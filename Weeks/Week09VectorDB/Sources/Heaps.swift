// The bookkeeping every search needs, built so a search allocates nothing:
//
//   Candidate      (distance, node) — 8 bytes
//   CandidateHeap  a binary max-heap on preallocated memory. As a bounded "worst on top" heap it keeps
//                  the k (or ef) best so far; storing −distance turns it into the min-heap of
//                  candidates to expand (hnswlib's trick: one heap type for both).
//   VisitedSet     "seen in this search?" by epoch: mark = write the current epoch; a new search
//                  bumps the epoch instead of clearing n flags (cleared only when the counter wraps).
//   SearchScratch  one heap pair + visited set per thread, reused across searches.

import Foundation

public struct Candidate: Sendable {
    public var distance: Float
    public var node: Int32
}

struct CandidateHeap {
    private(set) var storage: UnsafeMutablePointer<Candidate>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    var isEmpty: Bool { count == 0 }
    /// The largest distance (the worst kept result, or for a negated heap the closest candidate).
    var top: Candidate { storage[0] }

    mutating func removeAll() { count = 0 }

    mutating func push(_ distance: Float, _ node: Int32) {
        if count == capacity { grow() }
        var i = count
        count += 1
        // Sift up: move parents down until the new element's place is found.
        while i > 0 {
            let parent = (i - 1) >> 1
            if storage[parent].distance >= distance { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = Candidate(distance: distance, node: node)
    }

    @discardableResult
    mutating func pop() -> Candidate {
        let result = storage[0]
        count -= 1
        if count > 0 { siftDown(storage[count]) }
        return result
    }

    /// Replaces the top with a new element (pop + push in one sift).
    mutating func replaceTop(_ distance: Float, _ node: Int32) {
        siftDown(Candidate(distance: distance, node: node))
    }

    private mutating func siftDown(_ element: Candidate) {
        var i = 0
        let n = count
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && storage[child + 1].distance > storage[child].distance { child += 1 }
            if storage[child].distance <= element.distance { break }
            storage[i] = storage[child]
            i = child
        }
        storage[i] = element
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Candidate>.allocate(capacity: capacity * 2)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }

    /// Empties the heap into an array sorted closest first.
    mutating func drainSortedAscending() -> [Candidate] {
        var out = [Candidate](repeating: Candidate(distance: 0, node: 0), count: count)
        var i = count - 1
        while count > 0 {
            out[i] = pop()
            i -= 1
        }
        return out
    }
}

struct VisitedSet {
    private var marks: UnsafeMutablePointer<UInt16>
    private(set) var capacity: Int
    private var epoch: UInt16 = 1

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        marks = .allocate(capacity: self.capacity)
        marks.initialize(repeating: 0, count: self.capacity)
    }

    func deallocate() { marks.deallocate() }

    /// Starts a new search over `n` nodes (grows if the index grew).
    mutating func reset(nodes n: Int) {
        if n > capacity {
            marks.deallocate()
            capacity = max(n, capacity * 2)
            marks = .allocate(capacity: capacity)
            marks.initialize(repeating: 0, count: capacity)
            epoch = 1
            return
        }
        epoch &+= 1
        if epoch == 0 {
            marks.update(repeating: 0, count: capacity)
            epoch = 1
        }
    }

    @inline(__always) func contains(_ i: Int) -> Bool { marks[i] == epoch }

    /// Marks `i`; true when it was not yet marked.
    @inline(__always) func insert(_ i: Int) -> Bool {
        if marks[i] == epoch { return false }
        marks[i] = epoch
        return true
    }
}

final class SearchScratch: @unchecked Sendable {
    var results: CandidateHeap
    var candidates: CandidateHeap
    var visited: VisitedSet
    /// A copy of one adjacency list (build-time reads happen under the node's lock).
    var neighbours: UnsafeMutablePointer<Int32>
    /// The not-yet-visited neighbours of the node being expanded.
    var pending: UnsafeMutablePointer<Int32>
    let neighbourCapacity: Int
    /// The query, normalised when the metric is cosine.
    let query: UnsafeMutablePointer<Float>

    init(nodes: Int, ef: Int, maxDegree: Int, dimension: Int) {
        results = CandidateHeap(capacity: ef + 1)
        candidates = CandidateHeap(capacity: 4 * ef)
        visited = VisitedSet(capacity: nodes)
        neighbourCapacity = maxDegree + 1
        neighbours = .allocate(capacity: neighbourCapacity)
        pending = .allocate(capacity: neighbourCapacity)
        query = .allocate(capacity: dimension)
    }

    deinit {
        results.deallocate()
        candidates.deallocate()
        visited.deallocate()
        neighbours.deallocate()
        pending.deallocate()
        query.deallocate()
    }
}

/// A small stack of scratch objects: each search borrows one, so concurrent searches never share.
final class ScratchPool: @unchecked Sendable {
    private var free: [SearchScratch] = []
    private let lock = NSLock()

    func take(_ make: () -> SearchScratch) -> SearchScratch {
        lock.lock()
        let scratch = free.popLast()
        lock.unlock()
        return scratch ?? make()
    }

    func give(_ scratch: SearchScratch) {
        lock.lock()
        free.append(scratch)
        lock.unlock()
    }

    func removeAll() {
        lock.lock()
        free.removeAll()
        lock.unlock()
    }
}

/// The k smallest of `distances[0..<n]` (skipping `skip(i)`), closest first. A bounded max-heap
/// keeps the k best: O(n log k), and the heap check rejects most rows with one comparison.
func smallestK(_ distances: UnsafePointer<Float>, n: Int, k: Int, heap: inout CandidateHeap,
               skip: (Int) -> Bool) -> [Candidate] {
    heap.removeAll()
    for i in 0..<n {
        let d = distances[i]
        if heap.count < k {
            if skip(i) { continue }
            heap.push(d, Int32(i))
        } else if d < heap.top.distance {
            if skip(i) { continue }
            heap.replaceTop(d, Int32(i))
        }
    }
    return heap.drainSortedAscending()
}
