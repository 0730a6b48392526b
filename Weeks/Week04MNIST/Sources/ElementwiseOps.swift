// Elementwise ops and their gradients.
//
// Binary ops broadcast like numpy ([B, N] + [N] → [B, N]). The backward pass must undo the
// broadcast: a value that was repeated along an axis contributed to every copy, so its gradient
// is the *sum* of the copies' gradients (`Gradients.reduce(_:to:)`).
//
//   z = a + b   ∂z/∂a = 1          ∂z/∂b = 1
//   z = a − b   ∂z/∂a = 1          ∂z/∂b = −1
//   z = a ⊙ b   ∂z/∂a = b          ∂z/∂b = a
//   z = a / b   ∂z/∂a = 1/b        ∂z/∂b = −a/b²
//
// Unary ops: relu′ = [x > 0]; tanh′ = 1 − y²; σ′ = y(1 − y); exp′ = y; log′ = 1/x;
// gelu(x) = x·Φ(x) (the exact, erf form, as torch's default), gelu′ = Φ(x) + x·φ(x).

import Foundation
import Shared

extension Variable {
    public static func + (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return Variable(op: "add", inputs: [a, b], value: try a.value + b.value) { g in
            [a.requiresGrad ? try Gradients.reduce(g, to: sa) : nil,
             b.requiresGrad ? try Gradients.reduce(g, to: sb) : nil]
        }
    }

    public static func - (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return Variable(op: "sub", inputs: [a, b], value: try a.value - b.value) { g in
            [a.requiresGrad ? try Gradients.reduce(g, to: sa) : nil,
             b.requiresGrad ? try Gradients.reduce(-g, to: sb) : nil]
        }
    }

    public static func * (a: Variable, b: Variable) throws -> Variable {
        let (va, vb) = (a.value, b.value)
        return Variable(op: "mul", inputs: [a, b], value: try va * vb) { g in
            [a.requiresGrad ? try Gradients.reduce(try g * vb, to: va.shape) : nil,
             b.requiresGrad ? try Gradients.reduce(try g * va, to: vb.shape) : nil]
        }
    }

    public static func / (a: Variable, b: Variable) throws -> Variable {
        let (va, vb) = (a.value, b.value)
        return Variable(op: "div", inputs: [a, b], value: try va / vb) { g in
            let ga: Tensor? = a.requiresGrad ? try Gradients.reduce(try g / vb, to: va.shape) : nil
            var gb: Tensor? = nil
            if b.requiresGrad {
                let quotient = try (try g * va) / (try vb * vb)
                gb = try Gradients.reduce(-quotient, to: vb.shape)
            }
            return [ga, gb]
        }
    }

    /// x · s for a constant s.
    public func scaled(_ s: Float) -> Variable {
        Variable(op: "scale", inputs: [self], value: value * s) { g in [g * s] }
    }

    public func relu() -> Variable {
        let x = value
        let n = x.count
        let out = x.storage.withUnsafeBufferPointer { src in
            [Float](unsafeUninitializedCapacity: n) { dst, initialized in
                for i in 0..<n { dst[i] = src[i] > 0 ? src[i] : 0 }  // a select: vectorises
                initialized = n
            }
        }
        let y = try! Tensor(shape: x.shape, storage: out)  // same count by construction
        return Variable(op: "relu", inputs: [self], value: y) { g in
            [Gradients.zip(g, x) { gi, xi in xi > 0 ? gi : 0 }]
        }
    }

    public func tanh() -> Variable {
        let y = value.tanh()
        return Variable(op: "tanh", inputs: [self], value: y) { g in
            [Gradients.zip(g, y) { gi, yi in gi * (1 - yi * yi) }]
        }
    }

    public func sigmoid() -> Variable {
        let y = value.sigmoid()
        return Variable(op: "sigmoid", inputs: [self], value: y) { g in
            [Gradients.zip(g, y) { gi, yi in gi * yi * (1 - yi) }]
        }
    }

    public func exp() -> Variable {
        let y = value.exp()
        return Variable(op: "exp", inputs: [self], value: y) { g in [try g * y] }
    }

    public func log() -> Variable {
        let x = value
        return Variable(op: "log", inputs: [self], value: x.log()) { g in [try g / x] }
    }

    public func gelu() -> Variable {
        let x = value
        let y = x.map { v in 0.5 * v * (1 + Foundation.erf(v * Float(0.5.squareRoot()))) }
        return Variable(op: "gelu", inputs: [self], value: y) { g in
            [Gradients.zip(g, x) { gi, xi in
                let cdf: Float = 0.5 * (1 + Foundation.erf(xi * Float(0.5.squareRoot())))
                let pdf: Float = Foundation.exp(-0.5 * xi * xi) / Float((2 * Double.pi).squareRoot())
                return gi * (cdf + xi * pdf)
            }]
        }
    }
}

extension Variable {
    /// GPT-2's tanh approximation of GELU (torch's gelu(approximate="tanh")):
    ///   y = ½x(1 + tanh u),  u = √(2/π)(x + 0.044715x³),  y′ = ½(1 + tanh u) + ½x(1 − tanh²u)·u′,
    ///   u′ = √(2/π)(1 + 3·0.044715x²).  Within ~1e-3 of the exact erf form `gelu()`.
    public func geluTanh() -> Variable {
        let x = value
        let c = Float((2 / Double.pi).squareRoot())
        let y = x.map { v in 0.5 * v * (1 + Foundation.tanh(c * (v + 0.044715 * v * v * v))) }
        return Variable(op: "geluTanh", inputs: [self], value: y) { g in
            [Gradients.zip(g, x) { gi, xi in
                let t = Foundation.tanh(c * (xi + 0.044715 * xi * xi * xi))
                let du: Float = c * (1 + 3 * 0.044715 * xi * xi)
                return gi * (0.5 * (1 + t) + 0.5 * xi * (1 - t * t) * du)
            }]
        }
    }
}

/// Helpers for backward passes.
public enum Gradients {
    /// f(a[i], b[i]) for two tensors of the same shape, over raw buffers.
    @inlinable
    public static func zip(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        precondition(a.shape == b.shape, "Gradients.zip: \(a.shape) vs \(b.shape)")
        let n = a.count
        let out = a.storage.withUnsafeBufferPointer { x in
            b.storage.withUnsafeBufferPointer { y in
                [Float](unsafeUninitializedCapacity: n) { z, initialized in
                    for i in 0..<n { z[i] = f(x[i], y[i]) }
                    initialized = n
                }
            }
        }
        return try! Tensor(shape: a.shape, storage: out)  // same count by construction
    }

    /// Sums `g` (shape of a broadcast result) down to `shape` (an operand's shape): over the
    /// leading axes `shape` lacks and over the axes where `shape` has extent 1.
    public static func reduce(_ g: Tensor, to shape: [Int]) throws -> Tensor {
        if g.shape == shape { return g }
        let n = shape.reduce(1, *)
        let rank = g.rank
        guard shape.count <= rank else { throw TensorError.shapeMismatch(op: "reduce gradient", g.shape, shape) }
        // Strides of the operand seen with the result's rank; 0 where it was broadcast.
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let axis = rank - shape.count + i
            guard shape[i] == g.shape[axis] || shape[i] == 1 else {
                throw TensorError.shapeMismatch(op: "reduce gradient", g.shape, shape)
            }
            strides[axis] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        var out = [Double](repeating: 0, count: n)
        g.storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if n == 1 {
                    var total = 0.0
                    for v in src { total += Double(v) }
                    dst[0] = total
                } else if Array(g.shape.suffix(shape.count)) == shape {
                    // The bias case: shape repeats along leading axes, so g is [outer, n]. The
                    // columns are split over the cores; each still sums its rows in order.
                    let outer = g.count / n
                    guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                    Parallel.forRanges(n, costPerItem: outer) { columns in
                        for o in 0..<outer {
                            let row = s + o * n
                            for j in columns { d[j] += Double(row[j]) }
                        }
                    }
                } else {
                    var index = [Int](repeating: 0, count: rank)
                    var target = 0
                    for i in 0..<g.count {
                        dst[target] += Double(src[i])
                        var axis = rank - 1
                        while axis >= 0 {
                            index[axis] += 1
                            target += strides[axis]
                            if index[axis] < g.shape[axis] { break }
                            target -= strides[axis] * g.shape[axis]
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
        return try Tensor(shape: shape, storage: out.map { Float($0) })
    }
}
