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
    }

    func sweepRegression(_ f: Int, _ t: Int, _ m: Int, _ touched: UnsafeMutablePointer<Int>,
                                 _ total: UnsafeMutablePointer<Int>, _ hist: UnsafeMutablePointer<Double>, _ best: inout Best) {
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
    }
}
