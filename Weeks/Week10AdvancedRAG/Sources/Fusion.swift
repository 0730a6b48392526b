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
        // exercise reciprocal-rank-fusion: Fuse several rankings into one by (weighted) reciprocal rank.
        // hint: Only positions matter, never the scores: the item at position p (from 1) of ranking r gets weight_r / (k + p).
        // hint: Sum the votes per item; order by the sum, then by the item's best single rank, then by index.
        // tests: FusionAndMetricsTests/testRRFOrderAndScoresOnAWorkedExample
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
        // end exercise reciprocal-rank-fusion
    }
}

// Convex combination of normalised scores (Bruch, Gai & Ingber, "An Analysis of Fusion Functions
// for Hybrid Retrieval", 2023): unlike RRF it keeps *how much* better one chunk scores than the
// next, and one weight says how far to trust each retriever.
//
//   CC(d) = α·φ_dense(cos(q, d)) + (1 − α)·φ_bm25(bm25(q, d))
//   φ(s)  = (s − min) / (max − min), min and max over the candidates (0 when max = min)
//
// The candidates are the union of both retrievers' top lists; every candidate has both scores,
// since both are computed for every chunk. α = 1 is dense retrieval, α = 0 is BM25 (re-ordered
// only among the candidates).

public enum ConvexFusion {
    public static func fuse(candidates: [Int], lexical: [Double], dense: [Double], alpha: Double, limit: Int? = nil) -> [ScoredItem] {
        let unique = Array(Set(candidates))
        guard !unique.isEmpty else { return [] }
        func normaliser(_ scores: [Double]) -> (Double) -> Double {
            let values = unique.map { scores[$0] }
            let lo = values.min()!, hi = values.max()!
            return hi > lo ? { ($0 - lo) / (hi - lo) } : { _ in 0 }
        }
        let phiDense = normaliser(dense), phiLexical = normaliser(lexical)
        let fused = unique.map { i in
            ScoredItem(index: i, score: alpha * phiDense(dense[i]) + (1 - alpha) * phiLexical(lexical[i]))
        }.sorted(by: Ranking.better)
        return limit.map { Array(fused.prefix($0)) } ?? fused
    }
}
