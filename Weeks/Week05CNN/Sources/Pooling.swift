// Pooling ops on [B, C, H, W]: max and average over non-overlapping k×k windows, and global
// average pooling.
//
//   maxPool2d(k)      y[b,c,i,j] = max_{u,v<k} x[b,c,i·k+u, j·k+v]     out: [B, C, H/k, W/k] (floor)
//                     ∂x = ∂y routed to the argmax of each window (indices saved in forward),
//                     0 elsewhere: only the winner influenced the output.
//   avgPool2d(k)      y = mean of the window; ∂x = ∂y / k² spread over the window.
//   globalAvgPool     y[b,c] = mean_{h,w} x[b,c,h,w]                   out: [B, C]
//
// What this file does not do: no overlapping windows (stride = kernel), no padding; rows/columns
// left over when H or W is not a multiple of k are dropped, as torch does.

import Shared
import Week04MNIST

extension Variable {
    public func maxPool2d(_ k: Int) throws -> Variable {
        // exercise max-pool: Max-pool x [B, C, H, W] over non-overlapping k×k windows, with a backward pass that routes each gradient to its window's maximum.
        // hint: The output is [B, C, H/k, W/k] (floor: leftover rows and columns are dropped); Pooling.dimensions checks the shape.
        // hint: Remember, in the forward pass, where each window's maximum was (u·k + v fits a UInt8 for k ≤ 15); the backward pass needs nothing else.
        // hint: ∂x is zero except at each window's winner, which receives that window's ∂y; the planes B·C are independent, so Parallel.split can share them between threads.
        // tests: LayerTests/testMaxPoolHandWorked, LayerTests/testPoolingGradientsMatchNumerical, FusedOpTests/testTwoThreadMaxPoolAndConvMatchTheDefinition
        let (b, c, h, w) = try Pooling.dimensions(shape, k)
        let (oh, ow) = (h / k, w / k)
        let (planes, plane, pooled) = (b * c, h * w, (h / k) * (w / k))
        var out = [Float](uninitializedCount: planes * pooled)
        var winners = [UInt8](repeating: 0, count: out.count)  // u·k + v of each window's maximum
        guard k <= 15 else { throw AutogradError.invalidArgument("maxPool2d: kernel \(k) > 15 is not supported") }
        value.storage.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                winners.withUnsafeMutableBufferPointer { wp in
                    let (x, y, best) = (SharedConstPointer(xp.baseAddress!), SharedPointer(op.baseAddress!), SharedPointer(wp.baseAddress!))
                    Parallel.split(planes, work: plane) { range in
                        for p in range {
                            for i in 0..<oh {
                                for j in 0..<ow {
                                    let corner = x.base + p * plane + i * k * w + j * k
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
                                    y.base[p * pooled + i * ow + j] = top
                                    best.base[p * pooled + i * ow + j] = UInt8(at)
                                }
                            }
                        }
                    }
                }
            }
        }
        let inputShape = shape
        let result = try Tensor(shape: [b, c, oh, ow], storage: out)
        return Variable(op: "maxPool2d", inputs: [self], value: result) { g in
            var dx = [Float](repeating: 0, count: planes * plane)
            g.storage.withUnsafeBufferPointer { gp in
                dx.withUnsafeMutableBufferPointer { dp in
                    winners.withUnsafeBufferPointer { wp in
                        let (gs, d, best) = (SharedConstPointer(gp.baseAddress!), SharedPointer(dp.baseAddress!), SharedConstPointer(wp.baseAddress!))
                        Parallel.split(planes, work: plane) { range in
                            for p in range {
                                for i in 0..<oh {
                                    for j in 0..<ow {
                                        let at = Int(best.base[p * pooled + i * ow + j])
                                        d.base[p * plane + (i * k + at / k) * w + j * k + at % k] = gs.base[p * pooled + i * ow + j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [try Tensor(shape: inputShape, storage: dx)]
        }
        // end exercise max-pool
    }

    public func avgPool2d(_ k: Int) throws -> Variable {
        let (b, c, h, w) = try Pooling.dimensions(shape, k)
        let (oh, ow) = (h / k, w / k)
        let planes = b * c
        let scale = 1 / Float(k * k)
        var out = [Float](repeating: 0, count: planes * oh * ow)
        for p in 0..<planes { for i in 0..<oh { for j in 0..<ow {
            var s: Float = 0
            for u in 0..<k { for v in 0..<k { s += value.storage[(p * h + i * k + u) * w + j * k + v] } }
            out[(p * oh + i) * ow + j] = s * scale
        } } }
        let inputShape = shape
        let result = try Tensor(shape: [b, c, oh, ow], storage: out)
        return Variable(op: "avgPool2d", inputs: [self], value: result) { g in
            var dx = [Float](repeating: 0, count: inputShape.reduce(1, *))
            for p in 0..<planes { for i in 0..<oh { for j in 0..<ow {
                let gi = g.storage[(p * oh + i) * ow + j] * scale
                for u in 0..<k { for v in 0..<k { dx[(p * h + i * k + u) * w + j * k + v] = gi } }
            } } }
            return [try Tensor(shape: inputShape, storage: dx)]
        }
    }

    /// [B, C, H, W] → [B, C]: the mean of each feature map.
    public func globalAvgPool() throws -> Variable {
        let (b, c, h, w) = try Pooling.dimensions(shape, 1)
        let plane = h * w
        let reshaped = try self.reshaped([b * c, plane])
        return try reshaped.mean(axis: 1).reshaped([b, c])
    }
}

enum Pooling {
    static func dimensions(_ shape: [Int], _ k: Int) throws -> (Int, Int, Int, Int) {
        guard shape.count == 4, k >= 1, shape[2] >= k, shape[3] >= k else {
            throw AutogradError.invalidArgument("pooling expects [B, C, H, W] with H, W ≥ kernel \(k), got \(shape)")
        }
        return (shape[0], shape[1], shape[2], shape[3])
    }
}
