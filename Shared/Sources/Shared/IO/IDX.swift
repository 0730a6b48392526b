// IDX: the MNIST / Fashion-MNIST file format (optionally gzip-compressed).
//
//   magic: 0x00 0x00 <type> <rank>, then rank big-endian UInt32 extents, then the data.
//   type 0x08 = unsigned byte (the only type these datasets use; 0x09 signed byte also read).
// Images come back as a Float tensor [N, rows·cols] scaled to 0…1; labels as [Int].

import Foundation

public struct IDXArray {
    public let shape: [Int]
    public let bytes: [UInt8]
}

public enum IDX {
    public static func read(_ url: URL) throws -> IDXArray {
        try parse(try FileIO.readMaybeGzipped(url), path: url.path)
    }

    /// Parses the (already decompressed) bytes of an IDX file; extents are checked against the
    /// bytes present, with an overflow-checked product.
    public static func parse(_ data: [UInt8], path: String) throws -> IDXArray {
        guard data.count >= 4, data[0] == 0, data[1] == 0 else {
            throw DataFileError.malformed(path: path, reason: "bad IDX magic number (expected 00 00 type rank)")
        }
        guard data[2] == 0x08 || data[2] == 0x09 else {
            throw DataFileError.unsupported(path: path, reason: "IDX element type 0x\(String(data[2], radix: 16)); only bytes are supported")
        }
        let rank = Int(data[3])
        guard rank >= 1, data.count >= 4 + 4 * rank else {
            throw DataFileError.malformed(path: path, reason: "header too short for rank \(rank)")
        }
        var shape: [Int] = []
        for axis in 0..<rank {
            let o = 4 + 4 * axis
            shape.append(Int(data[o]) << 24 | Int(data[o + 1]) << 16 | Int(data[o + 2]) << 8 | Int(data[o + 3]))
        }
        let header = 4 + 4 * rank
        guard let expected = SizeCheck.elementCount(shape), data.count - header == expected else {
            throw DataFileError.malformed(path: path, reason: "shape \(shape) needs \(SizeCheck.elementCount(shape).map(String.init) ?? "more than 2^63") bytes, file has \(data.count - header)")
        }
        return IDXArray(shape: shape, bytes: Array(data[header...]))
    }

    /// Images as [N, H·W] Floats in 0…1.
    public static func readImages(_ url: URL) throws -> Tensor {
        let array = try read(url)
        guard array.shape.count == 3 else {
            throw DataFileError.malformed(path: url.path, reason: "expected images of rank 3, got shape \(array.shape)")
        }
        let scale: Float = 1 / 255
        let values = array.bytes.map { Float($0) * scale }
        return Tensor(unchecked: [array.shape[0], array.shape[1] * array.shape[2]], storage: values)
    }

    public static func readLabels(_ url: URL) throws -> [Int] {
        let array = try read(url)
        guard array.shape.count == 1 else {
            throw DataFileError.malformed(path: url.path, reason: "expected labels of rank 1, got shape \(array.shape)")
        }
        return array.bytes.map(Int.init)
    }
}
