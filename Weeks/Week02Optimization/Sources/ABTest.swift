// An A/B test simulator for conversion rates. Each trial draws n visitors per arm, converts them
// at rates p_A and p_B, and judges the result two ways:
//
//   frequentist  the pooled two-proportion z-test: p̂ = (x_A + x_B)/2n,
//                z = (p̂_B − p̂_A) / √(p̂(1 − p̂)·2/n), reject H₀: p_A = p_B when the two-sided
//                p-value 2(1 − Φ(|z|)) < α
//   Bayesian     Beta(1, 1) priors → posteriors Beta(1 + x, 1 + n − x); P(p_B > p_A) exactly
//                (BetaDistribution.probability); "ship B" when it exceeds a threshold (0.95)
//
// Over many trials the rejection rate is the test's power (p_A ≠ p_B); the same simulation with
// p_B = p_A (an A/A test) gives the false-positive rate, which should be ≈ α. The normal-
// approximation power formula is printed beside the simulated power as a check.

import Foundation
import Shared

public struct ABTestSettings: Sendable {
    public var rateA: Double
    public var rateB: Double
    /// Visitors per arm per trial.
    public var visitors: Int
    public var trials: Int
    public var alpha: Double = 0.05
    public var threshold: Double = 0.95
    public var seed: UInt64 = 0

    public init(rateA: Double, rateB: Double, visitors: Int, trials: Int, alpha: Double = 0.05, threshold: Double = 0.95, seed: UInt64 = 0) {
        self.rateA = rateA
        self.rateB = rateB
        self.visitors = visitors
        self.trials = trials
        self.alpha = alpha
        self.threshold = threshold
        self.seed = seed
    }
}

public struct ABArmSummary: Sendable {
    /// Fraction of trials the z-test rejected p_A = p_B.
    public var rejectionRate: Double
    /// Fraction of trials with P(p_B > p_A) > threshold.
    public var bayesShipRate: Double
    /// Average P(p_B > p_A) over the trials.
    public var meanProbabilityBBeatsA: Double
}

public struct ABTestReport: Sendable {
    public var settings: ABTestSettings
    /// The simulation as asked (p_A, p_B): rejection rate = power when p_A ≠ p_B.
    public var test: ABArmSummary
    /// The A/A simulation (p_B = p_A): rejection rate = false-positive rate.
    public var null: ABArmSummary
    /// The normal-approximation power of the z-test for these settings.
    public var theoreticalPower: Double
}

public enum ABTest {
    public struct Outcome: Sendable {
        public var conversionsA: Int
        public var conversionsB: Int
        public var pValue: Double
        public var probabilityBBeatsA: Double
    }

    /// The pooled two-proportion z-test's two-sided p-value.
    public static func zTestPValue(conversionsA: Int, conversionsB: Int, visitors n: Int) -> Double {
        let pooled = Double(conversionsA + conversionsB) / Double(2 * n)
        let se = (pooled * (1 - pooled) * 2 / Double(n)).squareRoot()
        guard se > 0 else { return 1 }
        let z = (Double(conversionsB) - Double(conversionsA)) / Double(n) / se
        return erfc(abs(z) / 2.0.squareRoot())
    }

    public static func judge(conversionsA: Int, conversionsB: Int, visitors n: Int) throws -> Outcome {
        let a = try BetaDistribution(alpha: 1 + Double(conversionsA), beta: 1 + Double(n - conversionsA))
        let b = try BetaDistribution(alpha: 1 + Double(conversionsB), beta: 1 + Double(n - conversionsB))
        return Outcome(conversionsA: conversionsA, conversionsB: conversionsB,
                       pValue: zTestPValue(conversionsA: conversionsA, conversionsB: conversionsB, visitors: n),
                       probabilityBBeatsA: try BetaDistribution.probability(b, exceeds: a))
    }

    /// Binomial(n, p) by summing n Bernoulli draws (n is at most a few hundred thousand here).
    static func binomial(_ n: Int, _ p: Double, _ rng: inout SplitMix64) -> Int {
        var k = 0
        for _ in 0..<n where rng.nextUnitDouble() < p { k += 1 }
        return k
    }

    public static func simulate(_ s: ABTestSettings) throws -> ABTestReport {
        for (name, rate) in [("--rate-a", s.rateA), ("--rate-b", s.rateB)] where !(rate > 0 && rate < 1) {
            throw Week02Error.invalidArgument("\(name) must be between 0 and 1 (exclusive), got \(rate)")
        }
        guard s.visitors >= 1, s.trials >= 1 else {
            throw Week02Error.invalidArgument("--n and --trials must be at least 1 (got \(s.visitors) and \(s.trials))")
        }
        guard s.visitors * s.trials <= 200_000_000 else {
            throw Week02Error.invalidArgument("--n × --trials = \(s.visitors * s.trials) visitors per arm is too many to simulate (limit 2e8)")
        }
        var rng = SplitMix64(seed: s.seed)
        func run(rateB: Double) throws -> ABArmSummary {
            var rejections = 0, ships = 0
            var probabilitySum = 0.0
            for _ in 0..<s.trials {
                let xa = binomial(s.visitors, s.rateA, &rng), xb = binomial(s.visitors, rateB, &rng)
                let outcome = try judge(conversionsA: xa, conversionsB: xb, visitors: s.visitors)
                if outcome.pValue < s.alpha { rejections += 1 }
                if outcome.probabilityBBeatsA > s.threshold { ships += 1 }
                probabilitySum += outcome.probabilityBBeatsA
            }
            let t = Double(s.trials)
            return ABArmSummary(rejectionRate: Double(rejections) / t, bayesShipRate: Double(ships) / t,
                                meanProbabilityBBeatsA: probabilitySum / t)
        }
        let test = try run(rateB: s.rateB)
        let null = try run(rateB: s.rateA)
        return ABTestReport(settings: s, test: test, null: null, theoreticalPower: theoreticalPower(s))
    }

    /// Power ≈ Φ((|Δ| − z_{1−α/2}·σ₀) / σ₁), σ₀ = √(2p̄(1 − p̄)/n) under H₀, σ₁ = √((p_A(1 − p_A) + p_B(1 − p_B))/n).
    public static func theoreticalPower(_ s: ABTestSettings) -> Double {
        let n = Double(s.visitors)
        let pBar = (s.rateA + s.rateB) / 2
        let sigma0 = (2 * pBar * (1 - pBar) / n).squareRoot()
        let sigma1 = ((s.rateA * (1 - s.rateA) + s.rateB * (1 - s.rateB)) / n).squareRoot()
        let z = SpecialFunctions.normalQuantile(1 - s.alpha / 2)
        let delta = abs(s.rateB - s.rateA)
        // Both tails (the far one matters only for tiny effects).
        return SpecialFunctions.normalCDF((delta - z * sigma0) / sigma1) + SpecialFunctions.normalCDF((-delta - z * sigma0) / sigma1)
    }
}
