// Week 5's augmentation (Augmentation.swift: flips and zero-filled shifts of one greyscale image)
// extended to what this week ablates, for images of C channels stored as rows [B, C·H·W] (CHW):
//
//   flip             out[c, y, x] = in[c, y, W − 1 − x] with probability ½
//   random crop      pad every side by P zeros and crop H×W at a random offset: the same as
//                    week 5's shift by dx, dy ∈ −P…P (its `transform`, called per channel)
//   rotation         by θ ∈ [−maxDegrees, maxDegrees] about the centre, bilinear, 0 outside
//                    (Rotation.swift)
//   random erasing   with probability p, one rectangle of area ∈ [2 %, 25 %] of the image and
//                    aspect ∈ [⅓, 3] set to 0 in every channel (Zhong et al., 2017)
//
// Every choice comes from the caller's generator, in a fixed order per image (flip, dx, dy,
// angle, erase?, rectangle), so the same seed gives the same batch. Labels never change and the
// shape [B, C·H·W] is kept. What this file does not do: no colour jitter, no scale/aspect crops
// with resizing (RandomResizedCrop), no per-channel choices.

import Foundation
import Shared
import Week05CNN

/// Which augmentations run and how strongly; `.none` leaves the batch as it is.
public struct AugmentationPolicy: Equatable, Sendable {
    public var flip: Bool
    public var cropPadding: Int
    public var maxDegrees: Double
    public var erasingProbability: Double

    public init(flip: Bool = false, cropPadding: Int = 0, maxDegrees: Double = 0, erasingProbability: Double = 0) {
        self.flip = flip
        self.cropPadding = cropPadding
        self.maxDegrees = maxDegrees
        self.erasingProbability = erasingProbability
    }

    public static let none = AugmentationPolicy()

    public var isNone: Bool { self == .none }

    /// "flip + crop 2 + rotate 10° + erase 0.25", or "none".
    public var summary: String {
        var parts: [String] = []
        if flip { parts.append("flip") }
        if cropPadding > 0 { parts.append("crop \(cropPadding)") }
        if maxDegrees > 0 { parts.append(String(format: "rotate %g°", maxDegrees)) }
        if erasingProbability > 0 { parts.append(String(format: "erase %g", erasingProbability)) }
        return parts.isEmpty ? "none" : parts.joined(separator: " + ")
    }
}

/// One image's random choices.
struct AugmentationDraw {
    var flip = false, dx = 0, dy = 0
    var degrees = 0.0
    /// The erased rectangle (x, y, width, height), if any.
    var erase: (x: Int, y: Int, width: Int, height: Int)?

    init(_ policy: AugmentationPolicy, width: Int, height: Int, rng: inout SplitMix64) {
        if policy.flip { flip = rng.nextInt(below: 2) == 1 }
        if policy.cropPadding > 0 {
            let p = policy.cropPadding
            dx = rng.nextInt(below: 2 * p + 1) - p
            dy = rng.nextInt(below: 2 * p + 1) - p
        }
        if policy.maxDegrees > 0 { degrees = (2 * rng.nextUnitDouble() - 1) * policy.maxDegrees }
        if policy.erasingProbability > 0 && rng.nextUnitDouble() < policy.erasingProbability {
            let area = Double(width * height) * (0.02 + 0.23 * rng.nextUnitDouble())
            let aspect = Foundation.exp(Foundation.log(1.0 / 3.0) + Foundation.log(9.0) * rng.nextUnitDouble())
            let h = Swift.min(height, Swift.max(1, Int((area * aspect).squareRoot().rounded())))
            let w = Swift.min(width, Swift.max(1, Int((area / aspect).squareRoot().rounded())))
            erase = (rng.nextInt(below: width - w + 1), rng.nextInt(below: height - h + 1), w, h)
        }
    }
}

extension Augmentation {
    /// Every row of `batch` [B, C·H·W] augmented by `policy` (a copy; the input is not changed).
    public static func apply(_ batch: Tensor, channels: Int, width: Int, height: Int, policy: AugmentationPolicy,
                             rng: inout SplitMix64) throws -> Tensor {
        let plane = width * height, size = channels * plane
        guard batch.rank == 2, batch.rowLength == size else {
            throw TensorError.invalidShape(batch.shape, reason: "augmentation: a batch of \(channels)×\(height)×\(width) images must be [B, \(size)]")
        }
        if policy.isNone { return batch }
        var out = batch.storage
        var scratch = [Float](repeating: 0, count: plane)
        for r in 0..<batch.rowCount {
            let draw = AugmentationDraw(policy, width: width, height: height, rng: &rng)
            out.withUnsafeMutableBufferPointer { buffer in
                scratch.withUnsafeMutableBufferPointer { tmp in
                    for c in 0..<channels {
                        let image = buffer.baseAddress! + r * size + c * plane
                        if draw.flip || draw.dx != 0 || draw.dy != 0 {
                            transform(image, width: width, height: height, flip: draw.flip, dx: draw.dx, dy: draw.dy, into: tmp.baseAddress!)
                            image.update(from: tmp.baseAddress!, count: plane)
                        }
                        if draw.degrees != 0 {
                            rotate(image, width: width, height: height, degrees: draw.degrees, into: tmp.baseAddress!)
                            image.update(from: tmp.baseAddress!, count: plane)
                        }
                        if let e = draw.erase {
                            for y in e.y..<(e.y + e.height) {
                                for x in e.x..<(e.x + e.width) { image[y * width + x] = 0 }
                            }
                        }
                    }
                }
            }
        }
        return try Tensor(shape: batch.shape, storage: out)
    }
}
