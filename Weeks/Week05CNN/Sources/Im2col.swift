// im2col and col2im: the rearrangement that turns a convolution into one matrix product.
//
// A 2-D convolution of x: [B, C, H, W] with kernels w: [O, C, k, k] (stride s, zero padding p) is
//
//   y[b, o, i, j] = Σ_{c, u, v} w[o, c, u, v] · x[b, c, i·s − p + u, j·s − p + v]
//
// with outH = (H + 2p − k)/s + 1 and outW likewise. For a fixed output position (b, i, j) the
// numbers multiplied by w[o] are a patch of C·k·k input values. Laying every patch out as a
// column gives the matrix
//
//   cols: [C·k·k, B·outH·outW]     cols[(c·k + u)·k + v][(b·outH + i)·outW + j] = x[b, c, i·s−p+u, j·s−p+v]
//
// (0 where the index falls in the padding), and the whole convolution is one GEMM:
// W [O, C·k·k] · cols → [O, B·outH·outW]. col2im is the adjoint of im2col: it scatter-adds each
// column entry back to the pixel it was copied from, which is exactly what the gradient needs
// (a pixel used by several patches receives the sum of their gradients).
//
// What this file does not do: no dilation, no groups, square kernels only, one thread (the GEMM
// is where the time goes and OpenBLAS threads it).

import Shared

/// The geometry of one convolution: input [B, C, H, W], kernel k×k, stride, padding.
public struct ConvGeometry: Equatable, Sendable {
    public var batch, channels, height, width: Int
    public var kernel, stride, padding: Int

    public init(batch: Int, channels: Int, height: Int, width: Int, kernel: Int, stride: Int = 1, padding: Int = 0) {
        (self.batch, self.channels, self.height, self.width) = (batch, channels, height, width)
        (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
    }

    public var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    public var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Rows of cols: one per (channel, kernel row, kernel column).
    public var patchSize: Int { channels * kernel * kernel }
    /// Columns of cols: one per (image, output row, output column).
    public var positions: Int { batch * outHeight * outWidth }
}

public enum Im2col {
    /// x: [B, C, H, W] (flat) → cols: [C·k·k, B·outH·outW] (flat).
    public static func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>) {
        let (oh, ow, n) = (g.outHeight, g.outWidth, g.positions)
        let plane = g.height * g.width
        for c in 0..<g.channels {
            for u in 0..<g.kernel {
                for v in 0..<g.kernel {
                    let row = cols + ((c * g.kernel + u) * g.kernel + v) * n
                    for b in 0..<g.batch {
                        let image = x + (b * g.channels + c) * plane
                        let out = row + b * oh * ow
                        for i in 0..<oh {
                            let y = i * g.stride - g.padding + u
                            let line = out + i * ow
                            guard y >= 0 && y < g.height else {
                                line.update(repeating: 0, count: ow)
                                continue
                            }
                            let source = image + y * g.width
                            let (first, end) = columns(g, v)
                            for j in 0..<first { line[j] = 0 }
                            for j in first..<end { line[j] = source[j * g.stride - g.padding + v] }
                            for j in end..<ow { line[j] = 0 }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint: dx[b, c, y, x] += every cols entry that im2col copied from it. dx is zeroed first.
    public static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, into dx: UnsafeMutablePointer<Float>) {
        let (oh, ow, n) = (g.outHeight, g.outWidth, g.positions)
        let plane = g.height * g.width
        dx.update(repeating: 0, count: g.batch * g.channels * plane)
        for c in 0..<g.channels {
            for u in 0..<g.kernel {
                for v in 0..<g.kernel {
                    let row = cols + ((c * g.kernel + u) * g.kernel + v) * n
                    for b in 0..<g.batch {
                        let image = dx + (b * g.channels + c) * plane
                        let source = row + b * oh * ow
                        for i in 0..<oh {
                            let y = i * g.stride - g.padding + u
                            guard y >= 0 && y < g.height else { continue }
                            let target = image + y * g.width
                            let line = source + i * ow
                            let (first, end) = columns(g, v)
                            for j in first..<end { target[j * g.stride - g.padding + v] += line[j] }
                        }
                    }
                }
            }
        }
    }

    /// The output columns j whose input column j·s − p + v lies inside the image: first..<end.
    /// (Hoisting this test out of the inner loop leaves a plain strided copy.)
    static func columns(_ g: ConvGeometry, _ v: Int) -> (Int, Int) {
        let ow = g.outWidth
        var first = 0
        while first < ow && first * g.stride - g.padding + v < 0 { first += 1 }
        var end = ow
        while end > first && (end - 1) * g.stride - g.padding + v >= g.width { end -= 1 }
        return (first, end)
    }
}
