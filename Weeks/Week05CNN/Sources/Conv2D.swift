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
// cols, Y and ∂cols live in the layer's ConvWorkspace (Workspace.swift), reused from batch to
// batch; cols is kept from the forward pass for ∂W (memory for speed: C·k·k·N floats), and
// recomputed if the layer ran forward again before this backward.
// ∂x is skipped when x is the data, as in Week 4's linear.
//
// `naiveConv2d` is the definition written as seven nested loops, with no tricks: the tests
// compare the fast path with it.
//
// What this file does not do: no dilation or groups; no Winograd/FFT; NCHW only.

import Shared
import Week04MNIST

extension Variable {
    /// x: [B, C, H, W], weight: [O, C, k, k], bias: [O] → [B, O, outH, outW]. `workspace`: the
    /// calling layer's buffers (reused across batches); nil uses a fresh one.
    public static func conv2d(_ x: Variable, weight: Variable, bias: Variable?, stride: Int = 1, padding: Int = 0,
                              workspace: ConvWorkspace? = nil) throws -> Variable {
        let g = try Conv.geometry(x.shape, weight.shape, stride: stride, padding: padding)
        let outChannels = weight.shape[0]
        if let bias, bias.shape != [outChannels] { throw TensorError.shapeMismatch(op: "conv2d bias", [outChannels], bias.shape) }
        let ws = workspace ?? ConvWorkspace()
        let generation = ws.nextGeneration()
        let (n, spatial) = (g.positions, g.outHeight * g.outWidth)
        let product = Conv.forwardProduct(x.value, weight.value, g, ws)
        // [O, B, S] → [B, O, S] (+ bias)
        var out = [Float](uninitializedCount: outChannels * n)
        let biasValues = bias?.value.storage ?? [Float](repeating: 0, count: outChannels)
        out.withUnsafeMutableBufferPointer { o in
            biasValues.withUnsafeBufferPointer { Conv.permute(product, into: o.baseAddress!, outer: outChannels, middle: g.batch, inner: spatial, add: $0.baseAddress!) }
        }
        let value = try Tensor(shape: [g.batch, outChannels, g.outHeight, g.outWidth], storage: out)
        let (xv, wv) = (x.value, weight.value)
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return Variable(op: "conv2d", inputs: inputs, value: value) { grad in
            let gT = ws.product.reserve(outChannels * n)  // ∂L/∂Y as [O, B·S]
            grad.storage.withUnsafeBufferPointer { Conv.permute($0.baseAddress!, into: gT, outer: g.batch, middle: outChannels, inner: spatial, add: nil) }
            var result = try Conv.backwardGEMMs(gT: UnsafePointer(gT), x: xv, weight: wv, g, ws, generation: generation,
                                                needX: x.requiresGrad, needW: weight.requiresGrad)
            if bias != nil { result.append(try Tensor(shape: [outChannels], storage: Conv.rowSums(UnsafePointer(gT), rows: outChannels, columns: n))) }
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

    /// im2col(x) into the workspace's cols, then W · cols → the workspace's product [O, B·outH·outW].
    static func forwardProduct(_ x: Tensor, _ w: Tensor, _ g: ConvGeometry, _ ws: ConvWorkspace) -> UnsafeMutablePointer<Float> {
        let (patch, n, outChannels) = (g.patchSize, g.positions, w.shape[0])
        let cols = ws.cols.reserve(patch * n)
        x.storage.withUnsafeBufferPointer { Im2col.im2col($0.baseAddress!, g, into: cols) }
        let product = ws.product.reserve(outChannels * n)
        w.storage.withUnsafeBufferPointer { pw in
            BLAS.sgemm(transposeA: false, transposeB: false, m: outChannels, n: n, k: patch,
                       a: pw.baseAddress!, b: cols, beta: 0, c: product)
        }
        return product
    }

    /// Given G = ∂L/∂Y as [O, B·S]: [∂x, ∂W] with ∂W = G · colsᵀ and ∂x = col2im(Wᵀ · G) (nil when not
    /// needed). cols comes from the workspace when it still holds this pass's, else it is recomputed.
    static func backwardGEMMs(gT: UnsafePointer<Float>, x: Tensor, weight: Tensor, _ g: ConvGeometry, _ ws: ConvWorkspace,
                              generation: Int, needX: Bool, needW: Bool) throws -> [Tensor?] {
        let (patch, n, outChannels) = (g.patchSize, g.positions, weight.shape[0])
        var gw: Tensor? = nil
        if needW {  // ∂W = G · colsᵀ  [O, N]·[N, patch]
            var recomputed: [Float] = []
            if ws.generation != generation {
                recomputed = [Float](uninitializedCount: patch * n)
                recomputed.withUnsafeMutableBufferPointer { c in x.storage.withUnsafeBufferPointer { Im2col.im2col($0.baseAddress!, g, into: c.baseAddress!) } }
            }
            var d = [Float](uninitializedCount: outChannels * patch)
            recomputed.withUnsafeBufferPointer { r in
                let cols = r.isEmpty ? UnsafePointer(ws.cols.pointer) : r.baseAddress!
                d.withUnsafeMutableBufferPointer {
                    BLAS.sgemm(transposeA: false, transposeB: true, m: outChannels, n: patch, k: n, a: gT, b: cols, beta: 0, c: $0.baseAddress!)
                }
            }
            gw = try Tensor(shape: weight.shape, storage: d)
        }
        var gx: Tensor? = nil
        if needX {  // ∂cols = Wᵀ · G  [patch, O]·[O, N], then col2im
            let dCols = ws.dCols.reserve(patch * n)
            weight.storage.withUnsafeBufferPointer {
                BLAS.sgemm(transposeA: true, transposeB: false, m: patch, n: n, k: outChannels, a: $0.baseAddress!, b: gT, beta: 0, c: dCols)
            }
            var dx = [Float](uninitializedCount: x.count)  // col2im overwrites it
            dx.withUnsafeMutableBufferPointer { Im2col.col2im(dCols, g, into: $0.baseAddress!) }
            gx = try Tensor(shape: x.shape, storage: dx)
        }
        return [gx, gw]
    }

    /// Σ over each row of a [rows, columns] matrix.
    static func rowSums(_ m: UnsafePointer<Float>, rows: Int, columns: Int) -> [Float] {
        (0..<rows).map { r in
            let row = m + r * columns
            var s: Float = 0
            for i in 0..<columns { s += row[i] }
            return s
        }
    }

    /// [P, Q, R] → [Q, P, R], adding add[p] to every element of slab p (two threads over P).
    static func permute(_ source: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, outer: Int, middle: Int, inner: Int,
                        add: UnsafePointer<Float>?) {
        let (s, d) = (SharedConstPointer(source), SharedPointer(out))
        let a = add.map { SharedConstPointer($0) }
        Parallel.split(outer, work: middle * inner) { slabs in
            for p in slabs {
                let shift = a?.base[p] ?? 0
                for q in 0..<middle {
                    let from = s.base + (p * middle + q) * inner
                    let to = d.base + (q * outer + p) * inner
                    for r in 0..<inner { to[r] = from[r] + shift }
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
