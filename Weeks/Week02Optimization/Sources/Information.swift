// Entropy, cross-entropy and Kullback–Leibler divergence of discrete distributions, in nats
// (natural log) unless `base` says otherwise (2 gives bits):
//
//   H(p)     = −Σ pᵢ log pᵢ                    the average surprise of p
//   H(p, q)  = −Σ pᵢ log qᵢ                    the average surprise when p is coded with q's code
//   KL(p‖q)  = Σ pᵢ log(pᵢ/qᵢ) = H(p, q) − H(p) ≥ 0, with equality only when p = q (Gibbs)
//
// Conventions: 0·log 0 = 0 (terms with pᵢ = 0 vanish); pᵢ > 0 where qᵢ = 0 makes H(p, q) and
// KL(p‖q) infinite. Inputs must be probability vectors (non-negative, summing to 1 within 1e-9).

import Foundation

public enum Information {
    public static func entropy(_ p: [Double], base: Double = M_E) throws -> Double {
        try validate(p, name: "p")
        var h = 0.0
        for pi in p where pi > 0 { h -= pi * Foundation.log(pi) }
        return h / Foundation.log(base)
    }

    public static func crossEntropy(_ p: [Double], _ q: [Double], base: Double = M_E) throws -> Double {
        try validate(p, name: "p")
        try validate(q, name: "q", count: p.count)
        var h = 0.0
        for (pi, qi) in zip(p, q) where pi > 0 {
            if qi == 0 { return .infinity }
            h -= pi * Foundation.log(qi)
        }
        return h / Foundation.log(base)
    }

    public static func klDivergence(_ p: [Double], _ q: [Double], base: Double = M_E) throws -> Double {
        try validate(p, name: "p")
        try validate(q, name: "q", count: p.count)
        var d = 0.0
        for (pi, qi) in zip(p, q) where pi > 0 {
            if qi == 0 { return .infinity }
            d += pi * Foundation.log(pi / qi)
        }
        return Swift.max(0, d) / Foundation.log(base)  // rounding can leave −1e-17 for p = q
    }

    /// Scales non-negative weights to sum to 1.
    public static func normalized(_ weights: [Double]) throws -> [Double] {
        let total = weights.reduce(0, +)
        guard total > 0, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw Week02Error.invalidArgument("weights must be non-negative and not all zero, got \(weights)")
        }
        return weights.map { $0 / total }
    }

    static func validate(_ p: [Double], name: String, count: Int? = nil) throws {
        guard !p.isEmpty else { throw Week02Error.invalidArgument("\(name) is empty") }
        if let count, p.count != count {
            throw Week02Error.invalidArgument("\(name) has \(p.count) entries but p has \(count)")
        }
        guard p.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw Week02Error.invalidArgument("\(name) has a negative or non-finite entry: \(p)")
        }
        let total = p.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else {
            throw Week02Error.invalidArgument("\(name) sums to \(total), not 1 (use Information.normalized)")
        }
    }
}
