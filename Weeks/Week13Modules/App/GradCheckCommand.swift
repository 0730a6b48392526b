// `gradcheck`: every layer of weeks 4–7 (LayerGradCheck.cases) against central differences, one
// line per layer with the largest relative error over its input and parameters.

import Foundation
import Shared
import Week04MNIST
import Week13Modules

enum GradCheckCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let cases = try LayerGradCheck.cases(seed: UInt64(invocation.int("seed")))
        if !json {
            print("L = Σ layer(x) ⊙ R; ∂L/∂x and ∂L/∂θ from the tape vs (L(θ+h) − L(θ−h))/2h, h = \(GradCheck.h)")
            print("relative error per tensor = max |Δ| / max(max |numeric|, 0.01); OK ⇔ ≤ \(LayerGradCheck.tolerance)")
            print("an element whose one-sided slopes differ by more than 0.01 · scale sits on a kink (ReLU at 0, a pooling tie) and is skipped\n")
        }
        var failures = 0
        for c in cases {
            let result = try LayerGradCheck.run(c)
            if !result.ok { failures += 1 }
            let worst = result.errors.max { $0.relativeError < $1.relativeError }
            if json {
                print(JSONText.line([("layer", .string(result.name)), ("ok", .bool(result.ok)), ("elements", .int(result.elements)), ("skipped_at_kinks", .int(result.skipped)),
                                     ("max_relative_error", .number(result.maxRelativeError)), ("worst_tensor", .string(worst?.tensor ?? ""))]))
            } else {
                print("\(result.ok ? "OK    " : "NOT OK") \(result.name.padding(toLength: 40, withPad: " ", startingAt: 0)) "
                    + String(format: "%5d values  max rel err %.2e", result.elements, result.maxRelativeError)
                    + "  (\(worst?.tensor ?? "-"))" + (result.skipped > 0 ? ", \(result.skipped) at kinks skipped" : ""))
            }
        }
        if !json { print(failures == 0 ? "\nall \(cases.count) layers OK" : "\n\(failures) layer(s) NOT OK") }
        if failures > 0 { throw GradCheckFailure(count: failures) }
    }
}

struct GradCheckFailure: Error, CustomStringConvertible {
    let count: Int
    var description: String { "\(count) layer gradient check(s) failed" }
}
