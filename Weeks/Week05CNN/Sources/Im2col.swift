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
// Both loops split the batch between two threads (disjoint columns of cols, disjoint images of
// dx). What this file does not do: no dilation, no groups, square kernels only.

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
    /// x: [B, C, H, W] (flat) → cols: [C·k·k, B·outH·outW] (flat). Two threads, each a half of the batch.
    public static func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>) {
        let source = SharedConstPointer(x), target = SharedPointer(cols)
        Parallel.split(g.batch, work: g.patchSize * g.outHeight * g.outWidth) { images in
            im2col(source.base, g, images: images, into: target.base)
        }
    }

    /// The adjoint: dx[b, c, y, x] = Σ of every cols entry that im2col copied from it (dx is overwritten).
    public static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, into dx: UnsafeMutablePointer<Float>) {
        let source = SharedConstPointer(cols), target = SharedPointer(dx)
        Parallel.split(g.batch, work: g.patchSize * g.outHeight * g.outWidth) { images in
            col2im(source.base, g, images: images, into: target.base)
        }
    }

    /// im2col for the images in `images` only (their columns of cols).
    static func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, images: Range<Int>, into cols: UnsafeMutablePointer<Float>) {
        // exercise im2col: Copy every k×k patch of the images in `images` into its column of cols (zeros where the patch hangs over the padding).
        // hint: cols is [C·k·k, B·outH·outW]: row (c·k + u)·k + v, column (b·outH + i)·outW + j holds x[b, c, i·s − p + u, j·s − p + v].
        // hint: Loop c, u, v outermost: each (c, u, v) fills one row of cols, and each image fills a contiguous outH·outW stretch of that row.
        // hint: An input row y outside 0..<H gives a whole line of zeros; `columns(g, v)` tells which output columns j land inside the image, so the inner loop needs no bounds test.
        // tests: ConvolutionTests/testHandWorkedConvolution, ConvolutionTests/testIm2colConvEqualsNaiveDirectConvolution
        let (oh, ow, n, k, s, p) = (g.outHeight, g.outWidth, g.positions, g.kernel, g.stride, g.padding)
        let (plane, width, spatial) = (g.height * g.width, g.width, g.outHeight * g.outWidth)
        for c in 0..<g.channels {
            for u in 0..<k {
                for v in 0..<k {
                    let row = cols + ((c * k + u) * k + v) * n
                    let (first, end) = columns(g, v)
                    let offset = v - p  // input column = j·s + offset
                    for b in images {
                        let image = x + (b * g.channels + c) * plane
                        let out = row + b * spatial
                        for i in 0..<oh {
                            let y = i * s - p + u
                            let line = out + i * ow
                            guard y >= 0 && y < g.height else {
                                line.update(repeating: 0, count: ow)
                                continue
                            }
                            let input = image + y * width + offset
                            var j = 0
                            while j < first { line[j] = 0; j += 1 }
                            if s == 1 {
                                while j < end { line[j] = input[j]; j += 1 }
                            } else {
                                while j < end { line[j] = input[j * s]; j += 1 }
                            }
                            while j < ow { line[j] = 0; j += 1 }
                        }
                    }
                }
            }
        }
        // end exercise im2col
    }

    /// col2im for the images in `images` only (their planes of dx).
    static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, images: Range<Int>, into dx: UnsafeMutablePointer<Float>) {
        // exercise col2im: Scatter-add every entry of cols back onto the pixel of dx it came from, for the images in `images` (the adjoint of im2col).
        // hint: It is im2col with the copy reversed: the same (c, u, v, b, i, j) loops, but dx[…] += cols[…] instead of cols[…] = x[…].
        // hint: dx is overwritten, so first set this call's images of dx to zero (and only those: another thread owns the other images).
        // hint: Entries that im2col filled with padding zeros came from no pixel: skip them (rows y outside 0..<H, and the columns outside `columns(g, v)`).
        // tests: Col2imTests
        let (oh, ow, n, k, s, p) = (g.outHeight, g.outWidth, g.positions, g.kernel, g.stride, g.padding)
        let (plane, width, spatial) = (g.height * g.width, g.width, g.outHeight * g.outWidth)
        let imageSize = g.channels * plane
        (dx + images.lowerBound * imageSize).update(repeating: 0, count: images.count * imageSize)
        for c in 0..<g.channels {
            for u in 0..<k {
                for v in 0..<k {
                    let row = cols + ((c * k + u) * k + v) * n
                    let (first, end) = columns(g, v)
                    let offset = v - p
                    for b in images {
                        let image = dx + (b * g.channels + c) * plane
                        let source = row + b * spatial
                        for i in 0..<oh {
                            let y = i * s - p + u
                            guard y >= 0 && y < g.height else { continue }
                            let target = image + y * width + offset
                            let line = source + i * ow
                            var j = first
                            if s == 1 {
                                while j < end { target[j] += line[j]; j += 1 }
                            } else {
                                while j < end { target[j * s] += line[j]; j += 1 }
                            }
                        }
                    }
                }
            }
        }
        // end exercise col2im
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
