// RRF and the convex combination on worked examples; recall@k, MRR and nDCG@k computed by hand.

import Foundation
import TestSupport
import XCTest
@testable import Week10AdvancedRAG

final class FusionAndMetricsTests: XCTestCase {
    func items(_ ids: [Int]) -> [ScoredItem] { ids.map { ScoredItem(index: $0, score: 0) } }

    /// A = [1, 2, 3], B = [3, 1, 4], k = 60:
    ///   1: 1/61 + 1/62 = 0.032523   3: 1/63 + 1/61 = 0.032266   2: 1/62 = 0.016129   4: 1/63 = 0.015873
    func testRRFOrderAndScoresOnAWorkedExample() {
        let fused = ReciprocalRankFusion.fuse([items([1, 2, 3]), items([3, 1, 4])], k: 60)
        XCTAssertEqual(fused.map(\.index), [1, 3, 2, 4])
        assertClose(fused.map(\.score), [1.0 / 61 + 1.0 / 62, 1.0 / 63 + 1.0 / 61, 1.0 / 62, 1.0 / 63], rtol: 1e-12)
        // k matters. [7, 8] and [9, 8] with k = 0: 7 and 9 get 1/1, 8 gets 1/2 + 1/2 = 1 — a three-way tie,
        // broken by best single rank (7 and 9 rank 1, 8 ranks 2), then index. With k = 60, 8 (2/62) wins.
        XCTAssertEqual(ReciprocalRankFusion.fuse([items([7, 8]), items([9, 8])], k: 0).map(\.index), [7, 9, 8])
        XCTAssertEqual(ReciprocalRankFusion.fuse([items([7, 8]), items([9, 8])], k: 60).map(\.index), [8, 7, 9])
        XCTAssertEqual(ReciprocalRankFusion.fuse([items([1, 2, 3])], limit: 2).map(\.index), [1, 2])
    }

    /// Five chunks; BM25 scores [10, 0, 4, 6, 0], cosines [0.2, 0.9, 0.5, 0.4, 0.1]; candidates = BM25's
    /// top 3 {0, 3, 2} ∪ dense's top 2 {1, 2} = {0, 1, 2, 3} (chunk 4 is in neither list).
    ///   φ_bm25 over the candidates (min 0, max 10):    0 → 1, 1 → 0, 2 → 0.4, 3 → 0.6
    ///   φ_dense (min 0.2, max 0.9):                   0 → 0, 1 → 1, 2 → 3/7, 3 → 2/7
    ///   α = 0.8: 0 → 0.2, 1 → 0.8, 2 → 0.8·3/7 + 0.2·0.4 = 0.422857, 3 → 0.8·2/7 + 0.2·0.6 = 0.348571
    ///   α = 0.2: 0 → 0.8, 1 → 0.2, 2 → 0.2·3/7 + 0.8·0.4 = 0.405714, 3 → 0.2·2/7 + 0.8·0.6 = 0.537143
    func testConvexCombinationOnAWorkedExample() {
        let lexical: [Double] = [10, 0, 4, 6, 0], dense: [Double] = [0.2, 0.9, 0.5, 0.4, 0.1]
        let candidates = [0, 3, 2] + [1, 2]
        let high = ConvexFusion.fuse(candidates: candidates, lexical: lexical, dense: dense, alpha: 0.8)
        XCTAssertEqual(high.map(\.index), [1, 2, 3, 0])
        assertClose(high.map(\.score), [0.8, 0.8 * 3 / 7 + 0.08, 0.8 * 2 / 7 + 0.12, 0.2], rtol: 1e-12)
        let low = ConvexFusion.fuse(candidates: candidates, lexical: lexical, dense: dense, alpha: 0.2)
        XCTAssertEqual(low.map(\.index), [0, 3, 2, 1])
        assertClose(low.map(\.score), [0.8, 0.2 * 2 / 7 + 0.48, 0.2 * 3 / 7 + 0.32, 0.2], rtol: 1e-12)
        // α = 1 is the dense order among the candidates, α = 0 the BM25 order; `limit` cuts.
        XCTAssertEqual(ConvexFusion.fuse(candidates: candidates, lexical: lexical, dense: dense, alpha: 1).map(\.index), [1, 2, 3, 0])
        XCTAssertEqual(ConvexFusion.fuse(candidates: candidates, lexical: lexical, dense: dense, alpha: 0, limit: 2).map(\.index), [0, 3])
        // All scores equal: φ = 0 everywhere, ties broken by index; no candidates, no results.
        XCTAssertEqual(ConvexFusion.fuse(candidates: [4, 2], lexical: [1, 1, 1, 1, 1], dense: [0, 0, 0, 0, 0], alpha: 0.5).map(\.index), [2, 4])
        XCTAssertEqual(ConvexFusion.fuse(candidates: [], lexical: lexical, dense: dense, alpha: 0.5), [])
    }

    /// Ranked chunk files a, x, a, b, y with relevant {a, b}: hits at positions 1 and 4 (the second
    /// "a" at 3 is a duplicate file, not a hit).
    ///   recall@5 = 2/2, MRR = 1/1, DCG@5 = 1/log2(2) + 1/log2(5) = 1.430677,
    ///   IDCG@5 = 1/log2(2) + 1/log2(3) = 1.630930, nDCG@5 = 0.877215
    ///   recall@3 = 1/2, nDCG@3 = 1/1.630930 = 0.613147
    func testMetricsOnWorkedExamples() {
        let files = ["a", "x", "a", "b", "y"]
        let relevant: Set = ["a", "b"]
        XCTAssertEqual(RetrievalMetrics.hitPositions(files, relevant: relevant, k: 5), [1, 4])
        let at5 = RetrievalMetrics.scores(files, relevant: relevant, k: 5)
        assertClose([at5.recall, at5.reciprocalRank, at5.ndcg], [1, 1, (1 + 1 / log2(5.0)) / (1 + 1 / log2(3.0))], rtol: 1e-12)
        assertClose([at5.ndcg], [0.877215], rtol: 1e-5)
        let at3 = RetrievalMetrics.scores(files, relevant: relevant, k: 3)
        assertClose([at3.recall, at3.ndcg], [0.5, 0.613147], rtol: 1e-5)
        // First relevant at position 3: MRR 1/3; nDCG@5 = (1/log2 4)/1 = 0.5.
        let late = RetrievalMetrics.scores(["x", "y", "b", "z"], relevant: ["b"], k: 5)
        assertClose([late.recall, late.reciprocalRank, late.ndcg], [1, 1.0 / 3, 0.5], rtol: 1e-12)
        // Nothing relevant retrieved.
        XCTAssertEqual(RetrievalMetrics.scores(["x"], relevant: ["b"], k: 5), RetrievalScores(recall: 0, reciprocalRank: 0, ndcg: 0))
        // Means.
        let mean = RetrievalMetrics.mean([at5, late])
        assertClose([mean.recall, mean.reciprocalRank], [1, (1 + 1.0 / 3) / 2], rtol: 1e-12)
    }
}
