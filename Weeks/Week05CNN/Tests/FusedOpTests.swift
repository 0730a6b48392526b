// The Assess gate, part 3: the fast paths. The fused conv → ReLU → max-pool op against the
// definition (naive convolution, ReLU and pooling written here) and against the three separate ops'
// gradients, plus central differences; the two-thread loops on inputs large enough to take them;
// and workspace reuse: a second forward pass before backward must not corrupt the first's gradients.

import Shared
import TestSupport
import Week04MNIST
import Week05CNN
import XCTest

final class FusedOpTests: XCTestCase {
    /// max_{k×k window} relu(naive conv), written from the definition.
    func reference(_ x: Tensor, _ w: Tensor, _ bias: Tensor, k: Int, padding: Int) throws -> [Float] {
        let y = try Conv.naiveConv2d(x, w, bias, stride: 1, padding: padding)
        let (b, o, h, wd) = (y.shape[0], y.shape[1], y.shape[2], y.shape[3])
        var out: [Float] = []
        for n in 0..<b { for c in 0..<o { for i in 0..<(h / k) { for j in 0..<(wd / k) {
            var top: Float = 0  // relu: the max is at least 0
            for u in 0..<k { for v in 0..<k { top = max(top, y.storage[((n * o + c) * h + i * k + u) * wd + j * k + v]) } }
            out.append(top)
        } } } }
        return out
    }

    // (batch, in, out, size, pool, padding): odd conv outputs (floor), pool 2 and 3, and one case
    // large enough for the two-thread loops (batch·work ≥ 2¹⁶).
    let configurations: [(Int, Int, Int, Int, Int, Int)] = [(2, 1, 3, 7, 2, 0), (3, 2, 4, 8, 3, 1), (2, 3, 2, 13, 2, 0), (8, 8, 6, 16, 2, 1)]

    func testFusedForwardEqualsDefinition() throws {
        var rng = SplitMix64(seed: 31)
        for (b, c, o, size, k, p) in configurations {
            let x = Tensor.randomUniform([b, c, size, size], low: -1, high: 1, using: &rng)
            let w = Tensor.randomUniform([o, c, 3, 3], low: -1, high: 1, using: &rng)
            let bias = Tensor.randomUniform([o], low: -0.5, high: 0.5, using: &rng)
            let fused = try Variable.convReLUPool(Variable(x), weight: Variable(w), bias: Variable(bias), pool: k, padding: p)
            let outSize = (size + 2 * p - 2) / k
            XCTAssertEqual(fused.shape, [b, o, outSize, outSize])
            assertClose(fused.value.storage, try reference(x, w, bias, k: k, padding: p), rtol: 1e-5, atol: 1e-5, "b\(b) c\(c) o\(o) \(size) k\(k)")
        }
    }

    func testFusedGradientsEqualSeparateOps() throws {
        var rng = SplitMix64(seed: 32)
        for (b, c, o, size, k, p) in configurations {
            let xv = Tensor.randomUniform([b, c, size, size], low: -1, high: 1, using: &rng)
            let wv = Tensor.randomUniform([o, c, 3, 3], low: -1, high: 1, using: &rng)
            let bv = Tensor.randomUniform([o], low: -0.5, high: 0.5, using: &rng)
            let probe = Variable(Tensor.randomUniform([b, o, (size + 2 * p - 2) / k, (size + 2 * p - 2) / k], low: -1, high: 1, using: &rng))
            var grads: [[Tensor]] = []
            for fused in [true, false] {
                let (x, w, bias) = (Variable(xv, requiresGrad: true), Variable(wv, requiresGrad: true), Variable(bv, requiresGrad: true))
                let y = fused ? try Variable.convReLUPool(x, weight: w, bias: bias, pool: k, padding: p)
                              : try Variable.conv2d(x, weight: w, bias: bias, padding: p).relu().maxPool2d(k)
                try (y * probe).sum().backward()
                grads.append([try XCTUnwrap(x.grad), try XCTUnwrap(w.grad), try XCTUnwrap(bias.grad)])
            }
            for (i, name) in ["∂x", "∂w", "∂bias"].enumerated() {
                assertClose(grads[0][i], grads[1][i], rtol: 1e-4, atol: 1e-5, "\(name) b\(b) c\(c) o\(o) \(size) k\(k)")
            }
        }
    }

    func testFusedGradientMatchesNumerical() throws {
        var rng = SplitMix64(seed: 33)
        let inputs = [Tensor.randomUniform([2, 2, 6, 6], low: -1, high: 1, using: &rng),
                      Tensor.randomUniform([3, 2, 3, 3], low: -1, high: 1, using: &rng),
                      Tensor.randomUniform([3], low: 0.5, high: 1, using: &rng)]  // most windows positive
        let c = GradCheckCase(name: "convReLUPool", inputs: inputs) { v in try Variable.convReLUPool(v[0], weight: v[1], bias: v[2], pool: 2) }
        let analytic = try GradCheck.analytic(c)
        for index in inputs.indices {
            let numeric = numericalGradient(at: inputs[index].storage, h: 1e-3, GradCheck.lossFunction(c, input: index))
            assertClose(analytic[index].storage, numeric, rtol: 2e-2, atol: 5e-3, "convReLUPool input \(index)")
        }
    }

    func testWorkspaceSurvivesASecondForwardBeforeBackward() throws {
        // The layer's buffers hold the latest forward pass; the first output's backward must notice
        // (generation check) and recompute, giving the same gradients as a layer used once.
        var rng = SplitMix64(seed: 34)
        let (x1, x2) = (Tensor.randomUniform([2, 2, 6, 6], low: -1, high: 1, using: &rng), Tensor.randomUniform([2, 2, 6, 6], low: -1, high: 1, using: &rng))
        for fused in [false, true] {
            var seedA = SplitMix64(seed: 7), seedB = SplitMix64(seed: 7)
            let shared = Conv2d(2, 3, kernel: 3, padding: 1, rng: &seedA), fresh = Conv2d(2, 3, kernel: 3, padding: 1, rng: &seedB)
            func run(_ conv: Conv2d, _ x: Tensor) throws -> Variable {
                fused ? try ConvReLUPool(conv, pool: 2)(Variable(x)) : try conv(Variable(x))
            }
            let first = try run(shared, x1)
            _ = try run(shared, x2)  // overwrites the workspace
            try first.sum().backward()
            try run(fresh, x1).sum().backward()
            assertClose(try XCTUnwrap(shared.weight.grad), try XCTUnwrap(fresh.weight.grad), rtol: 1e-5, atol: 1e-6, "fused \(fused)")
        }
    }

    func testTwoThreadMaxPoolAndConvMatchTheDefinition() throws {
        var rng = SplitMix64(seed: 35)
        let x = Tensor.randomUniform([8, 16, 24, 24], low: -1, high: 1, using: &rng)  // 128 planes × 576: two threads
        let y = try Variable(x).maxPool2d(2)
        var expected: [Float] = []
        for p in 0..<128 { for i in 0..<12 { for j in 0..<12 {
            let at = p * 576 + i * 48 + j * 2
            expected.append(max(max(x.storage[at], x.storage[at + 1]), max(x.storage[at + 24], x.storage[at + 25])))
        } } }
        XCTAssertEqual(y.value.storage, expected)
        let w = Tensor.randomUniform([4, 16, 3, 3], low: -1, high: 1, using: &rng)
        let conv = try Variable.conv2d(Variable(x), weight: Variable(w), bias: nil, stride: 2, padding: 1)
        assertClose(conv.value, try Conv.naiveConv2d(x, w, nil, stride: 2, padding: 1), rtol: 1e-4, atol: 1e-4)
    }

    func testTwoThreadBatchNormGradientSumsVanish() throws {
        // In training mode ∂x of batch norm sums to 0 over each channel (the mean is subtracted) and is
        // orthogonal to x̂ (the scale is divided out); ∂β = Σ ∂y. On 8·8·32·32 values: two threads.
        var rng = SplitMix64(seed: 36)
        let bn = BatchNorm2d(8)
        let x = Variable(Tensor.randomUniform([8, 8, 32, 32], low: -2, high: 3, using: &rng), requiresGrad: true)
        let g = Tensor.randomUniform([8, 8, 32, 32], low: -1, high: 1, using: &rng)
        let y = try TrainingMode.training { try bn(x) }
        try y.backward(g)
        let dx = try XCTUnwrap(x.grad).storage
        for ch in 0..<8 {
            var sum = 0.0, dot = 0.0, gsum = 0.0, mean = 0.0
            for n in 0..<8 { for i in 0..<1024 { mean += Double(x.value.storage[(n * 8 + ch) * 1024 + i]) / 8192 } }
            for n in 0..<8 { for i in 0..<1024 {
                let at = (n * 8 + ch) * 1024 + i
                sum += Double(dx[at]); dot += Double(dx[at]) * (Double(x.value.storage[at]) - mean); gsum += Double(g.storage[at])
            } }
            XCTAssertEqual(sum, 0, accuracy: 1e-3, "channel \(ch)")
            XCTAssertEqual(dot, 0, accuracy: 1e-3, "channel \(ch)")
            XCTAssertEqual(Double(try XCTUnwrap(bn.beta.grad).storage[ch]), gsum, accuracy: 1e-2)
        }
    }
}
