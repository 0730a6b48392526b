// Byte-level BPE training that learns exactly week 8's merges (BPETokenizer.train), without
// recounting every pair after every merge.
//
//   week 8      each merge: count all adjacent pairs of all unique chunks, take the most frequent,
//               rewrite every chunk. Cost per merge ∝ the whole corpus.
//   here        the pair counts are kept up to date. A merge of (a, b) touches only the chunks
//               that contain (a, b) — each pair remembers which chunks it occurs in — and for each
//               one subtracts its old pairs and adds its new ones. A max-heap of (count, pair)
//               finds the next merge; entries whose count went stale are skipped when popped
//               (lazy deletion). Cost per merge ∝ the chunks the merge changes.
//
// Ties: week 8 (after minbpe) gives a tie to the pair met first reading the chunks in order of
// first appearance. The first meeting is (chunk index, byte offset of the pair's left token in the
// chunk); a token's offset never changes as merges go on (a merged token starts where its left
// half started), so when several pairs share the top count, each one's first meeting is found in
// the chunks it occurs in and the smallest wins. `testMergesEqualWeekEightsOnTheDocs` checks the
// result against week 8's trainer, merge for merge.

import Foundation
import Week08LLMEngineering

public enum IncrementalBPE {
    /// The merges week 8's `BPETokenizer.train(text, vocabularySize:)` learns, in the same order.
    public static func train(_ text: String, vocabularySize: Int,
                             progress: ((Int, Int) -> Void)? = nil) throws -> BPETokenizer {
        guard vocabularySize >= 256 else { throw BPEError.vocabularyTooSmall(vocabularySize) }
        var state = PairState(chunks: BPETokenizer.chunks(text))
        var merges: [BytePair] = []
        let total = vocabularySize - 256
        while merges.count < total, let best = state.popBest() {
            state.merge(best, into: 256 + merges.count)
            merges.append(best)
            progress?(merges.count, total)
        }
        return try BPETokenizer(merges: merges)
    }
}

/// The unique chunks as id sequences, their counts, and every adjacent pair's count and chunks.
struct PairState {
    var words: [[Int]] = []
    /// offsets[w][i]: the byte where token i of chunk w starts.
    var offsets: [[Int]] = []
    var weight: [Int] = []
    var count: [BytePair: Int] = [:]
    /// The chunks a pair has occurred in (may name chunks it has left since; checked on use).
    var where_: [BytePair: [Int]] = [:]
    var heap = PairHeap()

    init(chunks: [String]) {
        var index: [String: Int] = [:]
        for chunk in chunks {
            if let w = index[chunk] { weight[w] += 1; continue }
            index[chunk] = words.count
            words.append(chunk.utf8.map { Int($0) })
            offsets.append(Array(0..<chunk.utf8.count))
            weight.append(1)
        }
        for w in words.indices where words[w].count > 1 {
            let ids = words[w]
            for j in 0..<(ids.count - 1) {
                let pair = BytePair(ids[j], ids[j + 1])
                count[pair, default: 0] += weight[w]
                if where_[pair]?.last != w { where_[pair, default: []].append(w) }
            }
        }
        for (pair, n) in count { heap.push(n, pair) }
    }

    /// The most frequent pair (ties to the first met), or nil when no chunk has two tokens left.
    mutating func popBest() -> BytePair? {
        var tied: [BytePair] = []
        var seen = Set<BytePair>()
        var top = 0
        while let entry = heap.peek() {
            guard count[entry.pair] == entry.count else { _ = heap.pop(); continue }  // stale
            if tied.isEmpty { top = entry.count } else if entry.count != top { break }
            _ = heap.pop()
            if seen.insert(entry.pair).inserted { tied.append(entry.pair) }
        }
        guard !tied.isEmpty else { return nil }
        if tied.count == 1 { return tied[0] }
        let keyed = tied.map { (pair: $0, first: firstMeeting($0)) }
        let best = keyed.min { $0.first.chunk != $1.first.chunk ? $0.first.chunk < $1.first.chunk : $0.first.offset < $1.first.offset }!
        for other in keyed where other.pair != best.pair { heap.push(top, other.pair) }
        return best.pair
    }

    /// Where reading the chunks in order first meets `pair`: (chunk, byte offset of its left token).
    func firstMeeting(_ pair: BytePair) -> (chunk: Int, offset: Int) {
        var best = (chunk: Int.max, offset: Int.max)
        for w in where_[pair] ?? [] where w <= best.chunk {
            let ids = words[w]
            guard ids.count > 1 else { continue }
            for j in 0..<(ids.count - 1) where ids[j] == pair.left && ids[j + 1] == pair.right {
                if w < best.chunk || offsets[w][j] < best.offset { best = (w, offsets[w][j]) }
                break
            }
        }
        return best
    }

    /// Rewrites every chunk holding `pair` with `newID`, keeping counts, chunk lists and the heap
    /// up to date.
    mutating func merge(_ pair: BytePair, into newID: Int) {
        var delta: [BytePair: Int] = [:]
        let touched = where_.removeValue(forKey: pair) ?? []
        var done = Set<Int>()
        for w in touched where done.insert(w).inserted {
            let ids = words[w], starts = offsets[w], n = weight[w]
            var merged: [Int] = [], mergedStarts: [Int] = []
            merged.reserveCapacity(ids.count)
            mergedStarts.reserveCapacity(ids.count)
            var i = 0
            while i < ids.count {
                mergedStarts.append(starts[i])
                if i + 1 < ids.count && ids[i] == pair.left && ids[i + 1] == pair.right {
                    merged.append(newID)
                    i += 2
                } else {
                    merged.append(ids[i])
                    i += 1
                }
            }
            if merged.count == ids.count { continue }  // the chunk left this pair in an earlier merge
            for j in 0..<(ids.count - 1) { delta[BytePair(ids[j], ids[j + 1]), default: 0] -= n }
            var before = Set<BytePair>()
            for j in 0..<(ids.count - 1) { before.insert(BytePair(ids[j], ids[j + 1])) }
            if merged.count > 1 {
                for j in 0..<(merged.count - 1) {
                    let q = BytePair(merged[j], merged[j + 1])
                    delta[q, default: 0] += n
                    if !before.contains(q) && where_[q]?.last != w { where_[q, default: []].append(w) }
                }
            }
            words[w] = merged
            offsets[w] = mergedStarts
        }
        for (q, d) in delta where d != 0 {
            let now = (count[q] ?? 0) + d
            if now > 0 {
                count[q] = now
                heap.push(now, q)
            } else {
                count[q] = nil
                where_[q] = nil
            }
        }
        count[pair] = nil
    }
}

/// A binary max-heap of (count, pair) entries.
struct PairHeap {
    struct Entry { var count: Int; var pair: BytePair }
    private var items: [Entry] = []

    func peek() -> Entry? { items.first }

    mutating func push(_ count: Int, _ pair: BytePair) {
        items.append(Entry(count: count, pair: pair))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[parent].count < items[i].count else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var largest = i
            if l < items.count && items[l].count > items[largest].count { largest = l }
            if r < items.count && items[r].count > items[largest].count { largest = r }
            if largest == i { break }
            items.swapAt(i, largest)
            i = largest
        }
        return top
    }
}
