// Matrix products on the tape: the ops where an MLP (and later attention) spends its time.
//
//   C = op(A) · op(B)         op(X) = X or Xᵀ (transposeA / transposeB, no copies: BLAS flags)
//   ∂L/∂op(A) = ∂L/∂C · op(B)ᵀ      ∂L/∂op(B) = op(A)ᵀ · ∂L/∂C
// and when op(A) = Aᵀ the gradient for A is the transpose of that, which BLAS again does by flag.
// Shapes: [M, K]·[K, N]; batched [B, M, K]·[B, K, N] (attention's Q·Kᵀ is transposeB); and
// [B, M, K]·[K, N] with one shared right matrix (its gradient sums over the batch).
//
// `linear(x, weight, bias)` is y = x·Wᵀ + b fused into one GEMM (bias pre-filled, beta = 1) with
// W stored [out, in] like torch's nn.Linear. Backward: ∂x = ∂y·W, ∂W = ∂yᵀ·x, ∂b = Σ_rows ∂y —
// three GEMM-shaped passes, and ∂x is skipped when x is the data (the first layer), which saves
// the largest of the backward GEMMs.

import Shared

extension Variable {
    public static func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false,
                              transposeB: Bool = false) throws -> Variable {
        // [B, M, K] · [K, N]: fold the batch into rows; the GEMM is then an ordinary 2-D one.
        if a.value.rank == 3 && b.value.rank == 2 {
            guard !transposeA else {
                throw AutogradError.invalidArgument("matmul: transposeA with a rank-3 left and rank-2 right operand is not supported")
            }
            let shape = a.shape
            let flat = try a.reshaped([shape[0] * shape[1], shape[2]])
            let product = try matmul(flat, b, transposeB: transposeB)
            return try product.reshaped([shape[0], shape[1], product.shape[1]])
        }
        let (va, vb) = (a.value, b.value)
        let value = try Tensor.matmul(va, vb, transposeA: transposeA, transposeB: transposeB)
        return Variable(op: "matmul", inputs: [a, b], value: value) { g in
            // exercise matmul-backward: Return the gradients of C = op(A)·op(B) with respect to A and B, given g = ∂L/∂C.
            // hint: Without transposes: ∂L/∂A = g·Bᵀ and ∂L/∂B = Aᵀ·g; check the shapes [M, K] and [K, N] come out.
            // hint: When A enters transposed, its gradient is the transpose of the one for op(A): (g·op(B)ᵀ)ᵀ = op(B)·gᵀ. Likewise for B.
            // hint: Never copy a transpose: Tensor.matmul takes transposeA/transposeB flags. Skip (return nil for) an input that does not require a gradient.
            // tests: MatmulAndLossGradientTests/testMatmulGradientsByHand, MatmulAndLossGradientTests/testMatmulCasesPassGradCheck
            var ga: Tensor? = nil
            var gb: Tensor? = nil
            if a.requiresGrad {
                ga = transposeA
                    ? try Tensor.matmul(vb, g, transposeA: transposeB, transposeB: true)   // A = (op(B)·gᵀ)
                    : try Tensor.matmul(g, vb, transposeB: !transposeB)                     // g · op(B)ᵀ
            }
            if b.requiresGrad {
                gb = transposeB
                    ? try Tensor.matmul(g, va, transposeA: true, transposeB: transposeA)   // gᵀ · op(A)
                    : try Tensor.matmul(va, g, transposeA: !transposeA)                     // op(A)ᵀ · g
            }
            return [ga, gb]
            // end exercise matmul-backward
        }
    }

    /// y = x · Wᵀ + b.  x: [N, in] (or [B, T, in], folded), weight: [out, in], bias: [out].
    public static func linear(_ x: Variable, weight: Variable, bias: Variable?) throws -> Variable {
        let inputShape = x.shape
        guard x.value.rank >= 2, weight.value.rank == 2, inputShape.last == weight.shape[1] else {
            throw TensorError.shapeMismatch(op: "linear (x · Wᵀ)", inputShape, weight.shape)
        }
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        if let bias, bias.shape != [outFeatures] {
            throw TensorError.shapeMismatch(op: "linear bias", [outFeatures], bias.shape)
        }
        let rows = x.value.count / inFeatures
        // With a bias, every row of the output starts as the bias and the GEMM adds x·Wᵀ (beta = 1).
        var out = bias == nil ? [Float](repeating: 0, count: rows * outFeatures) : [Float](uninitializedCount: rows * outFeatures)
        let (vx, vw) = (x.value, weight.value)
        if let b = bias?.value {
            out.withUnsafeMutableBufferPointer { y in
                b.storage.withUnsafeBufferPointer { bb in
                    let (yp, bp) = (y.baseAddress!, bb.baseAddress!)
                    Parallel.forRanges(rows, costPerItem: outFeatures) { range in
                        for r in range { (yp + r * outFeatures).update(from: bp, count: outFeatures) }
                    }
                }
            }
        }
        gemm(vx.storage, vw.storage, into: &out, transposeA: false, transposeB: true,
             m: rows, n: outFeatures, k: inFeatures, beta: bias == nil ? 0 : 1)
        let outShape = Array(inputShape.dropLast()) + [outFeatures]
        let value = try Tensor(shape: outShape, storage: out)
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return Variable(op: "linear", inputs: inputs, value: value) { g in
            // exercise linear-backward: Return the gradients of y = x·Wᵀ + b with respect to x, W and (if present) b, given g = ∂L/∂y.
            // hint: Shapes guide you: g is [rows, out], x is [rows, in], W is [out, in]; each gradient has its input's shape.
            // hint: ∂x = g·W and ∂W = gᵀ·x are one GEMM each (the `gemm` helper takes transpose flags); skip ∂x when x does not require a gradient (the data).
            // hint: The bias was added to every row, so its gradient sums g over the rows (Gradients.reduce does that); append it only when there is a bias.
            // tests: MatmulAndLossGradientTests/testLinearGradientsByHand, MatmulAndLossGradientTests/testLinearCasePassesGradCheck
            var gx: Tensor? = nil
            if x.requiresGrad {  // ∂x = g · W   [rows, out]·[out, in]
                var d = [Float](uninitializedCount: rows * inFeatures)
                gemm(g.storage, vw.storage, into: &d, transposeA: false, transposeB: false,
                     m: rows, n: inFeatures, k: outFeatures, beta: 0)
                gx = try Tensor(shape: inputShape, storage: d)
            }
            var gw: Tensor? = nil
            if weight.requiresGrad {  // ∂W = gᵀ · x   [out, rows]·[rows, in]
                var d = [Float](uninitializedCount: outFeatures * inFeatures)
                gemm(g.storage, vx.storage, into: &d, transposeA: true, transposeB: false,
                     m: outFeatures, n: inFeatures, k: rows, beta: 0)
                gw = try Tensor(shape: [outFeatures, inFeatures], storage: d)
            }
            var result: [Tensor?] = [gx, gw]
            if bias != nil { result.append(try Gradients.reduce(g, to: [outFeatures])) }
            return result
            // end exercise linear-backward
        }
    }

    /// C = op(A)·op(B) + beta·C on arrays (row-major), through Shared's BLAS.sgemm.
    static func gemm(_ a: [Float], _ b: [Float], into c: inout [Float], transposeA: Bool, transposeB: Bool,
                     m: Int, n: Int, k: Int, beta: Float) {
        guard m > 0, n > 0 else { return }
        if k == 0 {  // an empty product: C = beta·C (only 0 and 1 are used here)
            if beta == 0 { for i in 0..<(m * n) { c[i] = 0 } }
            return
        }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                               a: pa.baseAddress!, b: pb.baseAddress!, beta: beta, c: pc.baseAddress!)
                }
            }
        }
    }
}
