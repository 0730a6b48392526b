// Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): each ranking votes 1/(k + rank) for
// every item it lists (rank counted from 1), and items are ordered by the sum of their votes.
//
//   RRF(d) = Σ_r 1 / (k + rank_r(d))        k = 60 (the paper's constant)
//
// It uses ranks only, so BM25 scores (unbounded) and cosines (−1…1) need no calibration. An item
// missing from a ranking gets no vote from it. Ties are broken by the best single rank, then index.

public enum ReciprocalRankFusion {
    /// `weights` (one per ranking, default all 1) scale each ranking's votes: weighted RRF.
    public static func fuse(_ rankings: [[ScoredItem]], k: Double = 60, weights: [Double]? = nil, limit: Int? = nil) -> [ScoredItem] {
        var score: [Int: Double] = [:]
        var bestRank: [Int: Int] = [:]
        for (r, ranking) in rankings.enumerated() {
            let weight = weights?[r] ?? 1
            for (position, item) in ranking.enumerated() {
                score[item.index, default: 0] += weight / (k + Double(position + 1))
                bestRank[item.index] = min(bestRank[item.index] ?? Int.max, position + 1)
            }
        }
        let fused = score.map { ScoredItem(index: $0.key, score: $0.value) }.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            if bestRank[a.index]! != bestRank[b.index]! { return bestRank[a.index]! < bestRank[b.index]! }
            return a.index < b.index
        }
        return limit.map { Array(fused.prefix($0)) } ?? fused
    }
}
