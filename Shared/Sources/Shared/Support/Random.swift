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
        state &+= SplitMix64.gamma
        return SplitMix64.mix(state)
    }

    @usableFromInline static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inlinable
    static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next `count` draws at once: `block.unitDouble(i)` is what the i-th of `count` calls to
    /// `nextUnitDouble()` would return, and the generator ends where those calls would leave it.
    /// SplitMix64 is counter-based (draw i mixes state + (i + 1)·γ), so a loop over the block can be
    /// split over threads and still see exactly the sequential stream.
    public mutating func reserve(_ count: Int) -> SplitMix64Block {
        let block = SplitMix64Block(start: state)
        state &+= UInt64(truncatingIfNeeded: count) &* SplitMix64.gamma
        return block
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

/// A run of draws reserved from a SplitMix64 (see `reserve(_:)`); readable from any thread.
public struct SplitMix64Block: Sendable {
    @usableFromInline let start: UInt64

    /// The i-th reserved draw as `nextUnitDouble()` gives it (i from 0).
    @inlinable
    public func unitDouble(_ i: Int) -> Double {
        let z = SplitMix64.mix(start &+ UInt64(truncatingIfNeeded: i + 1) &* SplitMix64.gamma)
        return Double(z >> 11) * 0x1.0p-53
    }
}
