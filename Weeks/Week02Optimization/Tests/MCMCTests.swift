// Metropolis–Hastings recovers the mean and variance of known targets; the effective sample size
// estimator against the exact autocorrelation time of an AR(1) process.

import Foundation
import Shared
import TestSupport
import Week02Optimization
import XCTest

final class MCMCTests: XCTestCase {
    func testRecoversMeanAndVarianceOfANormalTarget() throws {
        let target = MCMCTarget.normal(mean: 3, sd: 2)
        let r = try MetropolisHastings.sample(target, samples: 100_000, proposalSD: 5, burnIn: 1000, start: 0, seed: 11)
        // Monte Carlo error of the mean ≈ √(4 / ESS) ≈ 0.02 here.
        XCTAssertEqual(r.mean, 3, accuracy: 0.08)
        XCTAssertEqual(r.variance, 4, accuracy: 0.2)
        XCTAssertGreaterThan(r.acceptanceRate, 0.2)
        XCTAssertLessThan(r.acceptanceRate, 0.6)
        XCTAssertEqual(r.samples.count, 100_000)
    }

    func testRecoversMeanAndVarianceOfTheBimodalMixture() throws {
        // 0.3·N(−2, 0.5²) + 0.7·N(3, 1): mean 0.3·(−2) + 0.7·3 = 1.5,
        // variance 0.3·(0.25 + 4) + 0.7·(1 + 9) − 1.5² = 1.275 + 7 − 2.25 = 6.025.
        let target = MCMCTarget.bimodal
        XCTAssertEqual(target.mean, 1.5, accuracy: 1e-14)
        XCTAssertEqual(target.variance, 6.025, accuracy: 1e-12)
        let r = try MetropolisHastings.sample(target, samples: 200_000, proposalSD: 4, seed: 5)
        XCTAssertEqual(r.mean, 1.5, accuracy: 0.1)
        XCTAssertEqual(r.variance, 6.025, accuracy: 0.3)
    }

    func testAcceptanceFallsAsTheProposalWidens() throws {
        let rates = try [0.1, 1, 5, 50].map { try MetropolisHastings.sample(.normal(mean: 0, sd: 1), samples: 20_000, proposalSD: $0, seed: 1).acceptanceRate }
        XCTAssertEqual(rates, rates.sorted(by: >))
        XCTAssertGreaterThan(rates[0], 0.9)
        XCTAssertLessThan(rates[3], 0.1)
    }

    func testEffectiveSampleSizeOfAnAR1Chain() {
        // x_t = φ x_{t−1} + ε_t has ρ_k = φᵏ and τ = (1 + φ)/(1 − φ): ESS = N(1 − φ)/(1 + φ).
        var rng = SplitMix64(seed: 3)
        let n = 200_000
        for phi in [0.0, 0.5, 0.9] {
            var x = [Double](repeating: 0, count: n)
            for t in 1..<n { x[t] = phi * x[t - 1] + rng.nextGaussian() }
            let expected = Double(n) * (1 - phi) / (1 + phi)
            XCTAssertEqual(EffectiveSampleSize.estimate(x) / expected, 1, accuracy: 0.1, "φ = \(phi)")
            let rho = EffectiveSampleSize.autocorrelation(x, maxLag: 2)
            XCTAssertEqual(rho[0], 1, accuracy: 1e-12)
            XCTAssertEqual(rho[1], phi, accuracy: 0.01)
            XCTAssertEqual(rho[2], phi * phi, accuracy: 0.01)
        }
    }

    func testInvalidSettingsAreErrors() {
        XCTAssertThrowsError(try MetropolisHastings.sample(.bimodal, samples: 100, proposalSD: 0))
        XCTAssertThrowsError(try MetropolisHastings.sample(.bimodal, samples: 5, proposalSD: 1))
        XCTAssertThrowsError(try MetropolisHastings.sample(.bimodal, samples: 100, proposalSD: 1, burnIn: -1))
    }
}
