// The small scikit-learn: two protocols every model here implements.
//
//   Regressor:  fit(x [n, d], y [n])                 predict(x) → ŷ [n]
//   Classifier: fit(x [n, d], labels [n] in 0..<K)   scores(x) → [n, K]   predict(x) = argmax of scores
//
// `scores` are class probabilities where the model has them (logistic, naive Bayes, trees,
// forests, boosting, kNN) and decision values otherwise (SVM); ROC-AUC and PR-AUC only need an
// order, so either works. Models are value types: `fit` is mutating, prediction is read-only and
// safe to call from several threads.
//
// Does not: do sample weights in the protocol (the logistic model takes class weights itself).

import Foundation

public enum ModelError: Error, CustomStringConvertible, Equatable {
    case notFitted(String)
    case emptyTrainingSet
    case featureCount(expected: Int, got: Int)
    case singular(String)
    case invalidParameter(String)
    case notFinite(String)

    public var description: String {
        switch self {
        case let .notFitted(model): return "\(model) used before fit"
        case .emptyTrainingSet: return "the training set is empty"
        case let .featureCount(e, g): return "model was fitted on \(e) features, got \(g)"
        case let .singular(why): return "singular system: \(why)"
        case let .invalidParameter(why): return "invalid parameter: \(why)"
        case let .notFinite(why): return "NaN or infinity: \(why)"
        }
    }
}

public protocol Regressor: Sendable {
    mutating func fit(_ x: Features, _ y: [Double]) throws
    func predict(_ x: Features) -> [Double]
}

public protocol Classifier: Sendable {
    mutating func fit(_ x: Features, _ labels: [Int], classCount: Int) throws
    /// [n, K]: larger means more likely.
    func scores(_ x: Features) -> Features
}

extension Classifier {
    public func predict(_ x: Features) -> [Int] {
        let s = scores(x)
        return (0..<s.rows).map { i in
            var best = 0
            for k in 1..<max(s.columns, 1) where s[i, k] > s[i, best] { best = k }
            return best
        }
    }
}

/// Index of the largest value (first on ties).
@inlinable
func argmax(_ v: UnsafeBufferPointer<Double>) -> Int {
    var best = 0
    for k in 1..<max(v.count, 1) where v[k] > v[best] { best = k }
    return best
}
