// Optimizers: turn each parameter's gradient into an in-place update of its value.
//
//   SGD (momentum μ, torch's form):  v ← μ·v + g;   θ ← θ − lr·v
//   Adam (Kingma & Ba; torch defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8):
//       m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
//       m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);   θ ← θ − lr · m̂ / (√v̂ + ε)
//   weight decay (optional): L2 added to the gradient, g ← g + λθ (torch's Adam, not AdamW).
// A parameter with no gradient (it did not take part in the loss) is skipped, as torch does.
// `lr` is a var so a schedule (see Training.swift) can change it between steps.

import Dispatch
import Foundation
import Shared
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

public protocol Optimizer: AnyObject {
    var lr: Float { get set }
    func step() throws
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
    let parameters: [Variable]
    var velocity: [[Float]]

    public init(_ parameters: [Variable], lr: Float, momentum: Float = 0) {
        self.parameters = parameters
        self.lr = lr
        self.momentum = momentum
        velocity = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    }

    public func step() throws {
        for (index, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            try Optimizers.checkSizes(p, g, state: velocity[index].count)
            let (lr, mu) = (lr, momentum)
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

public final class Adam: Optimizer {
    public var lr: Float
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    public private(set) var stepCount = 0
    let parameters: [Variable]
    var firstMoment: [[Float]]
    var secondMoment: [[Float]]

    public init(_ parameters: [Variable], lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoment = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        secondMoment = firstMoment
    }

    public func step() throws {
        stepCount += 1
        let t = Double(stepCount)
        // Bias corrections in Double: 1 − 0.999ᵗ loses digits in Float for small t.
        let correction1 = Float(1 - Foundation.pow(Double(beta1), t))
        let correction2 = Float(1 - Foundation.pow(Double(beta2), t))
        let stepSize = lr / correction1
        let inverseCorrection2 = 1 / correction2
        for (index, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            try Optimizers.checkSizes(p, g, state: firstMoment[index].count)
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
                            let constants = AdamConstants(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                                                          stepSize: stepSize, inverseCorrection2: inverseCorrection2)
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
    }

    /// The update for one parameter tensor, 4 lanes at a time.
    ///   θ ← θ − (lr/(1 − β₁ᵗ)) · m / (√(v/(1 − β₂ᵗ)) + ε)
    /// Why SIMD4 and `Vector4.squareRoot`: `Float.squareRoot()` compiles to `sqrtf` with C's errno
    /// semantics, which LLVM will not vectorize; element by element the square root made this
    /// update cost a quarter of a training step. SSE's sqrtps does four at once.
    static func update(_ buffers: AdamBuffers, count: Int, _ constants: AdamConstants) {
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
