// Optimizers: turn each parameter's gradient into an in-place update of its value.
//
//   SGD (momentum μ, torch's form):  v ← μ·v + g;   θ ← θ − lr·v
//   Adam (Kingma & Ba; torch defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8):
//       m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
//       m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);   θ ← θ − lr · m̂ / (√v̂ + ε)
//   weight decay (optional): L2 added to the gradient, g ← g + λθ (torch's Adam and SGD).
//   AdamW (Loshchilov & Hutter; torch.optim.AdamW): decay decoupled from the gradient,
//       θ ← θ·(1 − lr·λ), then the Adam update above with g unchanged.
// Parameter groups (ParameterGroup.swift): each group has its own weight decay and, optionally,
// its own lr; `Adam(parameters, …)` is one group. A parameter with no gradient (it did not take
// part in the loss) is skipped, as torch does. `lr` is a var so a schedule can change it between
// steps. The moments and the step count save and load as safetensors (OptimizerState.swift).

import Dispatch
import Foundation
import Shared
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

public protocol Optimizer: AnyObject {
    var lr: Float { get set }
    func step() throws
    /// Everything `step` depends on besides the parameters: tensors named as torch's optimizer
    /// state_dict ("state.<i>.exp_avg", i the parameter's index across groups) and metadata.
    var state: (tensors: [String: Tensor], metadata: [String: String]) { get }
    /// Restores `state` (checks names, shapes and the optimizer kind before changing anything).
    func restore(tensors: [String: Tensor], metadata: [String: String]) throws
}

enum Optimizers {
    /// The pointer loops below rely on value, gradient and optimizer state having one size.
    static func checkSizes(_ p: Variable, _ g: Tensor, state: Int) throws {
        guard g.count == p.value.count, state == p.value.count else {
            throw AutogradError.invalidArgument(
                "optimizer: parameter \(p.shape) has gradient \(g.shape) and state for \(state) values (was it resized after the optimizer was made?)")
        }
    }
}

public final class SGD: Optimizer {
    public var lr: Float
    public let momentum: Float
    public let groups: [ParameterGroup]
    /// Steps taken (saved with the state, so a resumed schedule continues where it stopped).
    public internal(set) var stepCount = 0
    let parameters: [Variable]
    var velocity: [[Float]]

    public convenience init(_ parameters: [Variable], lr: Float, momentum: Float = 0) {
        self.init(groups: [ParameterGroup("all", parameters)], lr: lr, momentum: momentum)
    }

    public init(groups: [ParameterGroup], lr: Float, momentum: Float = 0) {
        self.groups = groups
        parameters = groups.flatMap(\.parameters)
        self.lr = lr
        self.momentum = momentum
        velocity = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    }

    public func step() throws {
        stepCount += 1
        var index = -1
        for group in groups {
            let (lr, mu) = (group.lr ?? lr, momentum)
            for p in group.parameters {
                index += 1
                guard var g = p.grad else { continue }
                try Optimizers.checkSizes(p, g, state: velocity[index].count)
                if group.weightDecay != 0 { g = try g + p.value * group.weightDecay }
                p.value.storage.withUnsafeMutableBufferPointer { theta in
                    g.storage.withUnsafeBufferPointer { grad in
                        velocity[index].withUnsafeMutableBufferPointer { v in
                            for i in 0..<theta.count {
                                v[i] = mu * v[i] + grad[i]
                                theta[i] -= lr * v[i]
                            }
                        }
                    }
                }
            }
        }
    }
}

public class Adam: Optimizer {
    public var lr: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    /// true: AdamW's decoupled decay θ ← θ·(1 − lr·λ); false: Adam's L2 term g + λθ.
    public let decoupledWeightDecay: Bool
    public let groups: [ParameterGroup]
    public internal(set) var stepCount = 0
    let parameters: [Variable]
    var firstMoment: [[Float]]
    var secondMoment: [[Float]]

    public convenience init(_ parameters: [Variable], lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.init(groups: [ParameterGroup("all", parameters, weightDecay: weightDecay)], lr: lr, beta1: beta1, beta2: beta2,
                  epsilon: epsilon)
    }

    public init(groups: [ParameterGroup], lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, decoupledWeightDecay: Bool = false) {
        self.groups = groups
        parameters = groups.flatMap(\.parameters)
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
        firstMoment = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        secondMoment = firstMoment
    }

    /// The kind saved with the state ("Adam" or "AdamW").
    public var kind: String { decoupledWeightDecay ? "AdamW" : "Adam" }

    public func step() throws {
        stepCount += 1
        let t = Double(stepCount)
        // Bias corrections in Double: 1 − 0.999ᵗ loses digits in Float for small t.
        let correction1 = Float(1 - Foundation.pow(Double(beta1), t))
        let correction2 = Float(1 - Foundation.pow(Double(beta2), t))
        let inverseCorrection2 = 1 / correction2
        var index = -1
        for group in groups {
            let groupLR = group.lr ?? lr
            let stepSize = groupLR / correction1
            let weightDecay = decoupledWeightDecay ? 0 : group.weightDecay
            let shrink = 1 - groupLR * group.weightDecay
            for p in group.parameters {
                index += 1
                guard let g = p.grad else { continue }
                try Optimizers.checkSizes(p, g, state: firstMoment[index].count)
                if decoupledWeightDecay && group.weightDecay != 0 { Adam.scale(p, by: shrink) }
                update(p, g, index: index, AdamConstants(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                                                          stepSize: stepSize, inverseCorrection2: inverseCorrection2))
            }
        }
    }

    /// θ ← s·θ (AdamW's decay), element by element.
    static func scale(_ p: Variable, by s: Float) {
        p.value.storage.withUnsafeMutableBufferPointer { theta in
            for i in 0..<theta.count { theta[i] *= s }
        }
    }

    /// One parameter's update with its gradient g and moments at `index`.
    func update(_ p: Variable, _ g: Tensor, index: Int, _ constants: AdamConstants) {
        p.value.storage.withUnsafeMutableBufferPointer { theta in
            g.storage.withUnsafeBufferPointer { grad in
                firstMoment[index].withUnsafeMutableBufferPointer { m in
                    secondMoment[index].withUnsafeMutableBufferPointer { v in
                        let buffers = AdamBuffers(theta: theta.baseAddress!, grad: grad.baseAddress!,
                                                  m: m.baseAddress!, v: v.baseAddress!)
                        // Large tensors: two halves on two threads (the update is memory-bound).
                        let count = theta.count
                        let halves = count >= 65536 ? 2 : 1
                        let half = (count / halves + 7) / 8 * 8
                        DispatchQueue.concurrentPerform(iterations: halves) { part in
                            let start = part * half
                            let end = Swift.min(count, start + half)
                            guard start < end else { return }
                            Adam.update(buffers.offset(by: start), count: end - start, constants)
                        }
                    }
                }
            }
        }
    }

    /// The update for one parameter tensor, 4 lanes at a time.
    ///   θ ← θ − (lr/(1 − β₁ᵗ)) · m / (√(v/(1 − β₂ᵗ)) + ε)
    /// Why SIMD4 and `Vector4.squareRoot`: `Float.squareRoot()` compiles to `sqrtf` with C's errno
    /// semantics, which LLVM will not vectorize; element by element the square root made this
    /// update cost a quarter of a training step. SSE's sqrtps does four at once.
    static func update(_ buffers: AdamBuffers, count: Int, _ constants: AdamConstants) {
        // exercise adam-update: Apply one Adam update to `count` parameters in place: moments m and v, then θ.
        // hint: The L2 weight decay (constants.weightDecay, 0 for AdamW) is added to the gradient first: g + λθ; then m ← β₁m + (1 − β₁)g and v ← β₂v + (1 − β₂)g².
        // hint: The bias corrections are precomputed: stepSize = lr/(1 − β₁ᵗ) and inverseCorrection2 = 1/(1 − β₂ᵗ); ε is added after the square root.
        // hint: A plain element loop is correct; for speed, do 4 lanes at a time with SIMD4<Float> (Vector4.squareRoot) and finish the remainder one by one.
        // tests: EngineTests/testAdamFirstStepsEqualHandComputedValues, EngineTests/testAdamVectorUpdateMatchesANaiveDoubleLoop, OptimizerGroupsAndResumeTests/testAdamWStepsEqualHandComputedTorchRule
        let (theta, grad, m, v) = (buffers.theta, buffers.grad, buffers.m, buffers.v)
        let (b1, b2, eps, wd) = (constants.beta1, constants.beta2, constants.epsilon, constants.weightDecay)
        let (stepSize, inverseCorrection2) = (constants.stepSize, constants.inverseCorrection2)
        typealias F4 = SIMD4<Float>
        var i = 0
        while i + 4 <= count {
            let t = UnsafeRawPointer(theta + i).loadUnaligned(as: F4.self)
            let gi = UnsafeRawPointer(grad + i).loadUnaligned(as: F4.self) + wd * t
            let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: F4.self) + (1 - b1) * gi
            let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: F4.self) + (1 - b2) * gi * gi
            let denominator = Vector4.squareRoot(vi * inverseCorrection2) + eps
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: F4.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: F4.self)
            UnsafeMutableRawPointer(theta + i).storeBytes(of: t - stepSize * mi / denominator, as: F4.self)
            i += 4
        }
        while i < count {
            let gi = grad[i] + wd * theta[i]
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            theta[i] -= stepSize * m[i] / ((v[i] * inverseCorrection2).squareRoot() + eps)
            i += 1
        }
        // end exercise adam-update
    }
}

/// Adam with decoupled weight decay (torch.optim.AdamW; its default λ = 0.01 applies to groups
/// made with `ParameterGroup.decayingMatrices`, a group's own λ otherwise).
public final class AdamW: Adam {
    public init(groups: [ParameterGroup], lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        super.init(groups: groups, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, decoupledWeightDecay: true)
    }
}

/// Four square roots in one instruction where the CPU has one (x86-64's SSE is always there).
enum Vector4 {
    @inline(__always)
    static func squareRoot(_ x: SIMD4<Float>) -> SIMD4<Float> {
        #if arch(x86_64)
        return _mm_sqrt_ps(x)
        #else
        return x.squareRoot()
        #endif
    }
}

struct AdamConstants: Sendable {
    let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float, stepSize: Float, inverseCorrection2: Float
}

/// The four buffers of one parameter's update; each thread works on a disjoint range of them.
struct AdamBuffers: @unchecked Sendable {
    let theta: UnsafeMutablePointer<Float>
    let grad: UnsafePointer<Float>
    let m: UnsafeMutablePointer<Float>
    let v: UnsafeMutablePointer<Float>

    func offset(by n: Int) -> AdamBuffers { AdamBuffers(theta: theta + n, grad: grad + n, m: m + n, v: v + n) }
}

public enum GradientClipping {
    /// Scales all gradients by min(1, maxNorm / ‖g‖), ‖g‖ the L2 norm over every parameter's
    /// gradient together (torch's clip_grad_norm_); returns ‖g‖ before clipping. Recurrent nets
    /// (week 6) need it against exploding gradients.
    @discardableResult
    public static func clipNorm(_ parameters: [Variable], maxNorm: Float) -> Double {
        var total = 0.0
        for p in parameters {
            guard let g = p.grad else { continue }
            g.storage.withUnsafeBufferPointer { for v in $0 { total += Double(v) * Double(v) } }
        }
        let norm = total.squareRoot()
        if norm > Double(maxNorm) {
            let scale = Float(Double(maxNorm) / (norm + 1e-6))
            for p in parameters where p.grad != nil { p.grad = p.grad! * scale }
        }
        return norm
    }
}
