// Random forests (Breiman 2001): many deep trees, each grown on a bootstrap sample (n draws with
// replacement) and trying only a random subset of features at every node, averaged.
//   classifier: mean of the trees' class fractions; ⌊√d⌋ features per node (sklearn's default)
//   regressor:  mean of the trees' predictions; all d features per node (sklearn's default)
// Bootstrapping and feature sampling decorrelate the trees, so averaging cuts variance.
// Features are binned once; trees are grown on two threads (tree t uses seed + t, so the forest
// is the same whatever the thread count).
//
// Does not: compute out-of-bag scores or impurity-based feature importances.

import Foundation
import Shared

enum ForestBuilder {
    /// Grows `count` trees with `grow(treeIndex, bootstrapIndices)` over two threads.
    static func grow(count: Int, rows: Int, seed: UInt64, progress: ProgressBar?,
                     _ grow: @escaping @Sendable (Int, [Int]) -> TreeModel) -> [TreeModel] {
        final class Slots: @unchecked Sendable {
            var trees: [TreeModel?]
            var done = 0
            let lock = NSLock()
            let progress: ProgressBar?
            init(_ n: Int, _ progress: ProgressBar?) {
                trees = [TreeModel?](repeating: nil, count: n)
                self.progress = progress
            }
        }
        let slots = Slots(count, progress)
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for t in stride(from: thread, to: count, by: 2) {
                var rng = SplitMix64(seed: seed &+ UInt64(t) &* 0x9E37_79B9)
                let sample = (0..<rows).map { _ in rng.nextInt(below: rows) }.sorted()
                let tree = grow(t, sample)
                slots.lock.lock()
                slots.trees[t] = tree
                slots.done += 1
                slots.progress?.update(slots.done)
                slots.lock.unlock()
            }
        }
        return slots.trees.map { $0! }
    }
}

public struct RandomForestClassifier: Classifier {
    public var treeCount: Int
    public var criterion: SplitCriterion
    public var maxDepth: Int?
    public var seed: UInt64
    public var showProgress = false
    public var trees: [TreeModel] = []
    var classCount = 0

    public init(trees: Int = 100, criterion: SplitCriterion = .gini, maxDepth: Int? = nil, seed: UInt64 = 0) {
        treeCount = trees
        self.criterion = criterion
        self.maxDepth = maxDepth
        self.seed = seed
    }

    public mutating func fit(_ x: Features, _ labels: [Int], classCount k: Int) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        guard treeCount >= 1 else { throw ModelError.invalidParameter("a forest needs at least one tree") }
        classCount = k
        let binned = BinnedFeatures(x)
        let features = max(1, Int(Double(x.columns).squareRoot()))
        let parameters = TreeParameters(criterion: criterion, maxDepth: maxDepth, maxFeatures: features)
        let labels32 = labels.map { Int32($0) }
        let seed = self.seed
        let bar = showProgress ? ProgressBar("forest", total: treeCount) : nil
        trees = ForestBuilder.grow(count: treeCount, rows: x.rows, seed: seed, progress: bar) { t, sample in
            var grower = TreeGrower(data: binned, parameters: parameters, labels: labels32, classCount: k, seed: seed &+ UInt64(t))
            return grower.grow(indices: sample)
        }
        bar?.finish()
    }

    public func scores(_ x: Features) -> Features {
        var out = [Double](repeating: 0, count: x.rows * classCount)
        for tree in trees { tree.accumulate(x, weight: 1 / Double(trees.count), into: &out) }
        return Features(rows: x.rows, columns: classCount, values: out)
    }
}

public struct RandomForestRegressor: Regressor {
    public var treeCount: Int
    public var maxDepth: Int?
    public var seed: UInt64
    public var trees: [TreeModel] = []

    public init(trees: Int = 100, maxDepth: Int? = nil, seed: UInt64 = 0) {
        treeCount = trees
        self.maxDepth = maxDepth
        self.seed = seed
    }

    public mutating func fit(_ x: Features, _ y: [Double]) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        guard treeCount >= 1 else { throw ModelError.invalidParameter("a forest needs at least one tree") }
        let binned = BinnedFeatures(x)
        let parameters = TreeParameters(criterion: .squaredError, maxDepth: maxDepth)
        let seed = self.seed
        trees = ForestBuilder.grow(count: treeCount, rows: x.rows, seed: seed, progress: nil) { t, sample in
            var grower = TreeGrower(data: binned, parameters: parameters, targets: y, seed: seed &+ UInt64(t))
            return grower.grow(indices: sample)
        }
    }

    public func predict(_ x: Features) -> [Double] {
        var out = [Double](repeating: 0, count: x.rows)
        for tree in trees { tree.accumulate(x, weight: 1 / Double(trees.count), into: &out) }
        return out
    }
}
