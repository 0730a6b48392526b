// `gradcheck`: every op's analytic gradient against central differences, llm.c style.

import Foundation
import Shared
import Week04MNIST

enum GradCheckCommand {
    static func run(_ invocation: Invocation) throws {
        let seed = invocation.int("seed")
        print("L = Σ op(x) ⊙ R; analytic ∂L/∂x vs (L(x+h) − L(x−h))/2h, h = \(GradCheck.h); seed \(seed)")
        print("pass: |Δ| ≤ \(GradCheck.absoluteTolerance) + \(GradCheck.relativeTolerance)·|numeric| for every element\n")
        var failures = 0
        for c in GradCheck.cases(seed: UInt64(seed)) {
            let result = try GradCheck.run(c)
            if !result.ok { failures += 1 }
            let status = result.ok ? "OK    " : "NOT OK"
            print("\(status) \(c.name.padding(toLength: 36, withPad: " ", startingAt: 0)) max |Δ| = \(String(format: "%.2e", result.maxAbsoluteDifference))")
        }
        print(failures == 0 ? "\nall gradients OK" : "\n\(failures) op(s) NOT OK")
        if failures > 0 { throw GradCheckFailure(count: failures) }
    }
}

struct GradCheckFailure: Error, CustomStringConvertible {
    let count: Int
    var description: String { "\(count) gradient check(s) failed" }
}
