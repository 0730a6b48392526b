// Conv2D as a custom autograd op: im2col + one GEMM forward, two GEMMs + col2im backward.
//
//   forward   cols = im2col(x)                         [C·k·k, N]      N = B·outH·outW
//             Y = W · cols (+ b)                        [O, N]          W: [O, C·k·k] (weight [O, C, k, k] flat)
//             y = permute(Y) to [B, O, outH, outW]      (NCHW, bias added during the copy)
//   backward  G = permute(∂L/∂y) to [O, N]
//             ∂W = G · colsᵀ                            [O, C·k·k]      (one GEMM)
//             ∂cols = Wᵀ · G                            [C·k·k, N]      (one GEMM)
//             ∂x = col2im(∂cols)                        [B, C, H, W]    (scatter-add)
//             ∂b = Σ_N G                                [O]
// The cols matrix is kept from the forward pass for ∂W (memory for speed: C·k·k·N floats).
// ∂x is skipped when x is the data, as in Week 4's linear.
//
// `naiveConv2d` is the definition written as seven nested loops, with no tricks: the tests and
// the benchmark compare the fast path with it.
//
// What this file does not do: no dilation or groups; no Winograd/FFT; NCHW only.

import Shared
import Week04MNIST

extension Variable {
    /// x: [B, C, H, W], weight: [O, C, k, k], bias: [O] → [B, O, outH, outW].
    public static func conv2d(_ x: Variable, weight: Variable, bias: Variable?, stride: Int = 1, padding: Int = 0) throws -> Variable {
        let g = try Conv.geometry(x.shape, weight.shape, stride: stride, padding: padding)
        let outChannels = weight.shape[0]
        if let bias, bias.shape != [outChannels] { throw TensorError.shapeMismatch(op: "conv2d bias", [outChannels], bias.shape) }
        let (patch, n, spatial) = (g.patchSize, g.positions, g.outHeight * g.outWidth)
        var cols = Conv.uninitialized(patch * n)  // im2col writes every entry
        x.value.storage.withUnsafeBufferPointer { px in
            cols.withUnsafeMutableBufferPointer { Im2col.im2col(px.baseAddress!, g, into: $0.baseAddress!) }
        }
        var product = Conv.uninitialized(outChannels * n)  // beta = 0 GEMMs and permutes overwrite
        Conv.gemm(weight.value.storage, cols, into: &product, transposeA: false, transposeB: false,
                  m: outChannels, n: n, k: patch)
        // [O, B, S] → [B, O, S] (+ bias)
        var out = Conv.uninitialized(outChannels * n)
        let biasValues = bias?.value.storage ?? [Float](repeating: 0, count: outChannels)
        Conv.permute(product, into: &out, outer: outChannels, middle: g.batch, inner: spatial, add: biasValues)
        let value = try Tensor(shape: [g.batch, outChannels, g.outHeight, g.outWidth], storage: out)
        let wv = weight.value
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return Variable(op: "conv2d", inputs: inputs, value: value) { grad in
            var gT = Conv.uninitialized(outChannels * n)  // [O, B·S]
            Conv.permute(grad.storage, into: &gT, outer: g.batch, middle: outChannels, inner: spatial,
                         add: [Float](repeating: 0, count: g.batch))
            var gw: Tensor? = nil
            if weight.requiresGrad {  // ∂W = G · colsᵀ  [O, N]·[N, patch]
                var d = [Float](repeating: 0, count: outChannels * patch)
                Conv.gemm(gT, cols, into: &d, transposeA: false, transposeB: true, m: outChannels, n: patch, k: n)
                gw = try Tensor(shape: wv.shape, storage: d)
            }
            var gx: Tensor? = nil
            if x.requiresGrad {  // ∂cols = Wᵀ · G  [patch, O]·[O, N], then col2im
                var dCols = Conv.uninitialized(patch * n)
                Conv.gemm(wv.storage, gT, into: &dCols, transposeA: true, transposeB: false, m: patch, n: n, k: outChannels)
                var dx = Conv.uninitialized(g.batch * g.channels * g.height * g.width)  // col2im zeroes it
                dCols.withUnsafeBufferPointer { pc in
                    dx.withUnsafeMutableBufferPointer { Im2col.col2im(pc.baseAddress!, g, into: $0.baseAddress!) }
                }
                gx = try Tensor(shape: x.shape, storage: dx)
            }
            var result: [Tensor?] = [gx, gw]
            if bias != nil {
                var db = [Float](repeating: 0, count: outChannels)
                gT.withUnsafeBufferPointer { p in
                    for o in 0..<outChannels {
                        var s: Float = 0
                        for i in 0..<n { s += p[o * n + i] }
                        db[o] = s
                    }
                }
                result.append(try Tensor(shape: [outChannels], storage: db))
            }
            return result
        }
    }
}

public enum Conv {
    /// Validates x: [B, C, H, W] against weight [O, C, k, k] and returns the geometry.
    public static func geometry(_ x: [Int], _ w: [Int], stride: Int, padding: Int) throws -> ConvGeometry {
        guard x.count == 4, w.count == 4, x[1] == w[1], w[2] == w[3] else {
            throw TensorError.shapeMismatch(op: "conv2d (x [B, C, H, W], weight [O, C, k, k])", x, w)
        }
        guard stride >= 1, padding >= 0, x[2] + 2 * padding >= w[2], x[3] + 2 * padding >= w[2] else {
            throw AutogradError.invalidArgument("conv2d: kernel \(w[2]) with stride \(stride), padding \(padding) does not fit input \(x)")
        }
        return ConvGeometry(batch: x[0], channels: x[1], height: x[2], width: x[3], kernel: w[2], stride: stride, padding: padding)
    }

    /// An array whose every element the caller overwrites: skips zeroing.
    static func uninitialized(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// [P, Q, R] → [Q, P, R], adding add[p] to every element of slab p.
    static func permute(_ source: [Float], into out: inout [Float], outer: Int, middle: Int, inner: Int, add: [Float]) {
        source.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in
                for p in 0..<outer {
                    let a = add[p]
                    for q in 0..<middle {
                        let from = s.baseAddress! + (p * middle + q) * inner
                        let to = d.baseAddress! + (q * outer + p) * inner
                        for r in 0..<inner { to[r] = from[r] + a }
                    }
                }
            }
        }
    }

    static func gemm(_ a: [Float], _ b: [Float], into c: inout [Float], transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int) {
        guard m > 0, n > 0, k > 0 else { return }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                               a: pa.baseAddress!, b: pb.baseAddress!, beta: 0, c: pc.baseAddress!)
                }
            }
        }
    }

    /// The definition, seven loops deep: y[b,o,i,j] = bias[o] + Σ_{c,u,v} w[o,c,u,v]·x[b,c,i·s−p+u,j·s−p+v].
    public static func naiveConv2d(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, stride: Int, padding: Int) throws -> Tensor {
        let g = try geometry(x.shape, w.shape, stride: stride, padding: padding)
        let o = w.shape[0], k = g.kernel
        var y = [Float](repeating: 0, count: g.batch * o * g.outHeight * g.outWidth)
        for b in 0..<g.batch { for oc in 0..<o { for i in 0..<g.outHeight { for j in 0..<g.outWidth {
            var s: Float = bias?.storage[oc] ?? 0
            for c in 0..<g.channels { for u in 0..<k { for v in 0..<k {
                let yy = i * stride - padding + u, xx = j * stride - padding + v
                guard yy >= 0, yy < g.height, xx >= 0, xx < g.width else { continue }
                let xi = ((b * g.channels + c) * g.height + yy) * g.width + xx
                let wi = ((oc * g.channels + c) * k + u) * k + v
                s += w.storage[wi] * x.storage[xi]
            } } }
            y[((b * o + oc) * g.outHeight + i) * g.outWidth + j] = s
        } } } }
        return try Tensor(shape: [g.batch, o, g.outHeight, g.outWidth], storage: y)
    }
}
