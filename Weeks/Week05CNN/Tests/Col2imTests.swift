// col2im on its own (without im2col or a convolution in front of it): a count of the patches
// covering each pixel worked by hand, and a naive scatter-add written from the definition
//   dx[b, c, i·s − p + u, j·s − p + v] += cols[(c·k + u)·k + v][(b·outH + i)·outW + j]
// (padding positions dropped) over strides 1 and 2, paddings 0 and 1, and a size that uses two threads.

import Shared
import TestSupport
import Week05CNN
import XCTest

final class Col2imTests: XCTestCase {
    func col2im(_ cols: [Float], _ g: ConvGeometry, prefill: Float) -> [Float] {
        var dx = [Float](repeating: prefill, count: g.batch * g.channels * g.height * g.width)
        cols.withUnsafeBufferPointer { c in dx.withUnsafeMutableBufferPointer { Im2col.col2im(c.baseAddress!, g, into: $0.baseAddress!) } }
        return dx
    }

    func testCol2imOfOnesCountsThePatchesCoveringEachPixel() {
        // 3×3 image, 2×2 kernel, stride 1: four patches. A corner pixel is in 1, an edge pixel in 2,
        // the centre in all 4. dx starts as garbage (7): col2im must overwrite it.
        let g = ConvGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 2)
        let dx = col2im([Float](repeating: 1, count: g.patchSize * g.positions), g, prefill: 7)
        XCTAssertEqual(dx, [1, 2, 1, 2, 4, 2, 1, 2, 1])
        // Padding 1, stride 2, 3×3 kernel on the same image: outputs at rows/columns −1…1 and 1…3, so
        // pixel row/column 1 is in both patches of its axis, rows/columns 0 and 2 in one each.
        let padded = ConvGeometry(batch: 1, channels: 1, height: 3, width: 3, kernel: 3, stride: 2, padding: 1)
        XCTAssertEqual(padded.outHeight, 2)
        let counts = col2im([Float](repeating: 1, count: padded.patchSize * padded.positions), padded, prefill: 7)
        XCTAssertEqual(counts, [1, 2, 1, 2, 4, 2, 1, 2, 1])
    }

    func testCol2imEqualsNaiveScatterAdd() {
        var rng = SplitMix64(seed: 41)
        // (batch, channels, height, width, kernel, stride, padding)
        let configurations = [(2, 1, 6, 6, 3, 1, 0), (2, 3, 7, 5, 3, 2, 1), (1, 2, 5, 5, 3, 1, 1), (2, 3, 5, 5, 1, 2, 0),
                              (8, 8, 16, 16, 3, 1, 1)]
        for (b, c, h, w, k, s, p) in configurations {
            let g = ConvGeometry(batch: b, channels: c, height: h, width: w, kernel: k, stride: s, padding: p)
            let cols = Tensor.randomUniform([g.patchSize * g.positions], low: -1, high: 1, using: &rng).storage
            var expected = [Float](repeating: 0, count: b * c * h * w)
            let (oh, ow) = (g.outHeight, g.outWidth)
            for n in 0..<b { for ch in 0..<c { for u in 0..<k { for v in 0..<k { for i in 0..<oh { for j in 0..<ow {
                let y = i * s - p + u, x = j * s - p + v
                guard y >= 0, y < h, x >= 0, x < w else { continue }
                let row = (ch * k + u) * k + v, column = (n * oh + i) * ow + j
                expected[((n * c + ch) * h + y) * w + x] += cols[row * g.positions + column]
            } } } } } }
            assertClose(col2im(cols, g, prefill: -3), expected, rtol: 1e-5, atol: 1e-6, "b\(b) c\(c) \(h)×\(w) k\(k) s\(s) p\(p)")
        }
    }
}
