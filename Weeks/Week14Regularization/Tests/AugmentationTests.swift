// The augmentations: hand-worked rotations and a crop of a padded image computed naively here,
// erasing's rectangle, and for every policy that shapes are kept, each output row comes from its
// own input row (so its label still applies), channels share one choice, and the same seed gives
// the same batch while another seed does not.

import Shared
import TestSupport
import Week05CNN
import Week14Regularization
import XCTest

final class AugmentationTests: XCTestCase {
    func rotated(_ image: [Float], side: Int, degrees: Double) -> [Float] {
        var out = [Float](repeating: -1, count: image.count)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { Augmentation.rotate(src.baseAddress!, width: side, height: side, degrees: degrees, into: $0.baseAddress!) }
        }
        return out
    }

    func testRotationByHand() {
        let image: [Float] = [1, 2, 3,
                              4, 5, 6,
                              7, 8, 9]
        XCTAssertEqual(rotated(image, side: 3, degrees: 0), image)
        // out[y, x] = in at (cx + u cos θ − v sin θ, cy + u sin θ + v cos θ); θ = 90°: source (x', y') = (2 − y, x)
        // so out[y, x] = in[x, 2 − y]: the top-right 3 goes to the top-left (counter-clockwise on screen)
        assertClose(rotated(image, side: 3, degrees: 90), [3, 6, 9,
                                                           2, 5, 8,
                                                           1, 4, 7], atol: 1e-5)
        var fourTimes = image
        for _ in 0..<4 { fourTimes = rotated(fourTimes, side: 3, degrees: 90) }
        assertClose(fourTimes, image, atol: 1e-5)
        // 45° on a 3×3: the corner (0, 0) (u = v = −1) samples (sx, sy) = (1, 1 − √2 ≈ −0.414): between the
        // row above the image (0) and in[0, 1] = 2 with weight f = sy − ⌊sy⌋ = 2 − √2
        let corner = rotated(image, side: 3, degrees: 45)[0]
        XCTAssertEqual(Double(corner), (2 - 2.0.squareRoot()) * 2, accuracy: 1e-5)
    }

    func testCropOfPaddedImageByHand() throws {
        // Crop with padding 1 of a 3×3 image: pad to 5×5 with zeros, cut 3×3 at offset (1 − dx, 1 − dy).
        let image: [Float] = (1...9).map(Float.init)
        for seed in UInt64(1)...UInt64(12) {
            var rng = SplitMix64(seed: seed), copy = rng
            let out = try Augmentation.apply(try Tensor(shape: [1, 9], storage: image), channels: 1, width: 3, height: 3,
                                             policy: AugmentationPolicy(cropPadding: 1), rng: &rng)
            let dx = copy.nextInt(below: 3) - 1, dy = copy.nextInt(below: 3) - 1
            var padded = [Float](repeating: 0, count: 25)
            for y in 0..<3 { for x in 0..<3 { padded[(y + 1) * 5 + x + 1] = image[y * 3 + x] } }
            var expected: [Float] = []
            for y in 0..<3 { for x in 0..<3 { expected.append(padded[(y + 1 - dy) * 5 + (x + 1 - dx)]) } }
            XCTAssertEqual(out.storage, expected, "seed \(seed): dx \(dx), dy \(dy)")
        }
    }

    func testErasingZeroesOneRectangleInEveryChannel() throws {
        let policy = AugmentationPolicy(erasingProbability: 1)
        for seed in UInt64(1)...UInt64(20) {
            var rng = SplitMix64(seed: seed)
            let out = try Augmentation.apply(Tensor.ones([1, 2 * 28 * 28]), channels: 2, width: 28, height: 28, policy: policy, rng: &rng)
            let first = Array(out.storage[0..<784]), second = Array(out.storage[784...])
            XCTAssertEqual(first, second, "both channels erased alike")
            let zeros = first.indices.filter { first[$0] == 0 }
            let xs = zeros.map { $0 % 28 }, ys = zeros.map { $0 / 28 }
            let box = (xs.max()! - xs.min()! + 1) * (ys.max()! - ys.min()! + 1)
            XCTAssertEqual(box, zeros.count, "seed \(seed): the erased pixels fill their bounding box")
            // area in [2 %, 25 %] of 784 before rounding each side: allow the rounding
            XCTAssertGreaterThanOrEqual(zeros.count, 10)
            XCTAssertLessThanOrEqual(zeros.count, 230)
        }
        var rng = SplitMix64(seed: 1)
        let never = try Augmentation.apply(Tensor.ones([4, 784]), channels: 1, width: 28, height: 28,
                                           policy: AugmentationPolicy(erasingProbability: 0), rng: &rng)
        XCTAssertEqual(never, Tensor.ones([4, 784]))
    }

    func testEveryPolicyKeepsShapesRowsAndSeeds() throws {
        // Row r of the batch is the constant image r + 1 (in both channels): after any augmentation
        // every pixel of row r is 0 or r + 1 (a rotation interpolates between r + 1 and 0 only), so
        // row r still shows image r and its label still applies.
        let rows = 6, channels = 2, side = 12
        var values: [Float] = []
        for r in 0..<rows { values += [Float](repeating: Float(r + 1), count: channels * side * side) }
        let batch = try Tensor(shape: [rows, channels * side * side], storage: values)
        let policies = [AugmentationPolicy(flip: true), AugmentationPolicy(cropPadding: 3), AugmentationPolicy(maxDegrees: 15),
                        AugmentationPolicy(erasingProbability: 0.5), Regularizers.standardAugmentation]
        for policy in policies {
            var a = SplitMix64(seed: 9), b = SplitMix64(seed: 9), c = SplitMix64(seed: 10)
            let out = try Augmentation.apply(batch, channels: channels, width: side, height: side, policy: policy, rng: &a)
            XCTAssertEqual(out.shape, batch.shape, policy.summary)
            for r in 0..<rows {
                let row = out.storage[(r * channels * side * side)..<((r + 1) * channels * side * side)]
                XCTAssertTrue(row.allSatisfy { $0 >= 0 && $0 <= Float(r + 1) + 1e-5 }, "\(policy.summary): row \(r) mixes in another image")
                XCTAssertGreaterThan(row.filter { abs($0 - Float(r + 1)) < 1e-5 }.count, 0, "\(policy.summary): row \(r) lost its image")
            }
            XCTAssertEqual(out, try Augmentation.apply(batch, channels: channels, width: side, height: side, policy: policy, rng: &b),
                           "\(policy.summary): same seed, same batch")
            if policy != AugmentationPolicy(flip: true) {  // flipping a constant image changes nothing
                XCTAssertNotEqual(out, try Augmentation.apply(batch, channels: channels, width: side, height: side, policy: policy, rng: &c),
                                  "\(policy.summary): another seed, another batch")
            }
        }
        var rng = SplitMix64(seed: 1)
        XCTAssertThrowsError(try Augmentation.apply(batch, channels: 3, width: side, height: side, policy: .none, rng: &rng))
    }

    func testFlipMatchesWeek5() throws {
        var rng = SplitMix64(seed: 4)
        let batch = Tensor.randomUniform([8, 784], using: &rng)
        var ours = SplitMix64(seed: 7), week5 = SplitMix64(seed: 7)
        // Week 5's apply draws flip, dx, dy per image; with cropPadding = maxShift the draws and the transform are the same.
        let a = try Augmentation.apply(batch, channels: 1, width: 28, height: 28, policy: AugmentationPolicy(flip: true, cropPadding: 2), rng: &ours)
        let b = try Augmentation.apply(batch, width: 28, height: 28, maxShift: 2, rng: &week5)
        XCTAssertEqual(a, b)
    }
}
