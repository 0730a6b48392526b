// k-means (Lloyd's algorithm) with k-means++ seeding, the silhouette score, and the adjusted Rand
// index used to measure how stable the clustering is across seeds.
//
//   k-means++: first centre uniformly at random; each next centre drawn with probability ∝ D(x)²,
//              the squared distance to the nearest centre chosen so far (Arthur & Vassilvitskii 2007).
//   Lloyd:     assign every point to its nearest centre (‖x − c‖² = ‖x‖² − 2x·c + ‖c‖², one dgemm
//              for all n × k dot products), move each centre to the mean of its points; repeat until
//              no assignment changes. Inertia = Σ ‖x − c(x)‖²; the best of `restarts` runs is kept.
//   silhouette s(i) = (b − a) / max(a, b): a = mean distance to its own cluster, b = the smallest
//              mean distance to another cluster (s = 0 for a point alone in its cluster); score = mean s.
//   ARI = (Σᵢⱼ C(nᵢⱼ,2) − E) / (½(Σᵢ C(aᵢ,2) + Σⱼ C(bⱼ,2)) − E),  E = Σᵢ C(aᵢ,2) Σⱼ C(bⱼ,2) / C(n,2):
//              1 for identical partitions (up to renaming), ≈ 0 for independent ones.
//
// Does not: do mini-batch or Elkan's triangle-inequality acceleration.

import Foundation
import Shared

public struct KMeans: Sendable {
    public var k: Int
    public var restarts: Int
    public var maxIterations: Int
    public var seed: UInt64
    /// Stop when the centres move less than tolerance × mean feature variance (scikit-learn's tol).
    public var tolerance: Double = 1e-4
    public var centers = Features(rows: 0, columns: 0, values: [])
    public var inertia = Double.infinity
    public var iterations = 0

    public init(k: Int, restarts: Int = 1, maxIterations: Int = 300, seed: UInt64 = 0) {
        self.k = k
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.seed = seed
    }

    /// Fits and returns the labels of the training rows.
    @discardableResult
    public mutating func fit(_ x: Features) throws -> [Int] {
        guard k >= 1, k <= x.rows else { throw ModelError.invalidParameter("k-means needs 1 ≤ k ≤ rows (k = \(k), rows = \(x.rows))") }
        try x.requireFinite("k-means")
        var rng = SplitMix64(seed: seed)
        var bestLabels: [Int] = []
        inertia = .infinity
        let norms = KMeans.rowNorms(x)
        var meanVariance = 0.0
        for j in 0..<x.columns {
            let column = x.column(j)
            let mean = column.reduce(0, +) / Double(x.rows)
            meanVariance += column.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.rows)
        }
        let shiftLimit = tolerance * meanVariance / Double(max(x.columns, 1))
        for _ in 0..<max(restarts, 1) {
            var c = KMeans.plusPlus(x, norms, k: k, rng: &rng)
            var labels = [Int](repeating: -1, count: x.rows)
            var runInertia = 0.0
            var iteration = 0
            while iteration < maxIterations {
                iteration += 1
                let (assigned, total) = KMeans.assign(x, c, norms)
                runInertia = total
                if assigned == labels { break }
                labels = assigned
                let moved = KMeans.means(x, labels, k: k, previous: c)
                var shift = 0.0
                for i in moved.values.indices { shift += (moved.values[i] - c.values[i]) * (moved.values[i] - c.values[i]) }
                c = moved
                if shift <= shiftLimit {
                    (labels, runInertia) = KMeans.assign(x, c, norms)
                    break
                }
            }
            if runInertia < inertia {
                inertia = runInertia
                centers = c
                bestLabels = labels
                iterations = iteration
            }
        }
        return bestLabels
    }

    public func predict(_ x: Features) -> [Int] { KMeans.assign(x, centers, KMeans.rowNorms(x)).labels }

    static func rowNorms(_ x: Features) -> [Double] {
        x.values.withUnsafeBufferPointer { v in
            (0..<x.rows).map { i in
                var s = 0.0
                for j in 0..<x.columns { s += v[i * x.columns + j] * v[i * x.columns + j] }
                return s
            }
        }
    }

    static func plusPlus(_ x: Features, _ norms: [Double], k: Int, rng: inout SplitMix64) -> Features {
        var chosen = [rng.nextInt(below: x.rows)]
        var nearest = [Double](repeating: .infinity, count: x.rows)
        var dots = [Double](repeating: 0, count: x.rows)
        while chosen.count < k {
            // ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖² for the newest centre c (one matrix–vector product)
            let last = chosen[chosen.count - 1]
            x.values.withUnsafeBufferPointer { xp in
                dots.withUnsafeMutableBufferPointer { dp in
                    BLAS.dgemm(transposeA: false, transposeB: false, m: x.rows, n: 1, k: x.columns,
                               a: xp.baseAddress!, b: xp.baseAddress! + last * x.columns, c: dp.baseAddress!)
                }
            }
            var total = 0.0
            for i in 0..<x.rows {
                let s = max(0, norms[i] - 2 * dots[i] + norms[last])
                nearest[i] = min(nearest[i], s)
                total += nearest[i]
            }
            var target = rng.nextUnitDouble() * total
            var pick = x.rows - 1
            for i in 0..<x.rows {
                target -= nearest[i]
                if target < 0 { pick = i; break }
            }
            chosen.append(pick)
        }
        return x.rows(chosen)
    }

    static func assign(_ x: Features, _ c: Features, _ norms: [Double]) -> (labels: [Int], inertia: Double) {
        let n = x.rows, k = c.rows, d = x.columns
        var dots = [Double](repeating: 0, count: n * k)
        x.values.withUnsafeBufferPointer { xp in
            c.values.withUnsafeBufferPointer { cp in
                dots.withUnsafeMutableBufferPointer { dp in
                    BLAS.dgemm(transposeA: false, transposeB: true, m: n, n: k, k: d, a: xp.baseAddress!, b: cp.baseAddress!, c: dp.baseAddress!)
                }
            }
        }
        let centerNorms = (0..<k).map { r in (0..<d).reduce(0.0) { $0 + c[r, $1] * c[r, $1] } }
        var labels = [Int](repeating: 0, count: n)
        var inertia = 0.0
        for i in 0..<n {
            var best = 0, bestDistance = Double.infinity
            for r in 0..<k {
                let distance = centerNorms[r] - 2 * dots[i * k + r]
                if distance < bestDistance { bestDistance = distance; best = r }
            }
            labels[i] = best
            inertia += max(0, norms[i] + bestDistance)
        }
        return (labels, inertia)
    }

    /// Lloyd's update: each centre moves to the mean of the rows labelled with it; a centre with no
    /// rows keeps its previous position.
    static func means(_ x: Features, _ labels: [Int], k: Int, previous: Features) -> Features {
        // exercise kmeans-update: Move every k-means centre to the mean of the rows assigned to it.
        // hint: One pass over the rows is enough: accumulate a per-cluster sum of rows and a per-cluster count.
        // hint: The result is a k × d Features; row r is centre r.
        // hint: A cluster that lost all its rows cannot be averaged: keep its centre from `previous`.
        // tests: OtherModelTests/testKMeansFindsSeparatedBlobs
        var sums = Features(rows: k, columns: x.columns, values: [Double](repeating: 0, count: k * x.columns))
        var counts = [Int](repeating: 0, count: k)
        let d = x.columns
        x.values.withUnsafeBufferPointer { v in
            sums.values.withUnsafeMutableBufferPointer { s in
                for i in 0..<x.rows {
                    counts[labels[i]] += 1
                    for j in 0..<d { s[labels[i] * d + j] += v[i * d + j] }
                }
            }
        }
        for r in 0..<k {
            for j in 0..<x.columns { sums[r, j] = counts[r] > 0 ? sums[r, j] / Double(counts[r]) : previous[r, j] }
        }
        return sums
        // end exercise kmeans-update
    }
}

public enum Clustering {
    /// Mean silhouette (Euclidean). O(n²): pass a sample for large n.
    public static func silhouette(_ x: Features, _ labels: [Int]) -> Double {
        let n = x.rows
        let k = (labels.max() ?? 0) + 1
        let sizes = (0..<k).map { c in labels.filter { $0 == c }.count }
        var total = 0.0
        for i in 0..<n {
            var sums = [Double](repeating: 0, count: k)
            for j in 0..<n where j != i {
                var s = 0.0
                for f in 0..<x.columns { s += (x[i, f] - x[j, f]) * (x[i, f] - x[j, f]) }
                sums[labels[j]] += s.squareRoot()
            }
            let own = labels[i]
            if sizes[own] <= 1 { continue }  // s(i) = 0
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for c in 0..<k where c != own && sizes[c] > 0 { b = min(b, sums[c] / Double(sizes[c])) }
            if b.isFinite { total += (b - a) / max(a, b) }
        }
        return total / Double(max(n, 1))
    }

    public static func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
        func pairs(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
        var table: [Int: [Int: Int]] = [:]
        var rowSums: [Int: Int] = [:], columnSums: [Int: Int] = [:]
        for (u, v) in zip(a, b) {
            table[u, default: [:]][v, default: 0] += 1
            rowSums[u, default: 0] += 1
            columnSums[v, default: 0] += 1
        }
        let index = table.values.flatMap(\.values).reduce(0.0) { $0 + pairs($1) }
        let rowPairs = rowSums.values.reduce(0.0) { $0 + pairs($1) }
        let columnPairs = columnSums.values.reduce(0.0) { $0 + pairs($1) }
        let expected = rowPairs * columnPairs / pairs(a.count)
        let maximum = (rowPairs + columnPairs) / 2
        return maximum == expected ? 1 : (index - expected) / (maximum - expected)
    }

    /// Stability across seeds: mean pairwise ARI of the labelings from `seeds` k-means runs.
    public static func stability(_ x: Features, k: Int, seeds: [UInt64]) throws -> (meanARI: Double, labelings: [[Int]]) {
        var labelings: [[Int]] = []
        for s in seeds {
            var model = KMeans(k: k, seed: s)
            labelings.append(try model.fit(x))
        }
        var total = 0.0, count = 0
        for i in 0..<labelings.count {
            for j in (i + 1)..<max(labelings.count, i + 1) {
                total += adjustedRandIndex(labelings[i], labelings[j])
                count += 1
            }
        }
        return (count > 0 ? total / Double(count) : 1, labelings)
    }
}
