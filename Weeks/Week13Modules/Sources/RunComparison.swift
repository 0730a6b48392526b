// Two runs of the same settings compared step by step and weight by weight: the evidence that a
// resumed run is the uninterrupted one. Equality is bitwise (Float ==), so "identical" means the
// same numbers, not close ones; the differences are reported for when they are not.

import Foundation
import Shared
import Week04MNIST

public struct RunComparison: Sendable {
    public let steps: (a: Int, b: Int)
    public let maxLossDifference: Double
    public let maxWeightDifference: Double
    public let identical: Bool

    public init(a: [StepLog], b: [StepLog], modelA: any Module, modelB: any Module) {
        steps = (a.count, b.count)
        var lossDifference = 0.0, allEqual = a.count == b.count
        for (x, y) in zip(a, b) {
            lossDifference = max(lossDifference, abs(Double(x.loss) - Double(y.loss)))
            if x.loss != y.loss || x.lr != y.lr { allEqual = false }
        }
        var weightDifference = 0.0
        let tensorsA = modelA.namedTensors(), tensorsB = modelB.namedTensors()
        if tensorsA.map(\.name) != tensorsB.map(\.name) { allEqual = false }
        for (p, q) in zip(tensorsA, tensorsB) {
            if p.value.value.storage != q.value.value.storage { allEqual = false }
            for (u, v) in zip(p.value.value.storage, q.value.value.storage) { weightDifference = max(weightDifference, abs(Double(u) - Double(v))) }
        }
        (maxLossDifference, maxWeightDifference, identical) = (lossDifference, weightDifference, allEqual)
    }

    public func report(stopAt: Int) -> String {
        let verdict = identical ? "bit-identical" : "NOT identical"
        return "resumed (B: steps 1–\(stopAt), C: \(stopAt + 1)–\(steps.b)) vs straight (A: \(steps.a) steps): \(verdict); "
            + String(format: "max |Δloss| = %.3g, max |Δweight| = %.3g", maxLossDifference, maxWeightDifference)
    }
}
