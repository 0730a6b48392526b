// conv → +bias → ReLU → k×k max pool as one op: the simple CNN's two stages, fused.
//
// Done as three ops, a stage writes the conv output [B, O, H', W'] (permuted from the GEMM's
// [O, B·H'·W']), then a ReLU copy of it, then the pooled map — and backward walks all three back.
// Fused, the pooled output is read straight out of the GEMM's [O, B, H', W'] product:
//
//   forward   Y = W · im2col(x)                                  [O, B, H', W']   (one GEMM)
//             y[b, o, i, j] = max(0, bias[o] + max_{u,v<k} Y[o, b, i·k+u, j·k+v])
//             (relu and max commute, and the bias is the same over the window, so it is added once
//             per window) and the winner u·k+v is saved in one byte, 255 when y = 0
//   backward  ∂Y[o, b, i·k+u, j·k+v] = ∂y[b, o, i, j] at the winner, 0 elsewhere (also 0 when
//             relu cut the window: relu′ = 0 there), written straight into the [O, B·H'·W'] layout
//             the two GEMMs of Conv2D's backward read; ∂bias[o] = Σ ∂Y over row o.
//
// The same numbers as conv2d → relu → maxPool2d (the tests check all three gradients against that
// chain). What this file does not do: overlapping pools, average pooling, other activations.

import Shared
import Week04MNIST

extension Variable {
    /// maxPool_k(relu(conv2d(x, weight, bias))) for x: [B, C, H, W] → [B, O, H'/k, W'/k] (floor).
    public static func convReLUPool(_ x: Variable, weight: Variable, bias: Variable?, pool k: Int, stride: Int = 1,
                                    padding: Int = 0, workspace: ConvWorkspace? = nil) throws -> Variable {
        let g = try Conv.geometry(x.shape, weight.shape, stride: stride, padding: padding)
        let outChannels = weight.shape[0]
        if let bias, bias.shape != [outChannels] { throw TensorError.shapeMismatch(op: "convReLUPool bias", [outChannels], bias.shape) }
        guard k >= 1, g.outHeight >= k, g.outWidth >= k else {
            throw AutogradError.invalidArgument("convReLUPool: pool \(k) does not fit the \(g.outHeight)×\(g.outWidth) conv output")
        }
        let ws = workspace ?? ConvWorkspace()
        let generation = ws.nextGeneration()
        let window = PoolWindow(batch: g.batch, channels: outChannels, height: g.outHeight, width: g.outWidth, k: k)
        let product = Conv.forwardProduct(x.value, weight.value, g, ws)
        var out = [Float](uninitializedCount: g.batch * outChannels * window.pooled)
        var winners = [UInt8](repeating: 0, count: out.count)
        let biasValues = bias?.value.storage ?? [Float](repeating: 0, count: outChannels)
        out.withUnsafeMutableBufferPointer { o in
            winners.withUnsafeMutableBufferPointer { w in
                biasValues.withUnsafeBufferPointer { b in
                    window.forward(product, bias: b.baseAddress!, into: o.baseAddress!, winners: w.baseAddress!)
                }
            }
        }
        let value = try Tensor(shape: [g.batch, outChannels, window.outHeight, window.outWidth], storage: out)
        let (xv, wv) = (x.value, weight.value)
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return Variable(op: "convReLUPool", inputs: inputs, value: value) { grad in
            let gT = ws.product.reserve(outChannels * g.positions)
            var db = [Float](repeating: 0, count: outChannels)
            grad.storage.withUnsafeBufferPointer { gp in
                winners.withUnsafeBufferPointer { w in
                    db.withUnsafeMutableBufferPointer { window.backward(gp.baseAddress!, winners: w.baseAddress!, into: gT, biasGradient: $0.baseAddress!) }
                }
            }
            var result = try Conv.backwardGEMMs(gT: UnsafePointer(gT), x: xv, weight: wv, g, ws, generation: generation,
                                                needX: x.requiresGrad, needW: weight.requiresGrad)
            if bias != nil { result.append(try Tensor(shape: [outChannels], storage: db)) }
            return result
        }
    }
}

/// The pooling geometry over a GEMM product laid out [O, B, H, W], and the fused loops.
struct PoolWindow: Sendable {
    let batch, channels, height, width, k: Int
    var outHeight: Int { height / k }
    var outWidth: Int { width / k }
    var pooled: Int { outHeight * outWidth }

    /// product [O, B, H, W] → out [B, O, H/k, W/k] with bias and ReLU; winners in [O, B, H/k, W/k] order.
    func forward(_ product: UnsafePointer<Float>, bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                 winners: UnsafeMutablePointer<UInt8>) {
        let (src, dst, win, b0) = (SharedConstPointer(product), SharedPointer(out), SharedPointer(winners), SharedConstPointer(bias))
        let (oh, ow, w, plane, pooled, k) = (outHeight, outWidth, width, height * width, pooled, k)
        let (batch, channels) = (self.batch, self.channels)
        Parallel.split(channels, work: batch * plane) { range in
            for o in range {
                let shift = b0.base[o]
                for b in 0..<batch {
                    let x = src.base + (o * batch + b) * plane
                    let y = dst.base + (b * channels + o) * pooled
                    let best = win.base + (o * batch + b) * pooled
                    for i in 0..<oh {
                        for j in 0..<ow {
                            let corner = x + i * k * w + j * k
                            var top = corner[0], at = 0
                            if k == 2 {
                                if corner[1] > top { top = corner[1]; at = 1 }
                                if corner[w] > top { top = corner[w]; at = 2 }
                                if corner[w + 1] > top { top = corner[w + 1]; at = 3 }
                            } else {
                                for u in 0..<k {
                                    for v in 0..<k where corner[u * w + v] > top { top = corner[u * w + v]; at = u * k + v }
                                }
                            }
                            let value = top + shift
                            y[i * ow + j] = value > 0 ? value : 0
                            best[i * ow + j] = value > 0 ? UInt8(at) : 255
                        }
                    }
                }
            }
        }
    }

    /// ∂y [B, O, H/k, W/k] → ∂Y [O, B, H, W] (the winner of each window gets ∂y, the rest 0) and ∂bias.
    func backward(_ grad: UnsafePointer<Float>, winners: UnsafePointer<UInt8>, into dY: UnsafeMutablePointer<Float>,
                  biasGradient: UnsafeMutablePointer<Float>) {
        let (src, dst, win, db) = (SharedConstPointer(grad), SharedPointer(dY), SharedConstPointer(winners), SharedPointer(biasGradient))
        let (oh, ow, w, plane, pooled, k) = (outHeight, outWidth, width, height * width, pooled, k)
        let (batch, channels) = (self.batch, self.channels)
        Parallel.split(channels, work: batch * plane) { range in
            for o in range {
                var sum: Float = 0
                for b in 0..<batch {
                    let g = src.base + (b * channels + o) * pooled
                    let best = win.base + (o * batch + b) * pooled
                    let target = dst.base + (o * batch + b) * plane
                    target.update(repeating: 0, count: plane)
                    for i in 0..<oh {
                        for j in 0..<ow {
                            let at = Int(best[i * ow + j])
                            guard at != 255 else { continue }
                            let gv = g[i * ow + j]
                            target[(i * k + at / k) * w + j * k + at % k] = gv
                            sum += gv
                        }
                    }
                }
                db.base[o] = sum
            }
        }
    }
}
