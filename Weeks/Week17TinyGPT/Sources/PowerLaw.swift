// A scaling law fitted to (N, L) points: L(N) = a·N^(−α) + c (Kaplan et al. 2020 write it as
// (N_c / N)^α_N plus, for a finite dataset and budget, an irreducible floor c).
//
//   for each candidate floor c on a grid in [0, min L):
//       log(L − c) = log a − α·log N          ordinary least squares in (log N, log(L − c))
//   keep the c whose curve has the smallest squared error in L itself
//
// With c fixed the fit is linear, so the grid turns a three-parameter nonlinear fit into a
// one-dimensional search. Kaplan's α_N ≈ 0.076 is for non-embedding parameters of models trained
// to convergence on WebText2; small models on a short budget are far from that regime, so the α
// here is a property of this budget, not a universal constant.
//
// What this file does not do: no joint fit in N and D (Chinchilla's L(N, D)), no error bars.

import Foundation

public struct PowerLawFit: Sendable, Equatable {
    public var a: Double
    public var alpha: Double
    public var c: Double
    /// Root-mean-square error of the fitted L over the points.
    public var rmse: Double

    public func loss(_ n: Double) -> Double { a * Foundation.pow(n, -alpha) + c }

    /// Fits L(N) = a·N^(−α) + c to ≥ 3 points with N > 0 (nil with fewer, or a non-finite fit).
    public static func fit(n: [Double], loss: [Double], gridSize: Int = 400) -> PowerLawFit? {
        // exercise power-law-fit: Fit L(N) = a·N^(−α) + c by a grid over the floor c, with a straight-line fit in log-log space for each c.
        // hint: For a fixed c, log(L − c) is linear in log N: slope −α, intercept log a — ordinary least squares gives both.
        // hint: The floor must stay below the smallest loss (L − c > 0); try c from 0 up to just under min L.
        // hint: Compare candidates by the squared error of L itself (not of the logs), and keep the best.
        // tests: PowerLawTests/testRecoversAKnownLawFromExactPoints, PowerLawTests/testPureLawHasNoFloor
        guard n.count == loss.count, n.count >= 3, n.allSatisfy({ $0 > 0 }), let lowest = loss.min(), lowest > 0 else { return nil }
        let x = n.map { Foundation.log($0) }
        var best: PowerLawFit?
        for k in 0..<gridSize {
            let c = lowest * Double(k) / Double(gridSize)
            let y = loss.map { Foundation.log($0 - c) }
            let (slope, intercept) = leastSquares(x, y)
            let candidate = PowerLawFit(a: Foundation.exp(intercept), alpha: -slope, c: c, rmse: 0)
            let squared = zip(n, loss).map { Foundation.pow(candidate.loss($0) - $1, 2) }.reduce(0, +)
            let rmse = (squared / Double(n.count)).squareRoot()
            if rmse.isFinite, rmse < best?.rmse ?? .infinity { best = PowerLawFit(a: candidate.a, alpha: candidate.alpha, c: c, rmse: rmse) }
        }
        return best
        // end exercise power-law-fit
    }

    /// The least-squares line y ≈ slope·x + intercept.
    static func leastSquares(_ x: [Double], _ y: [Double]) -> (slope: Double, intercept: Double) {
        let count = Double(x.count)
        let mx = x.reduce(0, +) / count, my = y.reduce(0, +) / count
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        return (slope, my - slope * mx)
    }
}
