// The transformer's activation on the tape, with kernels fast enough for inference.
//
// The FFN applies its activation to B·T·intermediate values per layer (MiniLM at batch 32: 1.2M
// per layer), so a libm call per element is a visible share of the forward pass. `FastMath.erf`
// is the rational approximation Eigen and XLA use for float erf: erf(x) ≈ x·P(x²)/Q(x²) on
// [−4, 4] (clamped outside, where |erf| = 1 to float precision), max error a few ulp, and no
// branches or calls, so the loop vectorises.
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

    /// In place: x ← gelu(x) for `count` values.
    public static func geluInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let invSqrt2: Float = 0.70710678118654752
        Parallel.forRanges(count, costPerItem: 8) { range in
            for i in range {
                let v = x[i]
                x[i] = 0.5 * v * (1 + erf(v * invSqrt2))
            }
        }
    }
}

extension Variable {
    /// gelu (exact erf form) with the vectorisable erf; the same function as Week 4's `gelu()`.
    public func fastGELU() -> Variable {
        var y = value
        y.storage.withUnsafeMutableBufferPointer { FastMath.geluInPlace($0.baseAddress!, count: $0.count) }
        let x = value
        return Variable(op: "gelu", inputs: [self], value: y) { g in
            let invSqrt2: Float = 0.70710678118654752
            let invSqrt2Pi: Float = 0.39894228040143268
            return [Gradients.zip(g, x) { gi, xi in
                let cdf: Float = 0.5 * (1 + FastMath.erf(xi * invSqrt2))
                let pdf: Float = Foundation.exp(-0.5 * xi * xi) * invSqrt2Pi
                return gi * (cdf + xi * pdf)
            }]
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
