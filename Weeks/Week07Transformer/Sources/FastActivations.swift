// The transformer's activation on the tape, with kernels fast enough for inference.
//
// The FFN applies its activation to B·T·intermediate values per layer (MiniLM at batch 32: 1.2M
// per layer), so a libm call per element is a visible share of the forward pass. `FastMath.erf`
// is the rational approximation Eigen and XLA use for float erf: erf(x) ≈ x·P(x²)/Q(x²) on
// [−4, 4] (clamped outside, where |erf| = 1 to float precision), max error a few ulp, and no
// branches or calls, so the loop vectorises.
//
// The backward pass needs φ(x) = e^(−x²/2)/√(2π) per element as well: `FastMath.exp` is the
// same kind of branch-free polynomial, and both passes are split over the cores.
//
//   gelu(x)     = x·Φ(x) = ½x(1 + erf(x/√2))          gelu′ = Φ(x) + x·φ(x)
//   geluTanh    Week 4's `geluTanh()` (GPT-2)            relu  Week 4's `relu()`

import Foundation
import Shared
import Week04MNIST

public enum FastMath {
    @inlinable
    public static func erf(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }

    /// e^x without a libm call, so loops over it vectorise: x = n·ln 2 + r with n = round(x/ln 2)
    /// (adding 1.5·2²³ rounds in plain float arithmetic and leaves n in the low bits), e^r by a
    /// polynomial close to its Taylor series (coefficients fitted on |r| ≤ ln 2/2), and 2ⁿ written
    /// into the exponent bits; no integer conversion, so NaN stays NaN. Relative error ≈ 2e-7 on
    /// [−87, 88] (clamped outside: tiny for very negative x, where e^x ≈ 0 to float precision).
    @inlinable
    public static func exp(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -87), 88)
        let shifter: Float = 12582912  // 1.5·2²³: adding and subtracting it rounds to an integer
        let t = x * 1.44269504088896341 + shifter  // its low mantissa bits hold n
        let n = t - shifter
        let r = (x - n * 0.693359375) - n * -2.12194440e-4  // ln 2 in two parts
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * r * r + r + 1
        let twoToN = Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) << 23)  // exponent field n + 127
        return er * twoToN
    }

    /// In place: row ← softmax(row + mask), on this thread (attention's score rows). The mask add, the max and the
    /// exponentials are loops without calls, so they vectorise: e^x is `FastMath.exp` (≈ 2e-7
    /// relative), and a score more than 87 below the row's max (a blocked position, −1e9) gets
    /// exactly 0, as libm's expf would give it. It lives in this file
    /// so that `exp` inlines into it (a debug build compiles each file on its own). The max runs
    /// in four lanes, the sum in eight.
    public static func softmaxRow(_ row: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>?, count: Int) {
        if let mask {
            for j in 0..<count { row[j] += mask[j] }
        }
        var (m, m1, m2, m3) = (row[0], row[0], row[0], row[0])
        var j = 0
        while j + 4 <= count {
            let (a, b, c, d) = (row[j], row[j + 1], row[j + 2], row[j + 3])
            m = a > m ? a : m
            m1 = b > m1 ? b : m1
            m2 = c > m2 ? c : m2
            m3 = d > m3 ? d : m3
            j += 4
        }
        m = Swift.max(Swift.max(m, m1), Swift.max(m2, m3))
        while j < count {
            m = Swift.max(m, row[j])
            j += 1
        }
        for j in 0..<count {
            let x = row[j] - m
            row[j] = x < -87 ? 0 : FastMath.exp(x)
        }
        var lanes = SIMD8<Float>(repeating: 0)
        j = 0
        while j + 8 <= count {
            lanes += UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self)
            j += 8
        }
        var total = lanes.sum()
        while j < count {
            total += row[j]
            j += 1
        }
        let inverse = 1 / total
        for j in 0..<count { row[j] *= inverse }
    }

    /// In place: x ← gelu(x) for `count` values.
    public static func geluInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        gelu(UnsafePointer(x), into: x, count: count)
    }

    /// y ← gelu(x) for `count` values (y may be x), split over the cores.
    public static func gelu(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        let invSqrt2: Float = 0.70710678118654752
        Parallel.forRanges(count, costPerItem: 8) { range in
            for i in range {
                let v = x[i]
                y[i] = 0.5 * v * (1 + erf(v * invSqrt2))
            }
        }
    }

    /// ∂x ← g ⊙ gelu′(x) = g ⊙ (Φ(x) + x·φ(x)) for `count` values, split over the cores.
    public static func geluBackward(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                    into dx: UnsafeMutablePointer<Float>, count: Int) {
        let invSqrt2: Float = 0.70710678118654752
        let invSqrt2Pi: Float = 0.39894228040143268
        Parallel.forRanges(count, costPerItem: 12) { range in
            for i in range {
                let xi = x[i]
                let cdf: Float = 0.5 * (1 + erf(xi * invSqrt2))
                let pdf: Float = exp(-0.5 * xi * xi) * invSqrt2Pi
                dx[i] = g[i] * (cdf + xi * pdf)
            }
        }
    }
}

extension Variable {
    /// gelu (exact erf form) with the vectorisable erf; the same function as Week 4's `gelu()`.
    public func fastGELU() -> Variable {
        let x = value
        let n = x.count
        var y = [Float](uninitializedCount: n)
        if n > 0 {
            x.storage.withUnsafeBufferPointer { src in
                y.withUnsafeMutableBufferPointer { FastMath.gelu(src.baseAddress!, into: $0.baseAddress!, count: n) }
            }
        }
        return Variable(op: "gelu", inputs: [self], value: try! Tensor(shape: x.shape, storage: y)) { g in  // same count
            var dx = [Float](uninitializedCount: n)
            if n > 0 {
                g.storage.withUnsafeBufferPointer { gb in
                    x.storage.withUnsafeBufferPointer { xb in
                        dx.withUnsafeMutableBufferPointer {
                            FastMath.geluBackward(gb.baseAddress!, xb.baseAddress!, into: $0.baseAddress!, count: n)
                        }
                    }
                }
            }
            return [try Tensor(shape: x.shape, storage: dx)]
        }
    }

    /// The configured FFN activation.
    public func activation(_ kind: TransformerConfig.Activation) -> Variable {
        switch kind {
        case .gelu: return fastGELU()
        case .geluTanh: return geluTanh()
        case .relu: return relu()
        }
    }
}
