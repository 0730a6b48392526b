// Random-walk Metropolis–Hastings on a 1-D target known up to a constant, and the effective
// sample size of the chain it produces.
//
// From x, propose x' = x + σ·N(0, 1); accept with probability min(1, π(x')/π(x)) (the proposal is
// symmetric, so the Hastings ratio q(x|x')/q(x'|x) is 1); otherwise stay at x. The chain's
// stationary distribution is π. Small σ: nearly every proposal is accepted but the chain crawls;
// large σ: it jumps far but is rarely accepted. Both give strongly correlated samples.
//
// Effective sample size: N / τ with the integrated autocorrelation time τ = 1 + 2 Σ_{k≥1} ρ_k,
// the sum truncated by Geyer's initial monotone sequence (pairs Γ_m = ρ_{2m} + ρ_{2m+1} are summed
// while positive, each capped by the one before). For an AR(1) chain with coefficient φ,
// τ = (1 + φ)/(1 − φ).

import Foundation
import Shared

/// A target density π (as log π up to a constant) with its true mean and variance, for checking.
public struct MCMCTarget: Sendable {
    public var name: String
    public var logDensity: @Sendable (Double) -> Double
    public var mean: Double
    public var variance: Double

    /// N(μ, σ²).
    public static func normal(mean: Double, sd: Double) -> MCMCTarget {
        MCMCTarget(name: "N(\(mean), \(sd)²)", logDensity: { x in -0.5 * (x - mean) * (x - mean) / (sd * sd) },
                   mean: mean, variance: sd * sd)
    }

    /// Σ wₖ N(μₖ, σₖ²); mean Σ wₖμₖ, variance Σ wₖ(σₖ² + μₖ²) − mean².
    public static func mixture(weights: [Double], means: [Double], sds: [Double]) -> MCMCTarget {
        let total = weights.reduce(0, +)
        let w = weights.map { $0 / total }
        let mean = zip(w, means).reduce(0) { $0 + $1.0 * $1.1 }
        var second = 0.0
        for k in w.indices { second += w[k] * (sds[k] * sds[k] + means[k] * means[k]) }
        let name = w.indices.map { String(format: "%.2g·N(%g, %g²)", w[$0], means[$0], sds[$0]) }.joined(separator: " + ")
        return MCMCTarget(name: name, logDensity: { x in
            // log Σ exp(log wₖ + log N(x; μₖ, σₖ)), stabilised by the largest term.
            let terms = w.indices.map { k in
                Foundation.log(w[k]) - Foundation.log(sds[k]) - 0.5 * (x - means[k]) * (x - means[k]) / (sds[k] * sds[k])
            }
            let top = terms.max()!
            return top + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - top) })
        }, mean: mean, variance: second - mean * mean)
    }

    /// The week's default: 0.3·N(−2, 0.5²) + 0.7·N(3, 1) (mean 1.5, variance 6.025), two modes
    /// far enough apart that a timid proposal gets stuck in one.
    public static let bimodal = mixture(weights: [0.3, 0.7], means: [-2, 3], sds: [0.5, 1])
}

public struct MCMCResult: Sendable {
    /// The kept samples (after burn-in).
    public var samples: [Double]
    /// Accepted proposals / proposals, over the kept part of the chain.
    public var acceptanceRate: Double
    public var mean: Double
    public var variance: Double
    public var effectiveSampleSize: Double
    /// Integrated autocorrelation time τ = N / ESS.
    public var autocorrelationTime: Double
}

public enum MetropolisHastings {
    public static func sample(_ target: MCMCTarget, samples: Int, proposalSD: Double, burnIn: Int = 1000,
                              start: Double = 0, seed: UInt64 = 0) throws -> MCMCResult {
        guard samples >= 10 else { throw Week02Error.invalidArgument("--samples must be at least 10, got \(samples)") }
        guard proposalSD > 0, proposalSD.isFinite else { throw Week02Error.invalidArgument("--step must be positive, got \(proposalSD)") }
        guard burnIn >= 0 else { throw Week02Error.invalidArgument("--burn-in must be ≥ 0, got \(burnIn)") }
        var rng = SplitMix64(seed: seed)
        var x = start
        var logP = target.logDensity(x)
        guard logP.isFinite else { throw Week02Error.invalidArgument("the target density is zero at the start \(start)") }
        var kept = [Double]()
        kept.reserveCapacity(samples)
        var accepted = 0
        for i in 0..<(burnIn + samples) {
            let proposal = x + proposalSD * rng.nextGaussian()
            let logProposal = target.logDensity(proposal)
            // Accept with probability min(1, exp(logProposal − logP)).
            let u = rng.nextUnitDouble()
            if Foundation.log(u) < logProposal - logP {
                x = proposal
                logP = logProposal
                if i >= burnIn { accepted += 1 }
            }
            if i >= burnIn { kept.append(x) }
        }
        let ess = EffectiveSampleSize.estimate(kept)
        return MCMCResult(samples: kept, acceptanceRate: Double(accepted) / Double(samples), mean: Descriptive.mean(kept),
                          variance: Descriptive.variance(kept), effectiveSampleSize: ess,
                          autocorrelationTime: Double(samples) / ess)
    }
}

public enum EffectiveSampleSize {
    /// ρ_k for k = 0…maxLag: Σ (x_t − x̄)(x_{t+k} − x̄) / Σ (x_t − x̄)².
    public static func autocorrelation(_ x: [Double], maxLag: Int) -> [Double] {
        let n = x.count
        let mean = Descriptive.mean(x)
        let centred = x.map { $0 - mean }
        let denominator = centred.reduce(0) { $0 + $1 * $1 }
        guard denominator > 0 else { return [1] + [Double](repeating: 0, count: Swift.max(0, maxLag)) }
        return centred.withUnsafeBufferPointer { c in
            (0...Swift.min(maxLag, n - 1)).map { k in
                var s = 0.0
                for t in 0..<(n - k) { s += c[t] * c[t + k] }
                return s / denominator
            }
        }
    }

    /// N / τ with Geyer's initial monotone sequence estimator of τ.
    public static func estimate(_ x: [Double]) -> Double {
        let n = x.count
        guard n >= 4 else { return Double(n) }
        let mean = Descriptive.mean(x)
        let centred = x.map { $0 - mean }
        let denominator = centred.reduce(0) { $0 + $1 * $1 }
        guard denominator > 0 else { return Double(n) }  // a constant chain: nothing to correlate
        func rho(_ k: Int) -> Double {
            centred.withUnsafeBufferPointer { c in
                var s = 0.0
                for t in 0..<(n - k) { s += c[t] * c[t + k] }
                return s / denominator
            }
        }
        var sum = 0.0  // Σ Γ_m
        var previous = Double.infinity
        var m = 0
        while 2 * m + 1 < n {
            var gamma = rho(2 * m) + rho(2 * m + 1)
            if gamma <= 0 { break }
            gamma = Swift.min(gamma, previous)
            sum += gamma
            previous = gamma
            m += 1
        }
        let tau = Swift.max(-1 + 2 * sum, 1.0 / Double(n))
        return Double(n) / tau
    }
}
