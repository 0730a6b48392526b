// Probability: entropy/cross-entropy/KL on worked examples and random distributions, Bayes'
// rule, the Beta distribution against closed forms, the bootstrap's coverage in simulation, and
// the A/B simulator's z-test and false-positive rate.

import Foundation
import Shared
import TestSupport
import Week02Optimization
import XCTest

final class ProbabilityTests: XCTestCase {
    func randomDistribution(_ n: Int, _ rng: inout SplitMix64, zeros: Bool = false) -> [Double] {
        let w = (0..<n).map { i -> Double in zeros && i % 3 == 0 ? 0 : rng.nextUnitDouble() + 1e-3 }
        return w.map { $0 / w.reduce(0, +) }
    }

    func testKLOfADistributionWithItselfIsZero() throws {
        var rng = SplitMix64(seed: 1)
        for n in [2, 3, 10, 100] {
            for _ in 0..<20 {
                let p = randomDistribution(n, &rng, zeros: n > 3)
                XCTAssertEqual(try Information.klDivergence(p, p), 0, accuracy: 1e-15)
                assertClose(try Information.crossEntropy(p, p), try Information.entropy(p), rtol: 1e-12)
            }
        }
    }

    func testKLIsNonNegativeAndCrossEntropyIsEntropyPlusKL() throws {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<1000 {
            let n = 2 + rng.nextInt(below: 20)
            let p = randomDistribution(n, &rng), q = randomDistribution(n, &rng)
            let kl = try Information.klDivergence(p, q)
            XCTAssertGreaterThanOrEqual(kl, 0)
            XCTAssertGreaterThan(kl, 0, "p ≠ q")
            assertClose(try Information.crossEntropy(p, q), try Information.entropy(p) + kl, rtol: 1e-12)
        }
    }

    func testEntropyCrossEntropyAndKLWorkedExamples() throws {
        // H(fair coin) = 1 bit; H(uniform over 8) = 3 bits; H(½, ¼, ¼) = ½·1 + 2·¼·2 = 1.5 bits.
        XCTAssertEqual(try Information.entropy([0.5, 0.5], base: 2), 1, accuracy: 1e-15)
        XCTAssertEqual(try Information.entropy([Double](repeating: 0.125, count: 8), base: 2), 3, accuracy: 1e-15)
        XCTAssertEqual(try Information.entropy([0.5, 0.25, 0.25], base: 2), 1.5, accuracy: 1e-15)
        XCTAssertEqual(try Information.entropy([1, 0, 0]), 0)  // certainty: 0·log 0 = 0
        // In nats, p = (½, ½), q = (0.9, 0.1):
        // H(p, q) = −½ ln 0.9 − ½ ln 0.1 = ½(0.1053605157 + 2.3025850930) = 1.2039728043
        // KL(p‖q) = ½ ln(0.5/0.9) + ½ ln(0.5/0.1) = ½ ln(25/9) = ln(5/3) = 0.5108256238
        XCTAssertEqual(try Information.crossEntropy([0.5, 0.5], [0.9, 0.1]), 1.2039728043, accuracy: 1e-10)
        XCTAssertEqual(try Information.klDivergence([0.5, 0.5], [0.9, 0.1]), Foundation.log(5.0 / 3), accuracy: 1e-15)
        // …and the other way round, KL(q‖p) = 0.9 ln 1.8 + 0.1 ln 0.2 = 0.3680642071: not symmetric.
        XCTAssertEqual(try Information.klDivergence([0.9, 0.1], [0.5, 0.5]), 0.3680642071, accuracy: 1e-10)
        // q = 0 where p > 0: infinite.
        XCTAssertEqual(try Information.klDivergence([0.5, 0.5], [1, 0]), .infinity)
        XCTAssertEqual(try Information.crossEntropy([0.5, 0.5], [1, 0]), .infinity)
        XCTAssertThrowsError(try Information.entropy([0.5, 0.6]))
        XCTAssertThrowsError(try Information.klDivergence([0.5, 0.5], [1.0]))
        XCTAssertThrowsError(try Information.entropy([-0.5, 1.5]))
    }

    func testBayesRuleDiagnosticTest() throws {
        // P(+ | condition) = 0.99, P(+ | none) = 0.05, prevalence 1%:
        // P(condition | +) = 0.0099 / (0.0099 + 0.0495) = 1/6.
        let posterior = try Bayes.posterior(prior: [0.01, 0.99], likelihood: [0.99, 0.05])
        XCTAssertEqual(posterior[0], 1.0 / 6, accuracy: 1e-15)
        XCTAssertEqual(posterior.reduce(0, +), 1, accuracy: 1e-15)
    }

    func testBetaBinomialUpdateAndBetaFunctionsAgainstClosedForms() throws {
        let posterior = try BetaDistribution(alpha: 1, beta: 1).updated(successes: 3, trials: 20)
        XCTAssertEqual(posterior, try BetaDistribution(alpha: 4, beta: 18))
        XCTAssertEqual(posterior.mean, 4.0 / 22, accuracy: 1e-15)
        XCTAssertEqual(posterior.variance, 4.0 * 18 / (22 * 22 * 23), accuracy: 1e-15)
        // For whole a, b: I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a) = Σ_{j=a}^{a+b−1} C(a+b−1, j) xʲ(1 − x)^{a+b−1−j}.
        func binomialTail(_ a: Int, _ b: Int, _ x: Double) -> Double {
            let n = a + b - 1
            var total = 0.0
            for j in a...n {  // each term in logs: log C(n, j) + j log x + (n − j) log(1 − x)
                let logC = lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1))
                total += Foundation.exp(logC + Double(j) * Foundation.log(x) + Double(n - j) * Foundation.log1p(-x))
            }
            return total
        }
        XCTAssertEqual(try BetaDistribution(alpha: 2, beta: 3).cdf(0.5), 11.0 / 16, accuracy: 1e-14)
        for (a, b) in [(1, 1), (2, 5), (7, 3), (20, 40), (155, 1117)] {
            for x in [0.05, 0.12, 0.3, 0.5, 0.8] {
                XCTAssertEqual(try BetaDistribution(alpha: Double(a), beta: Double(b)).cdf(x), binomialTail(a, b, x), accuracy: 1e-11, "I_\(x)(\(a), \(b))")
            }
        }
        let beta = try BetaDistribution(alpha: 13, beta: 59)
        let ci = beta.credibleInterval(0.95)
        XCTAssertEqual(beta.cdf(ci.lower), 0.025, accuracy: 1e-10)
        XCTAssertEqual(beta.cdf(ci.upper), 0.975, accuracy: 1e-10)
        XCTAssertThrowsError(try BetaDistribution(alpha: 0, beta: 1))
        XCTAssertThrowsError(try BetaDistribution(alpha: 1, beta: 1).updated(successes: 5, trials: 3))
    }

    func testProbabilityBBeatsAEqualsNumericalIntegration() throws {
        // P(B > A) = ∫₀¹ f_B(x) F_A(x) dx, by Simpson's rule on 20,000 intervals: independent of the closed form.
        func integrate(_ a: BetaDistribution, _ b: BetaDistribution) -> Double {
            let m = 20_000
            let h = 1.0 / Double(m)
            var total = 0.0
            for i in 0...m {
                let x = Double(i) * h
                let weight = i == 0 || i == m ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
                total += weight * b.density(x) * a.cdf(x)
            }
            return total * h / 3
        }
        for (a, b) in [((5.0, 10.0), (8.0, 9.0)), ((3, 30), (3, 30)), ((21, 181), (31, 171)), ((4.5, 6), (7, 2.5))] {
            let pa = try BetaDistribution(alpha: a.0, beta: a.1), pb = try BetaDistribution(alpha: b.0, beta: b.1)
            let closed = try BetaDistribution.probability(pb, exceeds: pa)
            XCTAssertEqual(closed, integrate(pa, pb), accuracy: 1e-7, "Beta\(a) vs Beta\(b)")
            XCTAssertEqual(closed + (try BetaDistribution.probability(pa, exceeds: pb)), 1, accuracy: 1e-10)
        }
        let same = try BetaDistribution(alpha: 11, beta: 91)
        XCTAssertEqual(try BetaDistribution.probability(same, exceeds: same), 0.5, accuracy: 1e-12)
        XCTAssertThrowsError(try BetaDistribution.probability(try BetaDistribution(alpha: 1.5, beta: 2), exceeds: try BetaDistribution(alpha: 2.5, beta: 2)))
    }

    func testBootstrapCoverageIsAbout95Percent() throws {
        // 2000 samples of n = 100 from N(10, 2²); the 95% percentile interval of the mean (1000
        // resamples each) should contain 10 about 95% of the time (the percentile method runs a
        // little under, ≈ 94.5% at this n; the same simulation in numpy gave 0.942). Binomial noise
        // of the estimate: ±0.5%.
        var rng = SplitMix64(seed: 42)
        var covered = 0
        let samples = 2000
        for s in 0..<samples {
            let data = (0..<100).map { _ in 10 + 2 * rng.nextGaussian() }
            if try Bootstrap.percentileInterval(data, statistic: .mean, resamples: 1000, seed: UInt64(s)).contains(10) { covered += 1 }
        }
        let coverage = Double(covered) / Double(samples)
        print("bootstrap coverage: \(coverage)")
        XCTAssertGreaterThanOrEqual(coverage, 0.92)
        XCTAssertLessThanOrEqual(coverage, 0.98)
    }

    func testBootstrapIntervalOnFixedData() throws {
        // numpy.quantile's linear interpolation: quantile([1, 2, 3, 4], 0.25) = 1.75.
        XCTAssertEqual(Descriptive.quantile(sorted: [1, 2, 3, 4], 0.25), 1.75)
        XCTAssertEqual(Descriptive.quantile(sorted: [1, 2, 3, 4], 1), 4)
        let data = (1...50).map(Double.init)
        let mean = try Bootstrap.percentileInterval(data, statistic: .mean, resamples: 4000, seed: 3)
        XCTAssertEqual(mean.estimate, 25.5)
        XCTAssertTrue(mean.lower < 25.5 && 25.5 < mean.upper)
        // Bootstrap SE of the mean ≈ σ̂/√n with σ̂ the population-style sd: √((50² − 1)/12)/√50 = 2.0412.
        XCTAssertEqual(mean.standardError, ((2500.0 - 1) / 12).squareRoot() / 50.0.squareRoot(), accuracy: 0.1)
        let median = try Bootstrap.percentileInterval(data, statistic: .median, resamples: 2000, seed: 3)
        XCTAssertEqual(median.estimate, 25.5)
        // Same seed, same interval.
        let again = try Bootstrap.percentileInterval(data, statistic: .mean, resamples: 4000, seed: 3)
        XCTAssertEqual([again.lower, again.upper], [mean.lower, mean.upper])
        XCTAssertThrowsError(try Bootstrap.percentileInterval([1], resamples: 100))
        XCTAssertThrowsError(try Bootstrap.percentileInterval(data, confidence: 1.5))
        XCTAssertThrowsError(try BootstrapStatistic.named("mode"))
    }

    func testZTestWorkedExample() {
        // 100 vs 130 conversions of 1000: p̂ = 0.115, se = √(0.115·0.885·2/1000) = 0.0142671,
        // z = 0.03 / 0.0142671 = 2.1027406, p = erfc(z/√2) = 0.0354885
        // (python3 -c "import math; z = 0.03/math.sqrt(0.115*0.885*0.002); print(z, math.erfc(z/math.sqrt(2)))")
        XCTAssertEqual(ABTest.zTestPValue(conversionsA: 100, conversionsB: 130, visitors: 1000), 0.03548845046647473, accuracy: 1e-12)
        XCTAssertEqual(ABTest.zTestPValue(conversionsA: 130, conversionsB: 100, visitors: 1000), 0.03548845046647473, accuracy: 1e-12)
        XCTAssertEqual(ABTest.zTestPValue(conversionsA: 0, conversionsB: 0, visitors: 1000), 1)
    }

    func testABSimulatorFalsePositiveRateAndPower() throws {
        let report = try ABTest.simulate(ABTestSettings(rateA: 0.10, rateB: 0.12, visitors: 2000, trials: 2000, seed: 7))
        // A/A: the z-test rejects ≈ α = 5% of the time (2000 trials: sd ≈ 0.5%).
        XCTAssertEqual(report.null.rejectionRate, 0.05, accuracy: 0.015)
        XCTAssertEqual(report.null.meanProbabilityBBeatsA, 0.5, accuracy: 0.03)
        // A/B: simulated power agrees with the normal-approximation formula (≈ 0.52 here).
        XCTAssertEqual(report.test.rejectionRate, report.theoreticalPower, accuracy: 0.04)
        XCTAssertGreaterThan(report.test.meanProbabilityBBeatsA, 0.85)
        XCTAssertThrowsError(try ABTest.simulate(ABTestSettings(rateA: 1.2, rateB: 0.1, visitors: 10, trials: 10)))
    }
}
