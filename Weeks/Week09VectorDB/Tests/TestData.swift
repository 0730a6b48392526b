// Seeded test data: Gaussian clusters (the shape real embeddings have) and a naive nearest-
// neighbour search written independently of the library, as the reference.

import Shared
import Week09VectorDB

enum TestData {
    /// n points in d dimensions around `clusters` random centres (spread 1, centres spread 3).
    static func clusters(n: Int, d: Int, clusters: Int = 20, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        let centres = (0..<(clusters * d)).map { _ in Float(3 * rng.nextGaussian()) }
        var out = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            let c = rng.nextInt(below: clusters)
            for j in 0..<d { out[i * d + j] = centres[c * d + j] + Float(rng.nextGaussian()) }
        }
        return out
    }

    /// The k nearest rows by a plain loop in Double (ties by id), as (id, distance).
    static func naive(_ base: [Float], ids: [Int], d: Int, query: [Float], k: Int, metric: Metric,
                      excluding removed: Set<Int> = []) -> [(id: Int, distance: Double)] {
        func norm(_ v: ArraySlice<Float>) -> Double { v.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }
        let qn = norm(query[...])
        var all: [(id: Int, distance: Double)] = []
        for (r, id) in ids.enumerated() where !removed.contains(id) {
            let row = base[(r * d)..<((r + 1) * d)]
            var dot = 0.0, l2 = 0.0
            for (j, x) in row.enumerated() {
                dot += Double(x) * Double(query[j])
                l2 += (Double(x) - Double(query[j])) * (Double(x) - Double(query[j]))
            }
            let distance: Double
            switch metric {
            case .l2: distance = l2
            case .innerProduct: distance = 1 - dot
            case .cosine: distance = 1 - dot / (norm(row) * qn)
            }
            all.append((id, distance))
        }
        all.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.id < $1.id) }
        return Array(all.prefix(k))
    }

    static func row(_ data: [Float], _ i: Int, d: Int) -> [Float] { Array(data[(i * d)..<((i + 1) * d)]) }
}
