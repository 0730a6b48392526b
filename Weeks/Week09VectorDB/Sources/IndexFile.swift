// The index file format, shared by the three index kinds. Little-endian throughout:
//
//   offset  size  field
//   0       8     magic "VECINDEX"
//   8       4     format version (UInt32, currently 1)
//   12      4     kind (UInt32: 1 exact, 2 lsh, 3 hnsw)
//   16      8     payload length in bytes (UInt64)
//   24      …     payload (the kind's fields, see each index's `serialized()`)
//   end−4   4     CRC-32 (IEEE, as zlib) of every byte before it
//
// Checks on load, each with its own message: too short / wrong magic / unsupported version /
// unknown kind / length disagreeing with the file size (truncated or extended) / CRC mismatch
// (a flipped byte) / then field-by-field validation of the payload (counts, neighbour ids in range),
// so a damaged file is always one clear error and never a crash or an out-of-range read.

import Foundation
import Shared

public enum IndexKind: UInt32, Sendable {
    case exact = 1, lsh = 2, hnsw = 3

    public var name: String {
        switch self {
        case .exact: return "exact"
        case .lsh: return "lsh"
        case .hnsw: return "hnsw"
        }
    }
}

public enum IndexFormat {
    public static let magic: [UInt8] = Array("VECINDEX".utf8)
    public static let version: UInt32 = 1
    static let headerSize = 24

    /// Header + payload + CRC.
    static func wrap(kind: IndexKind, payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.bytes.reserveCapacity(payload.count + headerSize + 4)
        w.bytes += magic
        w.u32(version)
        w.u32(kind.rawValue)
        w.u64(UInt64(payload.count))
        w.bytes += payload
        w.u32(CRC32.checksum(w.bytes))
        return w.bytes
    }

    /// Reads the kind without validating the rest (used to dispatch; `unwrap` checks everything).
    static func peekKind(_ bytes: [UInt8], source: String) throws -> IndexKind {
        try checkHeader(bytes, source: source)
        var r = ByteReader(bytes, source: source, offset: 12)
        let code = try r.u32("kind")
        guard let kind = IndexKind(rawValue: code) else { throw corrupt(source, "unknown index kind \(code)") }
        return kind
    }

    /// Validates header, length and checksum; returns a reader over the payload.
    static func unwrap(_ bytes: [UInt8], expecting kind: IndexKind, source: String) throws -> ByteReader {
        let found = try peekKind(bytes, source: source)
        guard found == kind else {
            throw corrupt(source, "it holds a \(found.name) index, not a \(kind.name) index")
        }
        var r = ByteReader(bytes, source: source, offset: 16)
        let length = try r.u64("payload length")
        // Checked sum: a length near 2^64 must read as "truncated", not overflow.
        let (expected, overflow) = length.addingReportingOverflow(UInt64(headerSize + 4))
        guard !overflow, UInt64(bytes.count) == expected else {
            if overflow || UInt64(bytes.count) < expected {
                throw corrupt(source, "truncated: the header promises \(expected) bytes, the file has \(bytes.count)")
            }
            throw corrupt(source, "\(UInt64(bytes.count) - expected) unexpected bytes after the end of the index")
        }
        let body = bytes.count - 4
        let stored = UInt32(bytes[body]) | UInt32(bytes[body + 1]) << 8 | UInt32(bytes[body + 2]) << 16 | UInt32(bytes[body + 3]) << 24
        let computed = bytes.withUnsafeBufferPointer { CRC32.checksum(UnsafeBufferPointer(rebasing: $0[0..<body])) }
        guard stored == computed else {
            throw corrupt(source, String(format: "checksum mismatch (stored %08x, computed %08x): the file is corrupted", stored, computed))
        }
        return ByteReader(bytes, source: source, offset: headerSize, end: body)
    }

    private static func checkHeader(_ bytes: [UInt8], source: String) throws {
        guard bytes.count >= headerSize + 4 else {
            throw corrupt(source, "truncated: \(bytes.count) bytes is shorter than the \(headerSize + 4)-byte header and checksum")
        }
        guard Array(bytes[0..<8]) == magic else {
            throw corrupt(source, "wrong magic (expected \"VECINDEX\"): not a vector index written by Week09VectorDB")
        }
        var r = ByteReader(bytes, source: source, offset: 8)
        let version = try r.u32("version")
        guard version == IndexFormat.version else {
            throw corrupt(source, "format version \(version) is not supported (this build reads version \(IndexFormat.version))")
        }
    }

    static func corrupt(_ source: String, _ reason: String) -> VectorIndexError {
        .corrupt(source: source, reason: reason)
    }
}

/// Appends little-endian fields.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }

    /// Raw little-endian floats (this code only runs on little-endian machines: x86-64, arm64).
    mutating func floats(_ p: UnsafePointer<Float>, count: Int) {
        bytes += UnsafeRawBufferPointer(start: p, count: count * 4)
    }

    mutating func int32s(_ p: UnsafePointer<Int32>, count: Int) {
        bytes += UnsafeRawBufferPointer(start: p, count: count * 4)
    }
}

/// Reads little-endian fields; running out of bytes names the field being read.
struct ByteReader {
    let bytes: [UInt8]
    let source: String
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], source: String, offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.source = source
        self.offset = offset
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }

    private mutating func take(_ n: Int, _ field: String) throws -> Int {
        guard n >= 0, n <= remaining else {
            throw IndexFormat.corrupt(source, "truncated while reading \(field) (needs \(n) bytes at offset \(offset), \(remaining) left)")
        }
        let start = offset
        offset += n
        return start
    }

    mutating func u8(_ field: String) throws -> UInt8 { bytes[try take(1, field)] }

    mutating func u32(_ field: String) throws -> UInt32 {
        let s = try take(4, field)
        return UInt32(bytes[s]) | UInt32(bytes[s + 1]) << 8 | UInt32(bytes[s + 2]) << 16 | UInt32(bytes[s + 3]) << 24
    }

    mutating func u64(_ field: String) throws -> UInt64 {
        let lo = UInt64(try u32(field)), hi = UInt64(try u32(field))
        return lo | hi << 32
    }

    mutating func i32(_ field: String) throws -> Int32 { Int32(bitPattern: try u32(field)) }
    mutating func i64(_ field: String) throws -> Int64 { Int64(bitPattern: try u64(field)) }
    mutating func f32(_ field: String) throws -> Float { Float(bitPattern: try u32(field)) }

    /// A count field, checked against a sane upper bound before anything is allocated from it.
    mutating func count(_ field: String, max: Int) throws -> Int {
        let v = try u64(field)
        guard v <= UInt64(max) else { throw IndexFormat.corrupt(source, "\(field) = \(v) is out of range (at most \(max))") }
        return Int(v)
    }

    /// `n` floats; NaN or ±Inf is refused (a vector holding one would poison every distance).
    mutating func floats(_ n: Int, into p: UnsafeMutablePointer<Float>, _ field: String) throws {
        guard let byteCount = SizeCheck.product(n, 4) else { throw fail("\(field): \(n) floats do not fit in memory") }
        let s = try take(byteCount, field)
        guard n > 0 else { return }
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            UnsafeMutableRawPointer(p).copyMemory(from: base + s, byteCount: byteCount)
        }
        for i in 0..<n where !p[i].isFinite {
            throw fail("\(field): value \(i) is \(p[i]); NaN and infinity are not accepted")
        }
    }

    mutating func floats(_ n: Int, _ field: String) throws -> [Float] {
        guard n >= 0, n <= remaining / 4 else {
            throw IndexFormat.corrupt(source, "truncated while reading \(field) (needs \(n) floats at offset \(offset), \(remaining) bytes left)")
        }
        var out = [Float](repeating: 0, count: n)
        try out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            try floats(n, into: base, field)
        }
        return out
    }

    func finish() throws {
        guard remaining == 0 else { throw IndexFormat.corrupt(source, "\(remaining) unread bytes at the end of the payload") }
    }

    func fail(_ reason: String) -> VectorIndexError { IndexFormat.corrupt(source, reason) }
}

/// Opens a saved index of any kind.
public enum VectorIndexFile {
    public static func load(from url: URL) throws -> any VectorIndex {
        let bytes = try FileIO.readBytes(url)
        switch try IndexFormat.peekKind(bytes, source: url.path) {
        case .exact: return try ExactIndex.deserialize(bytes, source: url.path)
        case .lsh: return try LSHIndex.deserialize(bytes, source: url.path)
        case .hnsw: return try HNSWIndex.deserialize(bytes, source: url.path)
        }
    }
}
