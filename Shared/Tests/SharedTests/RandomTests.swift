// SplitMix64 against the reference implementation's published first outputs, plus the
// statistics of its derived samplers.

import Shared
import TestSupport
import XCTest

final class RandomTests: XCTestCase {
    func testSplitMix64MatchesReferenceSequence() {
        // From Vigna's splitmix64.c with x = 0: the first outputs are
        // 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f.
        var rng = SplitMix64(seed: 0)
        XCTAssertEqual(rng.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(rng.next(), 0x6E78_9E6A_A1B9_65F4)
        XCTAssertEqual(rng.next(), 0x06C4_5D18_8009_454F)
    }

    func testReservedBlockIsTheSequentialStream() {
        var sequential = SplitMix64(seed: 9), reserved = SplitMix64(seed: 9)
        _ = sequential.nextUnitDouble()
        _ = reserved.nextUnitDouble()
        let expected = (0..<1000).map { _ in sequential.nextUnitDouble() }
        let block = reserved.reserve(1000)
        XCTAssertEqual((0..<1000).map { block.unitDouble($0) }, expected)
        XCTAssertEqual(reserved.next(), sequential.next(), "the generator continues after the block")
        let empty = reserved.reserve(0)
        _ = empty
        XCTAssertEqual(reserved.next(), sequential.next(), "an empty block draws nothing")
    }

    func testSameSeedSameStream() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let xs = (0..<5).map { _ in a.nextGaussian() }
        XCTAssertEqual(xs, (0..<5).map { _ in b.nextGaussian() })
        XCTAssertNotEqual(xs, (0..<5).map { _ in c.nextGaussian() })
    }

    func testGaussianAndUniformMoments() {
        var rng = SplitMix64(seed: 1)
        let n = 200_000
        let g = (0..<n).map { _ in rng.nextGaussian() }
        let mean = g.reduce(0, +) / Double(n)
        let variance = g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance.
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.015)
        let u = (0..<n).map { _ in rng.nextUnitDouble() }
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(u.reduce(0, +) / Double(n), 0.5, accuracy: 0.005)
    }

    func testPermutationIsAPermutation() {
        var rng = SplitMix64(seed: 9)
        let p = rng.permutation(1000)
        XCTAssertEqual(p.sorted(), Array(0..<1000))
        XCTAssertNotEqual(p, Array(0..<1000))
        XCTAssertEqual((0..<1000).map { _ in rng.nextInt(below: 7) }.max(), 6)
    }
}
