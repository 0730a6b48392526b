// Rotation of one image plane [H·W] about its centre by θ degrees (counter-clockwise on screen),
// sampled bilinearly: each output pixel looks up where it came from (the inverse rotation),
//
//   cx = (W − 1)/2, cy = (H − 1)/2,  u = x − cx, v = y − cy
//   source (sx, sy) = (cx + u·cosθ − v·sinθ,  cy + u·sinθ + v·cosθ)
//   out[y, x] = bilinear(in, sx, sy), 0 where the four neighbours fall outside the image
//
// so θ = 0 is the identity (to the last bit) and a quarter turn of a square image moves pixels
// exactly onto the grid. What this file does not do: no other interpolation, no border modes.

import Foundation
import Week05CNN

extension Augmentation {
    public static func rotate(_ image: UnsafePointer<Float>, width: Int, height: Int, degrees: Double,
                              into out: UnsafeMutablePointer<Float>) {
        // exercise rotate-bilinear: Rotate one image plane about its centre by θ degrees with bilinear sampling, zero outside the image.
        // hint: Work backwards: for each output pixel, find where it came from by rotating its offset (u, v) from the centre ((W − 1)/2, (H − 1)/2).
        // hint: The source point falls between four pixels: blend them with weights from its fractional parts, reading 0 for a neighbour outside the image.
        // hint: θ = 0 must give the image back bit for bit, and 90° on a square must land exactly on the grid.
        // tests: AugmentationTests/testRotationByHand
        let theta = degrees * Double.pi / 180
        let (c, s) = (Foundation.cos(theta), Foundation.sin(theta))
        let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
        func pixel(_ x: Int, _ y: Int) -> Double {
            x >= 0 && x < width && y >= 0 && y < height ? Double(image[y * width + x]) : 0
        }
        for y in 0..<height {
            let v = Double(y) - cy
            for x in 0..<width {
                let u = Double(x) - cx
                let sx = cx + u * c - v * s, sy = cy + u * s + v * c
                let x0 = Int(Foundation.floor(sx)), y0 = Int(Foundation.floor(sy))
                let fx = sx - Double(x0), fy = sy - Double(y0)
                let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
                let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
                out[y * width + x] = Float(top * (1 - fy) + bottom * fy)
            }
        }
        // end exercise rotate-bilinear
    }
}
