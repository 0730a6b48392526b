// SplitMix64: a tiny, fast, seedable random generator (Steele, Lea & Flood, 2014). Every random
// source in the curriculum takes one of these, so the same seed gives the same run everywhere.
// Normal samples use the Box–Muller transform (two uniforms → two independent normals).

import Foundation

public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spareGaussian: Double?

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in 0..<bound.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        return Int(next(upperBound: UInt64(bound)))
    }

    /// A standard normal sample (Box–Muller; the second value of each pair is kept for the next call).
    public mutating func nextGaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        var u1 = nextUnitDouble()
        while u1 <= Double.leastNormalMagnitude { u1 = nextUnitDouble() }
        let u2 = nextUnitDouble()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareGaussian = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }

    /// The generator's whole state as three words (counter, whether a spare normal is held, its
    /// bits), so a checkpoint can save it and `init(snapshot:)` continue the same stream.
    public var snapshot: [UInt64] {
        [state, spareGaussian == nil ? 0 : 1, spareGaussian?.bitPattern ?? 0]
    }

    /// A generator continuing exactly where the one that gave `snapshot` stood; nil unless 3 words.
    public init?(snapshot: [UInt64]) {
        guard snapshot.count == 3 else { return nil }
        state = snapshot[0]
        spareGaussian = snapshot[1] == 0 ? nil : Double(bitPattern: snapshot[2])
    }

    /// A random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n < 2 { return p }
        for i in stride(from: n - 1, to: 0, by: -1) {
            p.swapAt(i, nextInt(below: i + 1))
        }
        return p
    }
}
