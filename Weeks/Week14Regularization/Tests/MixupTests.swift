// Mixup: the mix of two rows by hand, and the λ sampler against the Beta(α, α) moments
// (mean ½, variance 1/(4(2α + 1))) and Gamma(k)'s mean k and variance k, over 40,000 draws
// (standard error of the mean ≈ √(var/n): 0.0015 for Beta(0.4), so 0.01 is > 6 σ).

import Shared
import TestSupport
import Week14Regularization
import XCTest

final class MixupTests: XCTestCase {
    func testMixByHand() throws {
        let x = try Tensor(shape: [2, 3], storage: [1, 2, 3, 10, 20, 30])
        // λ = 0.25, partner of row 0 is row 1 and of row 1 row 0: 0.25·a + 0.75·b
        let mixed = try Mixup.mix(x, permutation: [1, 0], lambda: 0.25)
        //   row 0: 0.25·(1, 2, 3) + 0.75·(10, 20, 30) = (7.75, 15.5, 23.25)
        //   row 1: 0.25·(10, 20, 30) + 0.75·(1, 2, 3) = (3.25, 6.5, 9.75)
        assertClose(mixed.storage, [7.75, 15.5, 23.25, 3.25, 6.5, 9.75], rtol: 1e-6)
        XCTAssertThrowsError(try Mixup.mix(x, permutation: [0], lambda: 0.5))
    }

    func testTargetsStayDistributions() throws {
        var rng = SplitMix64(seed: 1)
        let x = Tensor.randomUniform([8, 5], using: &rng)
        let q = try SoftTargets.smoothed(labels: [0, 1, 2, 3, 4, 0, 1, 2], classes: 5, smoothing: 0.1)
        let (_, targets, lambda) = try Mixup.apply(x: x, targets: q, alpha: 0.4, rng: &rng)
        XCTAssertTrue(lambda > 0 && lambda < 1)
        for r in 0..<8 {
            let row = targets.storage[(r * 5)..<(r * 5 + 5)]
            XCTAssertEqual(Double(row.reduce(0, +)), 1, accuracy: 1e-6, "row \(r) sums to 1")
        }
    }

    func testBetaAndGammaMoments() {
        let n = 40_000
        for alpha in [0.4, 2.0] {
            var rng = SplitMix64(seed: 11)
            let draws = (0..<n).map { _ in Mixup.lambda(alpha: alpha, rng: &rng) }
            let mean = draws.reduce(0, +) / Double(n)
            let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
            XCTAssertEqual(mean, 0.5, accuracy: 0.01, "Beta(\(alpha)) mean")
            XCTAssertEqual(variance, 1 / (4 * (2 * alpha + 1)), accuracy: 0.004, "Beta(\(alpha)) variance")
            XCTAssertTrue(draws.allSatisfy { $0 > 0 && $0 < 1 })
        }
        for shape in [0.4, 2.5] {
            var rng = SplitMix64(seed: 12)
            let draws = (0..<n).map { _ in Mixup.gamma(shape, rng: &rng) }
            let mean = draws.reduce(0, +) / Double(n)
            let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
            XCTAssertEqual(mean, shape, accuracy: 0.03 * shape + 0.01, "Gamma(\(shape)) mean")
            XCTAssertEqual(variance, shape, accuracy: 0.06 * shape + 0.01, "Gamma(\(shape)) variance")
        }
    }
}
