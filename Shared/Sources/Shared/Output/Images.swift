// Image files: PGM (the simplest greyscale format: a text header and raw bytes) and PNG
// (greyscale or RGB, 8 bits, with uncompressed DEFLATE blocks: valid everywhere, written in a few
// lines). Pixel values are Floats in 0…1, clamped.

import Foundation

public enum ImageFile {
    static func byte(_ v: Float) -> UInt8 { UInt8(Swift.max(0, Swift.min(255, (v * 255).rounded()))) }

    public static func pgm(_ pixels: [Float], width: Int, height: Int) -> [UInt8] {
        precondition(pixels.count == width * height, "pgm: \(pixels.count) pixels for \(width)×\(height)")
        return Array("P5\n\(width) \(height)\n255\n".utf8) + pixels.map(byte)
    }

    /// PNG of greyscale (channels 1) or RGB (channels 3) pixels, row-major.
    public static func png(_ pixels: [Float], width: Int, height: Int, channels: Int = 1) -> [UInt8] {
        precondition(channels == 1 || channels == 3, "png: channels must be 1 or 3")
        precondition(pixels.count == width * height * channels, "png: wrong pixel count")
        var raw: [UInt8] = []
        raw.reserveCapacity((width * channels + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter type: none
            for x in 0..<(width * channels) { raw.append(byte(pixels[y * width * channels + x])) }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: [UInt8]) {
            let n = UInt32(data.count)
            out += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
            let body = Array(type.utf8) + data
            out += body
            let crc = CRC32.checksum(body)
            out += [UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)]
        }
        func be32(_ v: Int) -> [UInt8] { [UInt8((v >> 24) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        chunk("IHDR", be32(width) + be32(height) + [8, channels == 1 ? 0 : 2, 0, 0, 0])
        chunk("IDAT", Deflate.storedZlib(raw))
        chunk("IEND", [])
        return out
    }

    public static func writePGM(_ pixels: [Float], width: Int, height: Int, to url: URL) throws {
        try AtomicFile.write(pgm(pixels, width: width, height: height), to: url)
    }

    public static func writePNG(_ pixels: [Float], width: Int, height: Int, channels: Int = 1, to url: URL) throws {
        try AtomicFile.write(png(pixels, width: width, height: height, channels: channels), to: url)
    }

    /// Tiles equally sized greyscale images into one grid image (for filters, samples, ranks).
    public static func grid(_ images: [[Float]], width: Int, height: Int, columns: Int, gap: Int = 2)
        -> (pixels: [Float], width: Int, height: Int) {
        let rows = (images.count + columns - 1) / Swift.max(columns, 1)
        let w = columns * width + (columns + 1) * gap, h = rows * height + (rows + 1) * gap
        var out = [Float](repeating: 1, count: w * h)
        for (i, image) in images.enumerated() {
            let ox = gap + (i % columns) * (width + gap), oy = gap + (i / columns) * (height + gap)
            for y in 0..<height { for x in 0..<width { out[(oy + y) * w + ox + x] = image[y * width + x] } }
        }
        return (out, w, h)
    }
}
