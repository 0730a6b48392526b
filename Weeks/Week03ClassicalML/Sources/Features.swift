// The data every estimator sees: a row-major matrix of Doubles (n samples × d features), plus the
// seed-free stratified split the default run and the scikit-learn reference script both use, a
// seeded random split, and the standard scaler.
//
// Does not: handle missing values (a missing cell is an error when the CSV is read) or sparse data.

import Foundation
import Shared

/// x: [rows, columns] row-major.
public struct Features: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "Features: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(_ nested: [[Double]]) {
        let c = nested.first?.count ?? 0
        self.init(rows: nested.count, columns: c, values: nested.flatMap { $0 })
    }

    public subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    public func row(_ i: Int) -> [Double] { Array(values[(i * columns)..<((i + 1) * columns)]) }
    public func column(_ j: Int) -> [Double] { (0..<rows).map { values[$0 * columns + j] } }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: [Int]) -> Features {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        values.withUnsafeBufferPointer { v in
            for i in indices { out.append(contentsOf: v[(i * columns)..<((i + 1) * columns)]) }
        }
        return Features(rows: indices.count, columns: columns, values: out)
    }
}

/// Which rows train and which test.
public struct Split: Sendable, Equatable {
    public var train: [Int]
    public var test: [Int]

    /// Seed-free and stratified: within each class, its 4th, 8th, 12th… row (in file order) is a test
    /// row, the rest train (≈ 75/25). For a regression target (`labels` nil) every 4th row is test.
    /// The reference script implements the same rule, so both sides see identical splits.
    public static func everyFourth(count: Int, labels: [Int]?) -> Split {
        var train: [Int] = [], test: [Int] = []
        var seen: [Int: Int] = [:]
        for i in 0..<count {
            let key = labels?[i] ?? 0
            let k = seen[key, default: 0]
            seen[key] = k + 1
            if k % 4 == 3 { test.append(i) } else { train.append(i) }
        }
        return Split(train: train, test: test)
    }

    /// A seeded random stratified split with `testFraction` of each class in test.
    public static func random(count: Int, labels: [Int]?, testFraction: Double, seed: UInt64) -> Split {
        var rng = SplitMix64(seed: seed)
        var byClass: [Int: [Int]] = [:]
        for i in 0..<count { byClass[labels?[i] ?? 0, default: []].append(i) }
        var train: [Int] = [], test: [Int] = []
        for key in byClass.keys.sorted() {
            let members = byClass[key]!
            let order = rng.permutation(members.count).map { members[$0] }
            let testCount = Int((Double(members.count) * testFraction).rounded())
            test += order.prefix(testCount)
            train += order.dropFirst(testCount)
        }
        return Split(train: train.sorted(), test: test.sorted())
    }
}

/// z = (x − mean) / std per column (population std, as scikit-learn; a constant column keeps std 1).
public struct StandardScaler: Sendable, Equatable, Codable {
    public var mean: [Double] = []
    public var scale: [Double] = []

    public init() {}

    public mutating func fit(_ x: Features) {
        let n = Double(max(x.rows, 1))
        mean = [Double](repeating: 0, count: x.columns)
        scale = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows { for j in 0..<x.columns { mean[j] += x[i, j] } }
        for j in 0..<x.columns { mean[j] /= n }
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                let d = x[i, j] - mean[j]
                scale[j] += d * d
            }
        }
        for j in 0..<x.columns {
            let s = (scale[j] / n).squareRoot()
            scale[j] = s > 1e-12 * max(1, abs(mean[j])) ? s : 1
        }
    }

    public func transform(_ x: Features) -> Features {
        var out = x
        for i in 0..<x.rows {
            for j in 0..<x.columns { out[i, j] = (x[i, j] - mean[j]) / scale[j] }
        }
        return out
    }

    public func transform(row: [Double]) -> [Double] {
        row.indices.map { (row[$0] - mean[$0]) / scale[$0] }
    }
}

extension Features {
    /// Throws when a value is NaN or ±Inf, naming its (1-based) row and column: the solvers here
    /// would otherwise stop at a meaningless point or answer with NaN scores.
    public func requireFinite(_ model: String) throws {
        guard let i = values.firstIndex(where: { !$0.isFinite }) else { return }
        throw ModelError.notFinite("\(model): feature row \(i / columns + 1), column \(i % columns + 1) is \(values[i])")
    }
}

/// Throws when a target value is NaN or ±Inf, naming its (1-based) row.
func requireFiniteTargets(_ y: [Double], _ model: String) throws {
    guard let i = y.firstIndex(where: { !$0.isFinite }) else { return }
    throw ModelError.notFinite("\(model): target of row \(i + 1) is \(y[i])")
}
