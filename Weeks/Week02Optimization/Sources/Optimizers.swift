// Seven first-order optimizers whose update rules and default hyper-parameters are torch.optim's,
// written so that the same settings give the same trajectory step for step (checked against a
// transcription of torch's published algorithms in Tests/Fixtures/torch_optim_reference.py).
//
// For parameters p, gradient g = ∇f(p) and step t = 1, 2, …:
//
//   gd        SGD(lr)                            p ← p − lr·g
//   momentum  SGD(lr, momentum=0.9)              b ← g (t = 1), b ← μb + g;        p ← p − lr·b
//   nesterov  SGD(lr, momentum=0.9, nesterov)    b as above;                       p ← p − lr·(g + μb)
//   adagrad   Adagrad(lr, lr_decay=0, eps=1e-10) s ← s + g²;                       p ← p − lr·g / (√s + ε)
//   rmsprop   RMSprop(lr, alpha=0.99, eps=1e-8)  s ← αs + (1 − α)g²;               p ← p − lr·g / (√s + ε)
//   adam      Adam(lr, betas=(0.9, 0.999), eps=1e-8)
//             m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²
//             p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
//   adamw     AdamW(…, weight_decay=0.01): first p ← p·(1 − lr·wd) (decoupled decay), then Adam
//
// Note torch's conventions where papers differ: momentum accumulates the raw gradient and lr
// multiplies the buffer (not v ← μv + lr·g); ε is added to √v̂ after bias correction, and the
// bias correction of m is folded into the step size. No dampening, no coupled L2 weight decay,
// no AMSGrad, no centred RMSprop: those options are left at torch's defaults (off).
// Everything is Double (torch's default is float32; the difference is far below 1e-4 here).

import Foundation

public enum OptimizerKind: String, CaseIterable, Sendable {
    case gd, momentum, nesterov, adagrad, rmsprop, adam, adamw

    /// The torch.optim call this optimizer reproduces.
    public var torchEquivalent: String {
        switch self {
        case .gd: return "torch.optim.SGD(params, lr)"
        case .momentum: return "torch.optim.SGD(params, lr, momentum=0.9)"
        case .nesterov: return "torch.optim.SGD(params, lr, momentum=0.9, nesterov=True)"
        case .adagrad: return "torch.optim.Adagrad(params, lr)"
        case .rmsprop: return "torch.optim.RMSprop(params, lr)"
        case .adam: return "torch.optim.Adam(params, lr)"
        case .adamw: return "torch.optim.AdamW(params, lr)"
        }
    }

    /// torch.optim's default learning rate for the class.
    public var torchDefaultLearningRate: Double {
        switch self {
        case .gd, .momentum, .nesterov, .adam, .adamw: return 1e-3
        case .adagrad, .rmsprop: return 1e-2
        }
    }

    public static func named(_ name: String) throws -> OptimizerKind {
        guard let kind = OptimizerKind(rawValue: name.lowercased()) else {
            throw Week02Error.unknownName(kind: "optimizer", name: name, choices: allCases.map(\.rawValue))
        }
        return kind
    }
}

/// Hyper-parameters; every default is torch.optim's.
public struct OptimizerSettings: Sendable, Equatable {
    public var lr: Double
    /// SGD's momentum factor μ (momentum and nesterov only).
    public var momentum: Double = 0.9
    /// RMSprop's smoothing constant α.
    public var alpha: Double = 0.99
    /// Adam's β₁ and β₂.
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    /// Added to the denominator: 1e-10 for Adagrad, 1e-8 for RMSprop, Adam and AdamW.
    public var epsilon: Double
    /// AdamW's decoupled weight decay (0.01); ignored by the others.
    public var weightDecay: Double

    public init(_ kind: OptimizerKind, lr: Double? = nil) {
        self.lr = lr ?? kind.torchDefaultLearningRate
        epsilon = kind == .adagrad ? 1e-10 : 1e-8
        weightDecay = kind == .adamw ? 0.01 : 0
    }
}

/// One optimizer with its state on a [Double] vector. `update` performs one `optimizer.step()`.
/// (Named apart from Week 4's `Optimizer` protocol, which updates autograd Variables in place.)
public struct DescentOptimizer: Sendable {
    public let kind: OptimizerKind
    public var settings: OptimizerSettings
    /// Steps taken so far (torch's state['step']).
    public private(set) var step = 0
    /// SGD's momentum buffer b (nil before the first step), Adagrad's sum, RMSprop's square
    /// average, Adam's first and second moments m and v.
    public private(set) var momentumBuffer: [Double]?
    public private(set) var squareSum: [Double] = []
    public private(set) var squareAverage: [Double] = []
    public private(set) var firstMoment: [Double] = []
    public private(set) var secondMoment: [Double] = []

    public init(_ kind: OptimizerKind, lr: Double? = nil) {
        self.kind = kind
        settings = OptimizerSettings(kind, lr: lr)
    }

    public init(_ kind: OptimizerKind, settings: OptimizerSettings) {
        self.kind = kind
        self.settings = settings
    }

    /// p ← one step of the optimizer, given g = ∇f(p).
    public mutating func update(_ p: inout [Double], gradient g: [Double]) {
        precondition(p.count == g.count, "DescentOptimizer.update: \(p.count) parameters but \(g.count) gradient entries")
        let n = p.count
        if step == 0 {
            squareSum = [Double](repeating: 0, count: n)
            squareAverage = squareSum
            firstMoment = squareSum
            secondMoment = squareSum
        }
        step += 1
        let s = settings
        switch kind {
        case .gd:
            for i in 0..<n { p[i] -= s.lr * g[i] }
        case .momentum, .nesterov:
            momentumStep(&p, gradient: g)
        case .adagrad:
            let clr = s.lr  // lr / (1 + (t − 1)·lr_decay) with lr_decay = 0
            for i in 0..<n {
                squareSum[i] += g[i] * g[i]
                p[i] -= clr * g[i] / (squareSum[i].squareRoot() + s.epsilon)
            }
        case .rmsprop:
            for i in 0..<n {
                squareAverage[i] = s.alpha * squareAverage[i] + (1 - s.alpha) * g[i] * g[i]
                p[i] -= s.lr * g[i] / (squareAverage[i].squareRoot() + s.epsilon)
            }
        case .adam, .adamw:
            adamStep(&p, gradient: g)
        }
    }

    /// SGD with momentum (torch's convention), or Nesterov's variant when kind is .nesterov.
    /// `step` has already been incremented; momentumBuffer is nil before the first step.
    mutating func momentumStep(_ p: inout [Double], gradient g: [Double]) {
        // exercise momentum-step: Apply one step of SGD with momentum μ, or with Nesterov momentum, as torch.optim.SGD does.
        // hint: Keep a buffer b of past gradients; on the very first step there is no past, and torch starts b as a copy of g.
        // hint: torch accumulates the raw gradient (b ← μb + g) and multiplies lr in only when moving p.
        // hint: Nesterov looks ahead: it moves p along g + μb instead of along b.
        // tests: OptimizerTests/testFirstStepOfTheOtherOptimizersByHand
        let n = p.count, s = settings
        var b = momentumBuffer ?? g  // torch: buf = clone(grad) on the first step
        if momentumBuffer != nil { for i in 0..<n { b[i] = s.momentum * b[i] + g[i] } }
        momentumBuffer = b
        for i in 0..<n {
            let direction = kind == .nesterov ? g[i] + s.momentum * b[i] : b[i]
            p[i] -= s.lr * direction
        }
        // end exercise momentum-step
    }

    /// Adam, or AdamW (decoupled weight decay) when kind is .adamw. `step` (t) has already been
    /// incremented; firstMoment and secondMoment start at zero.
    mutating func adamStep(_ p: inout [Double], gradient g: [Double]) {
        // exercise adam-step: Apply one Adam update with bias correction (and AdamW's decoupled weight decay) to p.
        // hint: Keep two running averages per parameter, of g (with β₁) and of g² (with β₂), in firstMoment and secondMoment.
        // hint: Both averages start at zero, so early on they are biased toward zero; dividing by 1 − βᵗ (t = step, counting from 1) removes the bias.
        // hint: torch's order: AdamW first shrinks p by the factor 1 − lr·weightDecay; ε is added to √v̂ after its correction, and m's correction is folded into the step size lr / (1 − β₁ᵗ).
        // tests: OptimizerTests/testAdamFirstTwoStepsEqualHandComputedValues
        let n = p.count, s = settings
        if kind == .adamw {
            for i in 0..<n { p[i] *= 1 - s.lr * s.weightDecay }
        }
        let t = Double(step)
        let biasCorrection1 = 1 - Foundation.pow(s.beta1, t)
        let biasCorrection2 = 1 - Foundation.pow(s.beta2, t)
        let stepSize = s.lr / biasCorrection1
        let biasCorrection2Root = biasCorrection2.squareRoot()
        for i in 0..<n {
            firstMoment[i] = s.beta1 * firstMoment[i] + (1 - s.beta1) * g[i]
            secondMoment[i] = s.beta2 * secondMoment[i] + (1 - s.beta2) * g[i] * g[i]
            let denominator = secondMoment[i].squareRoot() / biasCorrection2Root + s.epsilon
            p[i] -= stepSize * firstMoment[i] / denominator
        }
        // end exercise adam-step
    }
}
