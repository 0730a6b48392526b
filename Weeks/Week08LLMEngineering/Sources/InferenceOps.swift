// Forward-only building blocks on plain Tensors, for decoding with a KV cache (no autograd tape:
// a generated token needs no gradient, and decoding one row at a time makes per-op overhead count).
//
//   affine(x, w, b)      x [T, in] · w [in, out] + b   (GPT-2's Conv1D layout: weight is [in, out])
//   affineT(x, w, b)     x [T, in] · wᵀ + b, w [out, in] (torch nn.Linear layout, e.g. lm_head)
//   layerNorm(x, γ, β)   per row: (x − mean)/√(var + eps)·γ + β  (biased variance, as torch)
//   gelu                 tanh form (GPT-2's "gelu_new"), erf form ("gelu"), relu

import Foundation
import Shared

public enum FeedForwardActivation: String, Sendable {
    case geluTanh, gelu, relu

    /// Hugging Face's activation_function names.
    public init?(huggingFace name: String) {
        switch name {
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        case "gelu": self = .gelu
        case "relu": self = .relu
        default: return nil
        }
    }

    func apply(_ x: inout Tensor) {
        x.storage.withUnsafeMutableBufferPointer { p in
            switch self {
            case .geluTanh:
                let c: Float = (2 / Float.pi).squareRoot()
                for i in p.indices {
                    let v = p[i]
                    p[i] = 0.5 * v * (1 + tanhf(c * (v + 0.044715 * v * v * v)))
                }
            case .gelu:
                let c = Float(0.5).squareRoot()
                for i in p.indices { p[i] = 0.5 * p[i] * (1 + erff(p[i] * c)) }
            case .relu:
                for i in p.indices { p[i] = max(p[i], 0) }
            }
        }
    }
}

public enum Dense {
    /// x [T, in] · w [in, out] + b [out].
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor?, transposeWeight: Bool = false) throws -> Tensor {
        let t = x.rowCount, inputs = x.rowLength
        let outputs = transposeWeight ? w.shape[0] : w.shape[1]
        var out = [Float](repeating: 0, count: t * outputs)
        if let b {
            for r in 0..<t { out.withUnsafeMutableBufferPointer { o in for j in 0..<outputs { o[r * outputs + j] = b.storage[j] } } }
        }
        x.storage.withUnsafeBufferPointer { xp in
            w.storage.withUnsafeBufferPointer { wp in
                out.withUnsafeMutableBufferPointer { op in
                    BLAS.sgemm(transposeA: false, transposeB: transposeWeight, m: t, n: outputs, k: inputs,
                               a: xp.baseAddress!, b: wp.baseAddress!, beta: b == nil ? 0 : 1, c: op.baseAddress!)
                }
            }
        }
        return try Tensor(shape: [t, outputs], storage: out)
    }

    /// Row-wise layer normalisation.
    public static func layerNorm(_ x: Tensor, gamma: Tensor, beta: Tensor, eps: Float) -> Tensor {
        var out = x
        let n = x.rowLength
        out.storage.withUnsafeMutableBufferPointer { p in
            for r in 0..<x.rowCount {
                let row = p.baseAddress! + r * n
                var mean: Float = 0
                for i in 0..<n { mean += row[i] }
                mean /= Float(n)
                var variance: Float = 0
                for i in 0..<n { let c = row[i] - mean; variance += c * c }
                variance /= Float(n)
                let inverse = 1 / (variance + eps).squareRoot()
                for i in 0..<n { row[i] = (row[i] - mean) * inverse * gamma.storage[i] + beta.storage[i] }
            }
        }
        return out
    }

    /// a += b, elementwise (same shapes).
    public static func addInPlace(_ a: inout Tensor, _ b: Tensor) {
        a.storage.withUnsafeMutableBufferPointer { p in
            b.storage.withUnsafeBufferPointer { q in for i in p.indices { p[i] += q[i] } }
        }
    }
}
