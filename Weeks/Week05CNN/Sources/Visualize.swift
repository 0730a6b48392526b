// Pictures of what the first convolution learned: its filters, and the feature maps it produces
// for one test image. Each tile is min–max scaled to 0…1 on its own (so contrast, not absolute
// size, is shown) and enlarged by nearest-neighbour repetition so a 3×3 kernel is visible.
//
// What this file does not do: no deeper-layer maps (their channels mix many inputs and read poorly
// as images), no colour maps.

import Shared
import Week04MNIST

public enum Visualize {
    /// Scales values to 0…1 (a constant tile becomes 0.5).
    public static func normalized(_ v: [Float]) -> [Float] {
        guard let lo = v.min(), let hi = v.max(), hi > lo else { return v.map { _ in 0.5 } }
        return v.map { ($0 - lo) / (hi - lo) }
    }

    /// Each pixel of an h×w tile repeated `factor`×`factor` times.
    public static func enlarged(_ v: [Float], width: Int, height: Int, factor: Int) -> [Float] {
        var out = [Float](repeating: 0, count: width * height * factor * factor)
        let w = width * factor
        for y in 0..<(height * factor) { for x in 0..<w { out[y * w + x] = v[(y / factor) * width + x / factor] } }
        return out
    }

    /// conv1's kernels [O, 1, k, k] as a grid (8 per row, each k·8 pixels wide).
    public static func filterGrid(_ conv: Conv2d) -> (pixels: [Float], width: Int, height: Int) {
        let shape = conv.weight.shape
        let k = shape[2], size = shape[1] * k * k
        let tiles = (0..<shape[0]).map { o -> [Float] in
            let kernel = Array(conv.weight.value.storage[(o * size)..<(o * size + k * k)])
            return enlarged(normalized(kernel), width: k, height: k, factor: 8)
        }
        return ImageFile.grid(tiles, width: k * 8, height: k * 8, columns: 8)
    }

    /// relu(conv1(image)) for one 28×28 image: one tile per output channel, plus the image first.
    public static func featureMapGrid(_ conv: Conv2d, image: [Float]) throws -> (pixels: [Float], width: Int, height: Int) {
        let maps = try Autograd.noGrad { try conv(Variable(Tensor(shape: [1, 1, 28, 28], storage: image))).relu() }
        let (channels, h, w) = (maps.shape[1], maps.shape[2], maps.shape[3])
        let scale = 2
        var tiles = [enlarged(padded(image, from: 28, to: h), width: h, height: h, factor: scale)]
        for c in 0..<channels {
            let map = Array(maps.value.storage[(c * h * w)..<((c + 1) * h * w)])
            tiles.append(enlarged(normalized(map), width: w, height: h, factor: scale))
        }
        return ImageFile.grid(tiles, width: w * scale, height: h * scale, columns: 8)
    }

    /// The centre `to`×`to` crop of a square image (a valid convolution's maps are smaller).
    static func padded(_ image: [Float], from size: Int, to target: Int) -> [Float] {
        let offset = (size - target) / 2
        var out = [Float](repeating: 0, count: target * target)
        for y in 0..<target { for x in 0..<target { out[y * target + x] = image[(y + offset) * size + x + offset] } }
        return out
    }
}
