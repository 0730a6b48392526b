// Monte Carlo integration: ∫ f over a region ≈ volume · mean of f at n uniform random points, with
// standard error ≈ volume · sd(f) / √n — the error shrinks like 1/√n whatever the dimension.
//   π:        4 · P(U₁² + U₂² ≤ 1) for U uniform on [0, 1]²
//   Gaussian: ∫₀¹ e^{−x²} dx = (√π / 2) · erf(1) ≈ 0.746824
//
// Does not: do importance sampling or quasi-random (low-discrepancy) sequences.

import Foundation
import Shared

public enum MonteCarlo {
    public struct Estimate: Sendable {
        public var samples: Int
        public var value: Double
        public var standardError: Double
    }

    /// volume · mean f(U), U uniform on [0,1]^dimensions.
    public static func integrate(samples n: Int, dimensions: Int, volume: Double = 1, seed: UInt64,
                                 _ f: ([Double]) -> Double) -> Estimate {
        var rng = SplitMix64(seed: seed)
        var sum = 0.0, sumSquares = 0.0
        var point = [Double](repeating: 0, count: dimensions)
        for _ in 0..<n {
            for j in 0..<dimensions { point[j] = rng.nextUnitDouble() }
            let v = f(point)
            sum += v
            sumSquares += v * v
        }
        let mean = sum / Double(n)
        let variance = max(0, sumSquares / Double(n) - mean * mean) * Double(n) / Double(max(n - 1, 1))
        return Estimate(samples: n, value: volume * mean, standardError: volume * (variance / Double(n)).squareRoot())
    }

    public static func pi(samples: Int, seed: UInt64) -> Estimate {
        integrate(samples: samples, dimensions: 2, volume: 4, seed: seed) { $0[0] * $0[0] + $0[1] * $0[1] <= 1 ? 1 : 0 }
    }

    public static func gaussian(samples: Int, seed: UInt64) -> Estimate {
        integrate(samples: samples, dimensions: 1, seed: seed) { Foundation.exp(-$0[0] * $0[0]) }
    }

    public static let gaussianExact = Double.pi.squareRoot() / 2 * erf(1)
}
