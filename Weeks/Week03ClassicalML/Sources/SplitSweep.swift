// The split sweep of TreeGrower: given one feature's histogram over the node's occupied bins (in
// increasing order), move bins from the right child to the left one and score every cut in O(K).
//   gini      maximise Σ_c L_c²/n_L + Σ_c R_c²/n_R, updated per class as (L + h)² − L² = (2L + h)h
//   entropy   maximise −(n_L ln n_L − Σ L_c ln L_c) − (n_R ln n_R − Σ R_c ln R_c)
//   squared   maximise S_L²/n_L + S_R²/n_R
// A cut must leave at least minSamplesLeaf samples on each side; the first best cut wins ties.
//
// Does not: look at unoccupied bins (a cut between two empty bins changes nothing).

import Foundation

extension TreeGrower {
    func sweepClasses(_ f: Int, _ t: Int, _ m: Int, _ touched: UnsafeMutablePointer<Int>, _ total: UnsafeMutablePointer<Int>,
                              _ hist: UnsafeMutablePointer<Double>, _ parent: UnsafeMutablePointer<Double>,
                              _ left: UnsafeMutablePointer<Double>, _ right: UnsafeMutablePointer<Double>,
                              _ present: UnsafeMutablePointer<Int>, _ presentCount: Int, _ best: inout Best) {
        // exercise split-sweep-classes: Score every cut of one feature's class histogram by Gini or entropy and keep the best in `best`.
        // hint: Start with every sample in the right child (right = parent's class counts, left = 0) and move the occupied bins touched[0…t−2] to the left one at a time; after each move, score the cut "code ≤ that bin".
        // hint: Scores are maximised: Gini's is Σ_c L_c²/n_L + Σ_c R_c²/n_R, entropy's is −(n_L ln n_L − Σ_c L_c ln L_c) − (n_R ln n_R − Σ_c R_c ln R_c). Keep both sums up to date per class instead of recomputing them over all classes.
        // hint: Skip cuts that leave fewer than minSamplesLeaf samples on a side; a cut replaces `best` only when it is better by more than a relative 1e-12 (the first best cut wins ties), and nextBin is touched[q + 1].
        // tests: TreeTests/testGiniStumpSplitsAsWorkedByHand, TreeTests/testEntropyStumpSplitsAsWorkedByHand, TreeTests/testFullTreeIsPureOnTrainingData
        let k = classCount
        let entropy = parameters.criterion == .entropy
        @inline(__always) func xlogx(_ x: Double) -> Double { x > 0 ? x * Foundation.log(x) : 0 }
        for c in 0..<k { left[c] = 0; right[c] = parent[c] }
        var aggregateLeft = 0.0   // gini: Σ L_c²; entropy: Σ L_c ln L_c
        var aggregateRight = 0.0
        for q in 0..<presentCount {
            let c = present[q]
            aggregateRight += entropy ? xlogx(parent[c]) : parent[c] * parent[c]
        }
        var nLeft = 0
        let minLeaf = parameters.minSamplesLeaf
        for q in 0..<(t - 1) {
            let b = touched[q]
            for p in 0..<presentCount {
                let c = present[p]
                let h = hist[b * k + c]
                if h == 0 { continue }
                if entropy {
                    aggregateLeft += xlogx(left[c] + h) - xlogx(left[c])
                    aggregateRight += xlogx(right[c] - h) - xlogx(right[c])
                } else {
                    aggregateLeft += (2 * left[c] + h) * h
                    aggregateRight += (h - 2 * right[c]) * h
                }
                left[c] += h
                right[c] -= h
            }
            nLeft += total[b]
            let nRight = m - nLeft
            if nLeft < minLeaf || nRight < minLeaf { continue }
            let nl = Double(nLeft), nr = Double(nRight)
            let score: Double
            if entropy {
                score = aggregateLeft - xlogx(nl) + aggregateRight - xlogx(nr)
            } else {
                score = aggregateLeft / nl + aggregateRight / nr
            }
            if best.feature < 0 || score > best.score + 1e-12 * abs(best.score) {
                best = Best(score: score, feature: f, bin: b, nextBin: touched[q + 1])
            }
        }
        // end exercise split-sweep-classes
    }

    func sweepRegression(_ f: Int, _ t: Int, _ m: Int, _ touched: UnsafeMutablePointer<Int>,
                                 _ total: UnsafeMutablePointer<Int>, _ hist: UnsafeMutablePointer<Double>, _ best: inout Best) {
        // exercise split-sweep-regression: Score every cut of one feature's target histogram by the drop in squared error and keep the best in `best`.
        // hint: Per occupied bin, hist holds Σy of its samples and total their count; sweep the bins touched[0…t−2] into the left child one at a time.
        // hint: Minimising the children's summed squared error is maximising S_L²/n_L + S_R²/n_R, with S the sum of y on a side.
        // hint: Skip cuts that leave fewer than minSamplesLeaf samples on a side; replace `best` only when better by more than a relative 1e-12; nextBin is touched[q + 1].
        // tests: TreeTests/testRegressionStumpByHand
        var sumAll = 0.0
        for q in 0..<t { sumAll += hist[touched[q]] }
        var sumLeft = 0.0
        var nLeft = 0
        let minLeaf = parameters.minSamplesLeaf
        for q in 0..<(t - 1) {
            let b = touched[q]
            sumLeft += hist[b]
            nLeft += total[b]
            let nRight = m - nLeft
            if nLeft < minLeaf || nRight < minLeaf { continue }
            let sumRight = sumAll - sumLeft
            let score = sumLeft * sumLeft / Double(nLeft) + sumRight * sumRight / Double(nRight)
            if best.feature < 0 || score > best.score + 1e-12 * abs(best.score) {
                best = Best(score: score, feature: f, bin: b, nextBin: touched[q + 1])
            }
        }
        // end exercise split-sweep-regression
    }
}
