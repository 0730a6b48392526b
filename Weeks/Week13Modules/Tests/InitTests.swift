// Weight initialisation: torch's fans (fixture from make_reference.py, see ScheduleTests' header),
// sample mean and variance of 131,072 draws against each scheme's formula, orthogonality.
//
// Statistical tolerances: the sample mean of n i.i.d. draws has standard error σ/√n, so |mean| ≤
// 5σ/√n; the sample variance has relative standard error √(2/n) ≈ 0.4 % for a normal and less
// for a uniform, so 3 % catches a wrong formula (the closest wrong one, fan_in vs fan_out or a
// missing √3, is ≥ 33 % off) without flaking; a fixed seed makes each run the same anyway.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week13Modules
import XCTest

final class InitTests: XCTestCase {
    func testFansEqualTorch() throws {
        let url = Fixtures.url("torch_reference.json")
        let root = try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
        let fans = try XCTUnwrap(root["fans"] as? [String: [Int]])
        for (key, expected) in fans {
            let shape = key.split(separator: "x").map { Int($0)! }
            let (fanIn, fanOut) = WeightInit.fans(shape)
            XCTAssertEqual([fanIn, fanOut], expected, key)
        }
        XCTAssertEqual(WeightInit.reluGain, try XCTUnwrap(root["relu_gain"] as? Double), accuracy: 1e-15)
    }

    func testMeanAndVarianceEqualTheFormulas() {
        let shape = [256, 512]  // fan_in 512, fan_out 256
        let expectations: [(WeightInit, Double)] = [
            (.xavierUniform(gain: 1), 2.0 / 768), (.xavierNormal(gain: 1), 2.0 / 768),
            (.kaimingUniform(gain: WeightInit.reluGain), 2.0 / 512), (.kaimingNormal(gain: WeightInit.reluGain), 2.0 / 512),
            (.xavierUniform(gain: 5.0 / 3), 25.0 / 9 * 2 / 768),
        ]
        var rng = SplitMix64(seed: 3)
        for (scheme, variance) in expectations {
            let values = scheme.make(shape, rng: &rng).storage.map(Double.init)
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let sampleVariance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            XCTAssertLessThan(abs(mean), 5 * variance.squareRoot() / n.squareRoot(), "\(scheme) mean")
            XCTAssertEqual(sampleVariance / variance, 1, accuracy: 0.03, "\(scheme) variance \(sampleVariance) vs \(variance)")
        }
    }

    func testUniformBoundsAreTorchsAndWeek4sHeBound() {
        var rng = SplitMix64(seed: 4)
        // kaiming_uniform_(nonlinearity="relu") on fan_in 512: bound √2·√(3/512) = √(6/512).
        let values = WeightInit.kaimingUniform(gain: WeightInit.reluGain).make([64, 512], rng: &rng).storage
        let bound = Float((6.0 / 512).squareRoot())
        XCTAssertEqual(Double(Initialization.heUniform.weightBound(fanIn: 512, fanOut: 64)), Double(bound), accuracy: 1e-7)
        XCTAssertLessThanOrEqual(values.map(abs).max()!, bound)
        XCTAssertGreaterThan(values.map(abs).max()!, 0.99 * bound)
        XCTAssertTrue(WeightInit.zeros.make([3, 4], rng: &rng).storage.allSatisfy { $0 == 0 })
    }

    func testOrthogonalInitIsOrthogonal() throws {
        var rng = SplitMix64(seed: 5)
        // [rows, cols]: rows ≤ cols → W Wᵀ = gain² I; rows > cols → Wᵀ W = gain² I.
        for (shape, gain) in [([64, 32], 1.0), ([32, 64], 1.0), ([8, 2, 3, 3], 2.0), ([5, 5], 1.0)] {
            let w = WeightInit.orthogonal(gain: gain).make(shape, rng: &rng)
            let rows = shape[0], cols = w.count / rows
            let short = min(rows, cols)
            for i in 0..<short {
                for j in 0..<short {
                    var dot = 0.0
                    for k in 0..<max(rows, cols) {
                        let (a, b) = rows <= cols ? (w.storage[i * cols + k], w.storage[j * cols + k])
                                                  : (w.storage[k * cols + i], w.storage[k * cols + j])
                        dot += Double(a) * Double(b)
                    }
                    XCTAssertEqual(dot, i == j ? gain * gain : 0, accuracy: 1e-5, "\(shape) (\(i), \(j))")
                }
            }
        }
    }

    func testGeneratorSnapshotContinuesTheSameStream() throws {
        var rng = SplitMix64(seed: 9)
        _ = (0..<3).map { _ in rng.nextGaussian() }  // odd count: a spare normal is held
        var copy = try XCTUnwrap(SplitMix64(snapshot: rng.snapshot))
        XCTAssertEqual((0..<5).map { _ in copy.nextGaussian() }, (0..<5).map { _ in rng.nextGaussian() })
        XCTAssertNil(SplitMix64(snapshot: [1, 2]))
    }
}
