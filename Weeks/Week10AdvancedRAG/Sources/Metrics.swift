// Retrieval metrics with binary relevance at file level.
//
// A question lists the files that answer it (R). A retriever returns chunks, best first; each
// chunk comes from a file. Position i (1-based) of the ranking is a *hit* when its chunk's file is
// in R and that file has not appeared at an earlier position (file-level dedup: a second chunk of
// an already-found file is neither a hit nor a miss — it just occupies a slot).
//
//   recall@k = |{hit files in the top k chunks}| / |R|
//   MRR      = 1 / (position of the first chunk from a file in R), 0 if none is retrieved
//              (averaged over questions; the ranking is cut at the depth retrieved, 100)
//   nDCG@k   = DCG@k / IDCG@k,  DCG@k = Σ_{i ≤ k, i a hit} 1 / log2(i + 1),
//              IDCG@k = Σ_{i=1}^{min(k,|R|)} 1 / log2(i + 1)      (all relevant files first)

import Foundation

public struct RetrievalScores: Equatable, Sendable {
    public var recall: Double
    public var reciprocalRank: Double
    public var ndcg: Double
}

public enum RetrievalMetrics {
    /// Positions (1-based) of the hits in `files` (the ranked chunks' source files) within the top `k`.
    public static func hitPositions(_ files: [String], relevant: Set<String>, k: Int) -> [Int] {
        var seen: Set<String> = []
        var hits: [Int] = []
        for (i, f) in files.prefix(k).enumerated() where relevant.contains(f) && !seen.contains(f) {
            seen.insert(f)
            hits.append(i + 1)
        }
        return hits
    }

    public static func recall(_ files: [String], relevant: Set<String>, k: Int) -> Double {
        guard !relevant.isEmpty else { return 0 }
        return Double(hitPositions(files, relevant: relevant, k: k).count) / Double(relevant.count)
    }

    public static func reciprocalRank(_ files: [String], relevant: Set<String>) -> Double {
        guard let first = files.firstIndex(where: relevant.contains) else { return 0 }
        return 1 / Double(first + 1)
    }

    public static func ndcg(_ files: [String], relevant: Set<String>, k: Int) -> Double {
        // exercise ndcg: nDCG@k of a ranking of chunk files with binary, file-level relevance.
        // hint: A hit at 1-based position i earns 1 / log2(i + 1); `hitPositions` already drops repeated files and cuts at k.
        // hint: Divide by the ideal ranking's DCG: every relevant file first, as many as fit in k. No relevant files scores 0.
        // tests: FusionAndMetricsTests/testMetricsOnWorkedExamples
        let dcg = hitPositions(files, relevant: relevant, k: k).reduce(0.0) { $0 + 1 / log2(Double($1) + 1) }
        let ideal = (0..<min(k, relevant.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        return ideal > 0 ? dcg / ideal : 0
        // end exercise ndcg
    }

    public static func scores(_ files: [String], relevant: Set<String>, k: Int) -> RetrievalScores {
        RetrievalScores(recall: recall(files, relevant: relevant, k: k),
                        reciprocalRank: reciprocalRank(files, relevant: relevant),
                        ndcg: ndcg(files, relevant: relevant, k: k))
    }

    /// Means over questions.
    public static func mean(_ all: [RetrievalScores]) -> RetrievalScores {
        let n = Double(max(all.count, 1))
        return RetrievalScores(recall: all.map(\.recall).reduce(0, +) / n,
                               reciprocalRank: all.map(\.reciprocalRank).reduce(0, +) / n,
                               ndcg: all.map(\.ndcg).reduce(0, +) / n)
    }
}
