// A fitted binary decision tree, stored as parallel arrays (node i's feature, threshold, children
// and value), and the two estimators that grow one:
//   DecisionTreeClassifier  criterion gini (CART) or entropy (ID3/C4.5's information gain);
//                           leaf value = class fractions [K]
//   DecisionTreeRegressor   squared error; leaf value = mean target
// Prediction walks from the root: x[feature] ≤ threshold → left, else right.
// Growing is in TreeGrower.swift.
//
// Does not: prune (cost-complexity) or use C4.5's gain ratio / multiway categorical splits; every
// split is binary on a threshold, as in scikit-learn.

import Foundation
import Shared

public enum SplitCriterion: String, Codable, Sendable, CaseIterable {
    case gini, entropy, squaredError = "squared_error"
}

public struct TreeModel: Codable, Sendable, Equatable {
    public var feature: [Int32] = []      // −1 for a leaf
    public var threshold: [Double] = []
    public var left: [Int32] = []
    public var right: [Int32] = []
    public var value: [Double] = []       // [nodes, outputs]
    public var outputs: Int = 1
    public var nodeCount: Int { feature.count }
    public var leafCount: Int { feature.filter { $0 < 0 }.count }

    public var depth: Int {
        var deepest = 0
        var stack: [(Int, Int)] = [(0, 0)]
        while let (node, d) = stack.popLast() {
            deepest = max(deepest, d)
            if feature[node] >= 0 { stack.append((Int(left[node]), d + 1)); stack.append((Int(right[node]), d + 1)) }
        }
        return deepest
    }

    mutating func addNode(outputs o: Int) -> Int {
        feature.append(-1); threshold.append(0); left.append(-1); right.append(-1)
        value.append(contentsOf: [Double](repeating: 0, count: o))
        return feature.count - 1
    }

    /// The leaf reached by the row starting at `x`.
    @inlinable
    public func leaf(_ x: UnsafePointer<Double>) -> Int {
        var node = 0
        while feature[node] >= 0 {
            node = x[Int(feature[node])] <= threshold[node] ? Int(left[node]) : Int(right[node])
        }
        return node
    }

    /// Adds weight × leaf value for every row into out [n, outputs].
    public func accumulate(_ x: Features, weight: Double, into out: inout [Double]) {
        let o = outputs
        x.values.withUnsafeBufferPointer { xp in
            for i in 0..<x.rows {
                let node = leaf(xp.baseAddress! + i * x.columns)
                for k in 0..<o { out[i * o + k] += weight * value[node * o + k] }
            }
        }
    }
}

public struct TreeParameters: Codable, Sendable, Equatable {
    public var criterion: SplitCriterion
    public var maxDepth: Int?
    public var minSamplesSplit = 2
    public var minSamplesLeaf = 1
    /// Features tried at each node (nil: all); forests use ⌊√d⌋.
    public var maxFeatures: Int?

    public init(criterion: SplitCriterion, maxDepth: Int? = nil, minSamplesSplit: Int = 2,
                minSamplesLeaf: Int = 1, maxFeatures: Int? = nil) {
        self.criterion = criterion
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.maxFeatures = maxFeatures
    }
}

public struct DecisionTreeClassifier: Classifier {
    public var parameters: TreeParameters
    public var seed: UInt64
    public var tree = TreeModel()

    public init(criterion: SplitCriterion = .gini, maxDepth: Int? = nil, seed: UInt64 = 0) {
        parameters = TreeParameters(criterion: criterion, maxDepth: maxDepth)
        self.seed = seed
    }

    public mutating func fit(_ x: Features, _ labels: [Int], classCount: Int) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        try fit(BinnedFeatures(x), labels, classCount: classCount)
    }

    /// Fit on already-binned features (a forest bins once for all its trees).
    public mutating func fit(_ binned: BinnedFeatures, _ labels: [Int], classCount: Int) throws {
        guard parameters.criterion != .squaredError else { throw ModelError.invalidParameter("a classifier needs gini or entropy") }
        var grower = TreeGrower(data: binned, parameters: parameters, labels: labels.map { Int32($0) }, classCount: classCount, seed: seed)
        tree = grower.grow(indices: Array(0..<binned.rows))
    }

    public func scores(_ x: Features) -> Features {
        var out = [Double](repeating: 0, count: x.rows * tree.outputs)
        tree.accumulate(x, weight: 1, into: &out)
        return Features(rows: x.rows, columns: tree.outputs, values: out)
    }
}

public struct DecisionTreeRegressor: Regressor {
    public var parameters: TreeParameters
    public var seed: UInt64
    public var tree = TreeModel()

    public init(maxDepth: Int? = nil, seed: UInt64 = 0) {
        parameters = TreeParameters(criterion: .squaredError, maxDepth: maxDepth)
        self.seed = seed
    }

    public mutating func fit(_ x: Features, _ y: [Double]) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        var grower = TreeGrower(data: BinnedFeatures(x), parameters: parameters, targets: y, seed: seed)
        tree = grower.grow(indices: Array(0..<x.rows))
    }

    public func predict(_ x: Features) -> [Double] {
        var out = [Double](repeating: 0, count: x.rows)
        tree.accumulate(x, weight: 1, into: &out)
        return out
    }
}
