// Gradient checking of whole layers (week 4's GradCheck checks single ops): for a module and an
// input, L = Σ layer(x) ⊙ R with a fixed random R (week 4's GradCheck.loss), and for the input and
// every parameter of the module's tree, the tape's ∂L/∂θ against central differences
//
//   numeric_i = (L(θ + h·eᵢ) − L(θ − h·eᵢ)) / 2h,   h = GradCheck.h (1e-2), L summed in Double
//
// perturbing the parameter's storage in place (and putting it back). Each tensor's error is
// relative to its largest gradient, so Float noise on a near-zero element does not count as a
// failure while a wrong formula (off by O(1)) does:
//
//   relative error = max_i |analytic_i − numeric_i| / max(max_i |numeric_i|, 1e-2)
//   OK ⇔ every tensor's relative error ≤ 1e-2
//
// The floor 1e-2: the Float forward's rounding puts ~3e-5 of noise on a numeric gradient (48
// outputs of O(1), ε ≈ 6e-8, divided by 2h), which would be a 3 % "error" on a tensor whose
// gradients are all ~1e-3 (attention's query weights at init); below the floor the test is
// |Δ| ≤ 1e-4, still far under the O(gradient) error of a wrong formula.
//
// Kinks: ReLU at 0 and max-pool ties are not differentiable, and a central difference that
// straddles one is off by half the jump of the slope. So each element also gets the difference of
// its one-sided slopes, (L₊ − L)/h − (L − L₋)/h: h·L'' where L is smooth, the slope's jump (times
// 1 − d/h for a kink at distance d) where a kink lies within h. Above tolerance · scale the
// element is skipped and counted (more than a third skipped fails the layer: strong curvature,
// h·L'' > tolerance · scale, is skipped too); below, a kink can
// move the central difference by at most half the tolerance. A wrong backward formula leaves the
// slopes symmetric and the tape's value far from them, so it is still caught.
//
// The forward runs in training mode (BatchNorm uses batch statistics), with dropout 0. Inputs to
// ReLU and max-pool come from seeded draws. What this file does not do: no second derivatives,
// no check of buffers (they are not trained).

import Foundation
import Shared
import Week04MNIST

public struct LayerCheck {
    public let name: String
    public let module: any Module
    /// The input tensor, or nil when the layer's input is not differentiable (token ids).
    public let input: Tensor?
    public let forward: (Variable?) throws -> Variable

    public init(name: String, module: any Module, input: Tensor?, forward: @escaping (Variable?) throws -> Variable) {
        self.name = name
        self.module = module
        self.input = input
        self.forward = forward
    }
}

public struct LayerCheckResult: Sendable {
    public let name: String
    /// (tensor name, relative error) for the input ("input") and each parameter.
    public let errors: [(tensor: String, relativeError: Double)]
    public var maxRelativeError: Double { errors.map(\.relativeError).max() ?? 0 }
    /// At most a third of the elements may be skipped.
    public var ok: Bool { maxRelativeError <= LayerGradCheck.tolerance && skipped * 3 <= elements }
    /// Scalars checked (input plus parameters).
    public let elements: Int
    /// Elements left out because a kink lay within h (the h and h/4 estimates disagreed).
    public let skipped: Int
}

public enum LayerGradCheck {
    public static let tolerance = 1e-2
    static let floor = 1e-2

    public static func run(_ check: LayerCheck) throws -> LayerCheckResult {
        let parameters = check.module.namedParameters()
        let input = check.input.map { Variable($0, requiresGrad: true) }
        check.module.zeroGrad()
        let weights = try TrainingMode.training { () -> Tensor in
            let out = try check.forward(input)
            var rng = SplitMix64(seed: 7)
            let r = Tensor.randomUniform(out.shape, low: -1, high: 1, using: &rng)
            try (out * Variable(r)).sum().backward()
            return r
        }
        var targets: [(name: String, variable: Variable)] = parameters.map { ($0.name, $0.value) }
        if let input { targets.insert(("input", input), at: 0) }
        var errors: [(tensor: String, relativeError: Double)] = []
        var elements = 0
        var skipped = 0
        let center = try loss(check, input, weights)
        for target in targets {
            let analytic = target.variable.grad ?? Tensor.zeros(target.variable.shape)
            let count = target.variable.value.count
            let estimates = try (0..<count).map { try numeric(check, input, weights, target.variable, $0, center: center) }
            let scale = max(estimates.map { abs($0.central) }.max() ?? 0, floor)
            var worst = 0.0
            for i in 0..<count {
                // A kink (ReLU at 0, a max-pool tie) within h: the one-sided slopes differ; skip it.
                if abs(estimates[i].asymmetry) > tolerance * scale {
                    skipped += 1
                    continue
                }
                let difference = abs(Double(analytic.storage[i]) - estimates[i].central)
                worst = max(worst, difference.isNaN ? .infinity : difference)
            }
            elements += count
            errors.append((target.name, worst / scale))
        }
        return LayerCheckResult(name: check.name, errors: errors, elements: elements, skipped: skipped)
    }

    /// For element i of `variable` (restored afterwards), with L₊ = L(θ + h·eᵢ), L₋ = L(θ − h·eᵢ):
    /// central = (L₊ − L₋) / 2h and asymmetry = (L₊ − L) / h − (L − L₋) / h, the jump between the
    /// one-sided slopes (h·L'' where L is smooth, the slope's jump where a kink lies within h).
    static func numeric(_ check: LayerCheck, _ input: Variable?, _ weights: Tensor, _ variable: Variable, _ i: Int,
                        center: Double) throws -> (central: Double, asymmetry: Double) {
        let h = GradCheck.h
        let saved = variable.value.storage[i]
        defer { variable.value.storage[i] = saved }
        variable.value.storage[i] = saved + h
        let up = try loss(check, input, weights)
        variable.value.storage[i] = saved - h
        let down = try loss(check, input, weights)
        return ((up - down) / (2 * Double(h)), (up - 2 * center + down) / Double(h))
    }

    /// Σ forward(x) ⊙ R in Double, without a tape.
    static func loss(_ check: LayerCheck, _ input: Variable?, _ weights: Tensor) throws -> Double {
        try TrainingMode.training {
            try Autograd.noGrad {
                let out = try check.forward(input.map { Variable($0.value) })
                return zip(out.value.storage, weights.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
        }
    }
}
