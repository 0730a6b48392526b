// k-nearest neighbours (brute force, Euclidean). Squared distances for a batch of queries come
// from one matrix product:  ‖q − t‖² = ‖q‖² + ‖t‖² − 2 q·t   ([m, d] × [d, n] by dgemm), then a
// partial selection of the k smallest per query.
//   classifier: scores = fraction of the k neighbours in each class (scikit-learn's uniform weights;
//               a tied vote goes to the smallest class label, as sklearn's mode does)
//   regressor:  the mean target of the k neighbours
//
// Does not: build a k-d tree / ball tree (brute force is what sklearn picks for small d anyway).

import Foundation
import Shared

public struct NearestNeighbors: Sendable {
    public var k: Int
    var train = Features(rows: 0, columns: 0, values: [])
    var trainNorms: [Double] = []

    public init(k: Int = 5) { self.k = k }

    mutating func store(_ x: Features) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        guard k >= 1 else { throw ModelError.invalidParameter("k must be ≥ 1") }
        train = x
        trainNorms = (0..<x.rows).map { i in (0..<x.columns).reduce(0.0) { $0 + x[i, $1] * x[i, $1] } }
    }

    /// For each query row, the indices of its k nearest training rows (nearest first).
    public func neighbors(_ x: Features) -> [[Int]] {
        let n = train.rows, m = x.rows, d = x.columns, kk = min(k, n)
        var result: [[Int]] = []
        result.reserveCapacity(m)
        let block = 512
        var dots = [Double](repeating: 0, count: block * n)
        var start = 0
        while start < m {
            let rows = min(block, m - start)
            x.values.withUnsafeBufferPointer { xp in
                train.values.withUnsafeBufferPointer { tp in
                    dots.withUnsafeMutableBufferPointer { dp in
                        BLAS.dgemm(transposeA: false, transposeB: true, m: rows, n: n, k: d,
                                   a: xp.baseAddress! + start * d, b: tp.baseAddress!, c: dp.baseAddress!)
                    }
                }
            }
            for r in 0..<rows {
                // ‖q‖² is the same for every candidate, so rank by ‖t‖² − 2 q·t.
                var best: [(Double, Int)] = []
                best.reserveCapacity(kk + 1)
                for j in 0..<n {
                    let distance = trainNorms[j] - 2 * dots[r * n + j]
                    if best.count < kk || distance < best[best.count - 1].0 {
                        var pos = best.count
                        while pos > 0 && best[pos - 1].0 > distance { pos -= 1 }
                        best.insert((distance, j), at: pos)
                        if best.count > kk { best.removeLast() }
                    }
                }
                result.append(best.map(\.1))
            }
            start += rows
        }
        return result
    }
}

public struct KNeighborsClassifier: Classifier {
    public var search: NearestNeighbors
    var labels: [Int] = []
    var classCount = 0

    public init(k: Int = 5) { search = NearestNeighbors(k: k) }

    public mutating func fit(_ x: Features, _ labels: [Int], classCount: Int) throws {
        try search.store(x)
        self.labels = labels
        self.classCount = classCount
    }

    public func scores(_ x: Features) -> Features {
        var out = Features(rows: x.rows, columns: classCount, values: [Double](repeating: 0, count: x.rows * classCount))
        for (i, near) in search.neighbors(x).enumerated() {
            for j in near { out[i, labels[j]] += 1 / Double(near.count) }
        }
        return out
    }
}

public struct KNeighborsRegressor: Regressor {
    public var search: NearestNeighbors
    var targets: [Double] = []

    public init(k: Int = 5) { search = NearestNeighbors(k: k) }

    public mutating func fit(_ x: Features, _ y: [Double]) throws {
        try search.store(x)
        targets = y
    }

    public func predict(_ x: Features) -> [Double] {
        search.neighbors(x).map { near in near.reduce(0.0) { $0 + targets[$1] } / Double(near.count) }
    }
}
