// Bayes' rule, two ways.
//
// Discrete: posterior ∝ prior × likelihood over a finite set of hypotheses.
//   A test that is 99% sensitive and 95% specific, for a condition 1% of people have:
//   P(condition | positive) = 0.01·0.99 / (0.01·0.99 + 0.99·0.05) = 1/6.
//
// Conjugate: a Beta(α, β) prior on a conversion rate, updated by k successes in n trials, is the
// posterior Beta(α + k, β + n − k). The Beta CDF is the regularised incomplete beta function
// I_x(α, β), evaluated by its continued fraction (Numerical Recipes §6.4, Lentz's method); its
// quantiles, for credible intervals, by bisection.
//
// P(B > A) for independent Beta posteriors has a closed form when one shape is a whole number
// (Evan Miller, "Formulas for Bayesian A/B testing"), summed in logs:
//   P(p_B > p_A) = Σ_{i=0}^{α_B−1} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B) B(α_A, β_A))

import Foundation

public enum Bayes {
    /// Normalised prior × likelihood.
    public static func posterior(prior: [Double], likelihood: [Double]) throws -> [Double] {
        guard prior.count == likelihood.count else {
            throw Week02Error.invalidArgument("prior has \(prior.count) hypotheses but likelihood has \(likelihood.count)")
        }
        return try Information.normalized(zip(prior, likelihood).map { $0 * $1 })
    }
}

public struct BetaDistribution: Sendable, Equatable {
    public var alpha: Double
    public var beta: Double

    public init(alpha: Double, beta: Double) throws {
        guard alpha > 0, beta > 0, alpha.isFinite, beta.isFinite else {
            throw Week02Error.invalidArgument("a Beta distribution needs α > 0 and β > 0, got α = \(alpha), β = \(beta)")
        }
        self.alpha = alpha
        self.beta = beta
    }

    /// The posterior after `successes` out of `trials`.
    public func updated(successes: Int, trials: Int) throws -> BetaDistribution {
        guard successes >= 0, trials >= successes else {
            throw Week02Error.invalidArgument("need 0 ≤ successes ≤ trials, got \(successes) of \(trials)")
        }
        return try BetaDistribution(alpha: alpha + Double(successes), beta: beta + Double(trials - successes))
    }

    public var mean: Double { alpha / (alpha + beta) }
    public var variance: Double { alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1)) }

    public func logDensity(_ x: Double) -> Double {
        guard x > 0 && x < 1 else { return -.infinity }
        return (alpha - 1) * Foundation.log(x) + (beta - 1) * Foundation.log1p(-x) - SpecialFunctions.logBeta(alpha, beta)
    }

    public func density(_ x: Double) -> Double { Foundation.exp(logDensity(x)) }

    public func cdf(_ x: Double) -> Double { SpecialFunctions.regularizedIncompleteBeta(x, alpha, beta) }

    /// The x with cdf(x) = probability (bisection to 1e-12).
    public func quantile(_ probability: Double) -> Double {
        var low = 0.0, high = 1.0
        for _ in 0..<60 {
            let mid = 0.5 * (low + high)
            if cdf(mid) < probability { low = mid } else { high = mid }
        }
        return 0.5 * (low + high)
    }

    /// The central credible interval holding `level` of the probability.
    public func credibleInterval(_ level: Double = 0.95) -> (lower: Double, upper: Double) {
        (quantile((1 - level) / 2), quantile((1 + level) / 2))
    }

    /// P(X_b > X_a) for independent X_a ~ a, X_b ~ b (Evan Miller's sum; one of the four shape
    /// parameters used as the summation bound must be a whole number).
    public static func probability(_ b: BetaDistribution, exceeds a: BetaDistribution) throws -> Double {
        // Sum over the smaller whole-number α: P(B > A) directly, or 1 − P(A > B).
        let bWhole = b.alpha == b.alpha.rounded(), aWhole = a.alpha == a.alpha.rounded()
        guard bWhole || aWhole else {
            throw Week02Error.invalidArgument("P(B > A) needs a whole-number α in one of the two posteriors (use whole-number priors)")
        }
        if bWhole && (!aWhole || b.alpha <= a.alpha) { return millerSum(a: a, b: b) }
        return 1 - millerSum(a: b, b: a)
    }

    static func millerSum(a: BetaDistribution, b: BetaDistribution) -> Double {
        let constant = SpecialFunctions.logBeta(a.alpha, a.beta)
        var total = 0.0
        for i in 0..<Int(b.alpha) {
            let k = Double(i)
            let term = SpecialFunctions.logBeta(a.alpha + k, a.beta + b.beta) - Foundation.log(b.beta + k)
                - SpecialFunctions.logBeta(1 + k, b.beta) - constant
            total += Foundation.exp(term)
        }
        return Swift.min(1, Swift.max(0, total))
    }
}

public enum SpecialFunctions {
    public static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// I_x(a, b) = B(x; a, b) / B(a, b).
    public static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = Foundation.exp(a * Foundation.log(x) + b * Foundation.log1p(-x) - logBeta(a, b))
        // The continued fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a) on the other side.
        if x < (a + 1) / (a + b + 2) { return front * betaContinuedFraction(x, a, b) / a }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b
    }

    /// Lentz's evaluation of the continued fraction for I_x(a, b).
    static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...500 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; if abs(d) < tiny { d = tiny }
            c = 1 + even / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; if abs(d) < tiny { d = tiny }
            c = 1 + odd / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// Φ(z), the standard normal CDF.
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Φ⁻¹(p) by bisection on Φ (to 1e-13; only used for a handful of critical values).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normalQuantile needs 0 < p < 1")
        var low = -40.0, high = 40.0
        for _ in 0..<100 {
            let mid = 0.5 * (low + high)
            if normalCDF(mid) < p { low = mid } else { high = mid }
        }
        return 0.5 * (low + high)
    }
}
