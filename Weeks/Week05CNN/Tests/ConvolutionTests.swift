// The Assess gate, part 1: convolution. The im2col + GEMM op against the seven-loop definition
// (forward), against a naive backward written here from the definition, and against central
// differences; im2col/col2im as adjoints (⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩).

import Shared
import TestSupport
import Week04MNIST
import Week05CNN
import XCTest

final class ConvolutionTests: XCTestCase {
    /// (batch, in, out, size, kernel, stride, padding): stride 1 and 2, padding 0 and 1, several channel counts.
    let configurations: [(Int, Int, Int, Int, Int, Int, Int)] = [
        (2, 1, 3, 6, 3, 1, 0), (2, 3, 4, 7, 3, 2, 1), (1, 2, 5, 5, 3, 1, 1), (3, 4, 2, 8, 3, 2, 0), (2, 3, 2, 5, 1, 2, 0),
        (8, 8, 6, 16, 3, 1, 1),  // large enough for the two-thread im2col/col2im
    ]

    func testIm2colConvEqualsNaiveDirectConvolution() throws {
        var rng = SplitMix64(seed: 11)
        for (b, c, o, size, k, s, p) in configurations {
            let x = Tensor.randomUniform([b, c, size, size], low: -1, high: 1, using: &rng)
            let w = Tensor.randomUniform([o, c, k, k], low: -1, high: 1, using: &rng)
            let bias = Tensor.randomUniform([o], low: -1, high: 1, using: &rng)
            let fast = try Variable.conv2d(Variable(x), weight: Variable(w), bias: Variable(bias), stride: s, padding: p)
            let naive = try Conv.naiveConv2d(x, w, bias, stride: s, padding: p)
            XCTAssertEqual(fast.shape, naive.shape)
            assertClose(fast.value, naive, rtol: 1e-5, atol: 1e-5, "b\(b) c\(c) o\(o) \(size)×\(size) k\(k) s\(s) p\(p)")
        }
    }

    func testHandWorkedConvolution() throws {
        // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,0],[0,-1]] (valid, stride 1):
        //   y[0,0] = 1 − 5 = −4, y[0,1] = 2 − 6 = −4, y[1,0] = 4 − 8 = −4, y[1,1] = 5 − 9 = −4; bias 0.5.
        let x = try Tensor(shape: [1, 1, 3, 3], storage: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = try Tensor(shape: [1, 1, 2, 2], storage: [1, 0, 0, -1])
        let y = try Variable.conv2d(Variable(x), weight: Variable(w), bias: Variable(Tensor([0.5])))
        XCTAssertEqual(y.value.storage, [-3.5, -3.5, -3.5, -3.5])
        // With padding 1 the corner output sees only x[0,0] under w[1,1] = −1: y[0,0] = −1.
        let padded = try Variable.conv2d(Variable(x), weight: Variable(w), bias: nil, padding: 1)
        XCTAssertEqual(padded.shape, [1, 1, 4, 4])
        XCTAssertEqual(padded.value.storage[0], -1)
        XCTAssertEqual(padded.value.storage[15], 9)  // bottom-right: x[2,2]·w[0,0]
    }

    func testConvBackwardEqualsNaiveBackward() throws {
        var rng = SplitMix64(seed: 12)
        for (b, c, o, size, k, s, p) in configurations {
            let x = Variable(Tensor.randomUniform([b, c, size, size], low: -1, high: 1, using: &rng), requiresGrad: true)
            let w = Variable(Tensor.randomUniform([o, c, k, k], low: -1, high: 1, using: &rng), requiresGrad: true)
            let bias = Variable(Tensor.randomUniform([o], low: -1, high: 1, using: &rng), requiresGrad: true)
            let y = try Variable.conv2d(x, weight: w, bias: bias, stride: s, padding: p)
            let g = Tensor.randomUniform(y.shape, low: -1, high: 1, using: &rng)
            try y.backward(g)
            // From the definition: ∂x[b,c,i·s−p+u, j·s−p+v] += g[b,o,i,j]·w[o,c,u,v];
            // ∂w[o,c,u,v] += g[b,o,i,j]·x[b,c,…]; ∂bias[o] = Σ g[b,o,·,·].
            var dx = [Float](repeating: 0, count: x.value.count), dw = [Float](repeating: 0, count: w.value.count)
            var db = [Float](repeating: 0, count: o)
            let (oh, ow) = (y.shape[2], y.shape[3])
            for n in 0..<b { for oc in 0..<o { for i in 0..<oh { for j in 0..<ow {
                let gv = g.storage[((n * o + oc) * oh + i) * ow + j]
                db[oc] += gv
                for ch in 0..<c { for u in 0..<k { for v in 0..<k {
                    let yy = i * s - p + u, xx = j * s - p + v
                    guard yy >= 0, yy < size, xx >= 0, xx < size else { continue }
                    let xi = ((n * c + ch) * size + yy) * size + xx, wi = ((oc * c + ch) * k + u) * k + v
                    dx[xi] += gv * w.value.storage[wi]
                    dw[wi] += gv * x.value.storage[xi]
                } } }
            } } } }
            let label = "b\(b) c\(c) o\(o) k\(k) s\(s) p\(p)"
            assertClose(try XCTUnwrap(x.grad).storage, dx, rtol: 1e-4, atol: 1e-4, "∂x " + label)
            assertClose(try XCTUnwrap(w.grad).storage, dw, rtol: 1e-4, atol: 1e-4, "∂w " + label)
            assertClose(try XCTUnwrap(bias.grad).storage, db, rtol: 1e-4, atol: 1e-4, "∂bias " + label)
        }
    }

    func testConvBackwardMatchesNumericalGradient() throws {
        var rng = SplitMix64(seed: 13)
        for (s, p) in [(1, 0), (2, 1)] {
            let inputs = [Tensor.randomUniform([2, 2, 5, 5], low: -1, high: 1, using: &rng),
                          Tensor.randomUniform([3, 2, 3, 3], low: -1, high: 1, using: &rng),
                          Tensor.randomUniform([3], low: -1, high: 1, using: &rng)]
            let c = GradCheckCase(name: "conv2d s\(s) p\(p)", inputs: inputs) { v in
                try Variable.conv2d(v[0], weight: v[1], bias: v[2], stride: s, padding: p)
            }
            let analytic = try GradCheck.analytic(c)
            for index in inputs.indices {
                let numeric = numericalGradient(at: inputs[index].storage, h: 1e-2, GradCheck.lossFunction(c, input: index))
                assertClose(analytic[index].storage, numeric, rtol: 1e-2, atol: 2e-3, "\(c.name) input \(index)")
            }
        }
    }

    func testCol2imIsTheAdjointOfIm2col() throws {
        // ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for every x, c: that is what makes col2im the backward of im2col.
        var rng = SplitMix64(seed: 14)
        let g = ConvGeometry(batch: 2, channels: 3, height: 6, width: 5, kernel: 3, stride: 2, padding: 1)
        let x = Tensor.randomUniform([2 * 3 * 6 * 5], low: -1, high: 1, using: &rng).storage
        let c = Tensor.randomUniform([g.patchSize * g.positions], low: -1, high: 1, using: &rng).storage
        var cols = [Float](repeating: 0, count: c.count), back = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { px in cols.withUnsafeMutableBufferPointer { Im2col.im2col(px.baseAddress!, g, into: $0.baseAddress!) } }
        c.withUnsafeBufferPointer { pc in back.withUnsafeMutableBufferPointer { Im2col.col2im(pc.baseAddress!, g, into: $0.baseAddress!) } }
        let left = zip(cols, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(x, back).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        XCTAssertEqual(g.outHeight, 3)
        XCTAssertEqual(g.outWidth, 3)
        XCTAssertEqual(left, right, accuracy: 1e-4)
    }

    func testBadShapesThrow() {
        let x = Variable(Tensor.zeros([1, 2, 5, 5]))
        XCTAssertThrowsError(try Variable.conv2d(x, weight: Variable(Tensor.zeros([3, 1, 3, 3])), bias: nil))
        XCTAssertThrowsError(try Variable.conv2d(x, weight: Variable(Tensor.zeros([3, 2, 7, 7])), bias: nil))
    }
}
