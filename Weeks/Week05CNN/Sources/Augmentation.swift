// Data augmentation: each training image, each time it is seen, is randomly mirrored left–right
// (probability ½) and shifted by up to ±maxShift pixels in each direction (new pixels are 0, the
// background). The label is unchanged: a shirt mirrored or moved two pixels is still a shirt, so
// the network is taught that invariance instead of memorising exact pixel positions.
//
//   flip:   out[y, x] = in[y, W − 1 − x]
//   shift:  out[y, x] = in[y − dy, x − dx]  (0 outside the image)
//
// What this file does not do: no rotations, crops with rescaling or colour changes. Seeded: the
// caller's generator decides every flip and shift.

import Shared

public enum Augmentation {
    /// One image [h·w] → the flipped (optional) and shifted image.
    public static func transform(_ image: UnsafePointer<Float>, width: Int, height: Int, flip: Bool, dx: Int, dy: Int,
                                 into out: UnsafeMutablePointer<Float>) {
        for y in 0..<height {
            let sy = y - dy
            for x in 0..<width {
                let shifted = x - dx
                let sx = flip ? width - 1 - shifted : shifted
                let inside = sy >= 0 && sy < height && shifted >= 0 && shifted < width
                out[y * width + x] = inside ? image[sy * width + sx] : 0
            }
        }
    }

    /// Every row of batch [B, h·w] flipped with probability ½ and shifted by dx, dy ∈ −maxShift…maxShift.
    public static func apply(_ batch: Tensor, width: Int, height: Int, maxShift: Int, rng: inout SplitMix64) throws -> Tensor {
        let size = width * height
        var out = [Float](repeating: 0, count: batch.count)
        let rows = batch.count / size
        var choices: [(Bool, Int, Int)] = []
        for _ in 0..<rows {
            let flip = rng.nextInt(below: 2) == 1
            let dx = rng.nextInt(below: 2 * maxShift + 1) - maxShift
            let dy = rng.nextInt(below: 2 * maxShift + 1) - maxShift
            choices.append((flip, dx, dy))
        }
        batch.storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (r, c) in choices.enumerated() {
                    transform(src.baseAddress! + r * size, width: width, height: height, flip: c.0, dx: c.1, dy: c.2,
                              into: dst.baseAddress! + r * size)
                }
            }
        }
        return try Tensor(shape: batch.shape, storage: out)
    }
}
