// Gradient checking: every op's backward pass against central differences.
//
// For an op f and inputs x, the check builds the scalar L = Σ f(x) ⊙ R with a fixed random R (so
// every output element matters with a different weight), gets ∂L/∂x from `backward()`, and
// compares each element with (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h computed in Double around the
// Float forward pass. With h = 1e-2 the Float rounding error is ~1e-5 and the O(h²) truncation
// error is ~1e-4 for these smooth, O(1) inputs, so the tolerance |Δ| ≤ 2e-3 + 1e-2·|numeric|
// still catches any wrong formula (those are off by O(1)). Inputs to relu stay away from its kink
// and inputs to log stay positive.
//
// `cases(seed:)` lists one case per op (and per variant: broadcasting, transposes, batching);
// `Week04MNIST gradcheck` prints OK / NOT OK for each and the tests run the same list.

import Foundation
import Shared

public struct GradCheckCase {
    public let name: String
    public let inputs: [Tensor]
    public let function: ([Variable]) throws -> Variable

    public init(name: String, inputs: [Tensor], function: @escaping ([Variable]) throws -> Variable) {
        self.name = name
        self.inputs = inputs
        self.function = function
    }
}

public struct GradCheckResult: Sendable {
    public let name: String
    public let maxAbsoluteDifference: Double
    public let ok: Bool
}

public enum GradCheck {
    public static let h: Float = 1e-2
    public static let absoluteTolerance = 2e-3
    public static let relativeTolerance = 1e-2

    /// L = Σ f(inputs) ⊙ R with R fixed by the case's output shape (seed 7).
    public static func loss(_ c: GradCheckCase, _ variables: [Variable]) throws -> Variable {
        let out = try c.function(variables)
        var rng = SplitMix64(seed: 7)
        let weights = Variable(Tensor.randomUniform(out.shape, low: -1, high: 1, using: &rng))
        return try (out * weights).sum()
    }

    /// ∂L/∂input for every input, from the tape.
    public static func analytic(_ c: GradCheckCase) throws -> [Tensor] {
        let variables = c.inputs.map { Variable($0, requiresGrad: true) }
        try loss(c, variables).backward()
        return variables.map { $0.grad ?? Tensor.zeros($0.shape) }
    }

    /// L as a plain function of one input's elements (the others fixed), for numerical gradients.
    public static func lossFunction(_ c: GradCheckCase, input index: Int) -> ([Float]) -> Float {
        { values in
            var tensors = c.inputs
            tensors[index].storage = values
            return (try? Autograd.noGrad { try loss(c, tensors.map { Variable($0) }).scalar }) ?? .nan
        }
    }

    public static func run(_ c: GradCheckCase) throws -> GradCheckResult {
        let grads = try analytic(c)
        var worst = 0.0
        var ok = true
        for (index, input) in c.inputs.enumerated() {
            let f = lossFunction(c, input: index)
            var point = input.storage
            for i in point.indices {
                let saved = point[i]
                point[i] = saved + h
                let up = Double(f(point))
                point[i] = saved - h
                let down = Double(f(point))
                point[i] = saved
                let numeric = (up - down) / (2 * Double(h))
                let difference = abs(Double(grads[index].storage[i]) - numeric)
                worst = max(worst, difference.isNaN ? .infinity : difference)
                if !(difference <= absoluteTolerance + relativeTolerance * abs(numeric)) { ok = false }
            }
        }
        return GradCheckResult(name: c.name, maxAbsoluteDifference: worst, ok: ok)
    }

    /// One case per op and variant, with small seeded inputs.
    public static func cases(seed: UInt64 = 1) -> [GradCheckCase] {
        var rng = SplitMix64(seed: seed)
        func r(_ shape: [Int], _ low: Float = -1, _ high: Float = 1) -> Tensor {
            Tensor.randomUniform(shape, low: low, high: high, using: &rng)
        }
        /// Values in ±[0.2, 1), alternating sign: away from relu's kink at 0.
        func awayFromZero(_ shape: [Int]) -> Tensor {
            var t = r(shape, 0.2, 1)
            for i in stride(from: 1, to: t.count, by: 2) { t.storage[i] = -t.storage[i] }
            return t
        }
        var list: [GradCheckCase] = [
            GradCheckCase(name: "add [3,4]+[4]", inputs: [r([3, 4]), r([4])]) { try $0[0] + $0[1] },
            GradCheckCase(name: "sub [3,1]-[1,4]", inputs: [r([3, 1]), r([1, 4])]) { try $0[0] - $0[1] },
            GradCheckCase(name: "mul [2,3,4]*[3,1]", inputs: [r([2, 3, 4]), r([3, 1])]) { try $0[0] * $0[1] },
            GradCheckCase(name: "div [3,4]/[4]", inputs: [r([3, 4]), r([4], 0.5, 2)]) { try $0[0] / $0[1] },
            GradCheckCase(name: "scale", inputs: [r([5])]) { $0[0].scaled(-2.5) },
            GradCheckCase(name: "relu", inputs: [awayFromZero([4, 5])]) { $0[0].relu() },
            GradCheckCase(name: "tanh", inputs: [r([4, 5], -2, 2)]) { $0[0].tanh() },
            GradCheckCase(name: "sigmoid", inputs: [r([4, 5], -3, 3)]) { $0[0].sigmoid() },
            GradCheckCase(name: "gelu", inputs: [r([4, 5], -3, 3)]) { $0[0].gelu() },
            GradCheckCase(name: "geluTanh", inputs: [r([4, 5], -3, 3)]) { $0[0].geluTanh() },
            GradCheckCase(name: "exp", inputs: [r([4, 5])]) { $0[0].exp() },
            GradCheckCase(name: "log", inputs: [r([4, 5], 0.5, 3)]) { $0[0].log() },
        ]
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = ta ? r([4, 3]) : r([3, 4])
            let b = tb ? r([5, 4]) : r([4, 5])
            list.append(GradCheckCase(name: "matmul [3,4]·[4,5]\(ta ? " Aᵀ" : "")\(tb ? " Bᵀ" : "")", inputs: [a, b]) {
                try Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb)
            })
        }
        list += [
            GradCheckCase(name: "matmul batched [2,3,4]·[2,5,4]ᵀ", inputs: [r([2, 3, 4]), r([2, 5, 4])]) {
                try Variable.matmul($0[0], $0[1], transposeB: true)
            },
            GradCheckCase(name: "matmul batched [2,4,3]ᵀ·[2,4,5]", inputs: [r([2, 4, 3]), r([2, 4, 5])]) {
                try Variable.matmul($0[0], $0[1], transposeA: true)
            },
            GradCheckCase(name: "matmul [2,3,4]·[4,5] shared", inputs: [r([2, 3, 4]), r([4, 5])]) {
                try Variable.matmul($0[0], $0[1])
            },
            GradCheckCase(name: "linear [3,4]→5", inputs: [r([3, 4]), r([5, 4]), r([5])]) {
                try Variable.linear($0[0], weight: $0[1], bias: $0[2])
            },
            GradCheckCase(name: "reshape", inputs: [r([2, 6])]) { try $0[0].reshaped([3, 4]).tanh() },
            GradCheckCase(name: "transpose", inputs: [r([2, 3, 4])]) { try $0[0].transposed() },
            GradCheckCase(name: "permute [2,3,2,2]→(0,2,1,3)", inputs: [r([2, 3, 2, 2])]) { try $0[0].permuted([0, 2, 1, 3]) },
            GradCheckCase(name: "sum", inputs: [r([3, 4])]) { try $0[0].tanh().sum() * $0[0].sum() },
            GradCheckCase(name: "mean", inputs: [r([3, 4])]) { $0[0].exp().mean() },
            GradCheckCase(name: "sum(axis: 1)", inputs: [r([2, 3, 4])]) { try $0[0].sum(axis: 1) },
            GradCheckCase(name: "mean(axis: -1, keep)", inputs: [r([2, 3, 4])]) { try $0[0].mean(axis: -1, keepingAxis: true) },
            GradCheckCase(name: "concat axis 1", inputs: [r([2, 3]), r([2, 2])]) { try Variable.concat([$0[0], $0[1]], axis: 1) },
            GradCheckCase(name: "split axis 0", inputs: [r([5, 3])]) {
                let parts = try $0[0].split([2, 3], axis: 0)
                return try Variable.concat([parts[1].tanh(), parts[0]], axis: 0)
            },
            GradCheckCase(name: "gatherRows (repeats)", inputs: [r([4, 3])]) { try $0[0].gatherRows([2, 0, 2, 3, 2]) },
            GradCheckCase(name: "softmax", inputs: [r([3, 5], -2, 2)]) { $0[0].softmax() },
            GradCheckCase(name: "logSoftmax", inputs: [r([3, 5], -2, 2)]) { $0[0].logSoftmax() },
            GradCheckCase(name: "crossEntropy", inputs: [r([4, 5], -2, 2)]) { try $0[0].crossEntropy(labels: [0, 3, 4, 3]) },
            GradCheckCase(name: "layerNorm", inputs: [r([3, 6], -2, 2), r([6], 0.5, 1.5), r([6])]) {
                try $0[0].layerNorm(gamma: $0[1], beta: $0[2])
            },
            GradCheckCase(name: "dropout p=0.3", inputs: [r([4, 5])]) {
                var dropRNG = SplitMix64(seed: 11)  // the same mask on every evaluation
                return try $0[0].dropout(0.3, training: true, rng: &dropRNG)
            },
        ]
        return list
    }
}
