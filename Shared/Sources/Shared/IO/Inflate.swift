// DEFLATE decompression (RFC 1951) and the gzip container (RFC 1952), in plain Swift, because
// Foundation on Linux has no zlib API and the datasets ship as .gz files.
//
// How it works: the stream is a sequence of blocks; each is stored (raw bytes), or Huffman-coded
// with a fixed or a transmitted ("dynamic") code. Symbols 0–255 are literal bytes, 256 ends the
// block, 257–285 start a back-reference (length, distance) into the last 32 KiB of output.
// Decoding uses a lookup table indexed by the next `maxLength` bits (codes are stored bit-reversed,
// so the table index is simply the low bits of the bit buffer).
//
// Not here: compression (see `Deflate.storedZlib` for the uncompressed encoding PNG needs).

public enum InflateError: Error, CustomStringConvertible, Equatable {
    case notGzip
    case truncated
    case invalidBlockType
    case invalidStoredLength
    case invalidCodeLengths
    case invalidSymbol
    case distanceTooFar
    case checksumMismatch(expected: UInt32, actual: UInt32)
    case sizeMismatch

    public var description: String {
        switch self {
        case .notGzip: return "not a gzip/zlib stream (bad magic bytes or method)"
        case .truncated: return "compressed data ends early (file truncated?)"
        case .invalidBlockType: return "invalid DEFLATE block type"
        case .invalidStoredLength: return "stored block length check failed"
        case .invalidCodeLengths: return "invalid Huffman code lengths"
        case .invalidSymbol: return "invalid Huffman-coded symbol"
        case .distanceTooFar: return "back-reference points before the start of the data"
        case let .checksumMismatch(e, a):
            return "CRC-32 mismatch (stored \(String(e, radix: 16)), computed \(String(a, radix: 16)))"
        case .sizeMismatch: return "decompressed size differs from the size stored in the trailer"
        }
    }
}

public enum Gzip {
    /// True when `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses every member of a gzip file and checks each CRC-32 and size.
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        // The trailer's size (mod 2^32) of the last member is a good capacity guess.
        // A lying trailer must not reserve gigabytes: DEFLATE expands at most 1032-fold.
        if bytes.count >= 4 { output.reserveCapacity(min(Int(readLE32(bytes, bytes.count - 4)), bytes.count * 1032)) }
        var position = 0
        repeat {
            position = try decompressMember(bytes, at: position, into: &output)
            // Trailing zero padding after the last member is allowed.
            while position < bytes.count && bytes[position] == 0 { position += 1 }
        } while position < bytes.count
        return output
    }

    private static func decompressMember(_ bytes: [UInt8], at start: Int, into output: inout [UInt8]) throws -> Int {
        guard bytes.count >= start + 18, bytes[start] == 0x1F, bytes[start + 1] == 0x8B, bytes[start + 2] == 8 else {
            throw InflateError.notGzip
        }
        let flags = bytes[start + 3]
        var p = start + 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard p + 2 <= bytes.count else { throw InflateError.truncated }
            p += 2 + Int(bytes[p]) + Int(bytes[p + 1]) << 8
        }
        for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT
            while p < bytes.count && bytes[p] != 0 { p += 1 }
            p += 1
        }
        if flags & 0x02 != 0 { p += 2 }  // FHCRC
        guard p <= bytes.count else { throw InflateError.truncated }
        let memberStart = output.count
        var inflater = Inflater(bytes, start: p)
        try inflater.inflate(into: &output)
        let end = inflater.alignedBytePosition
        guard end + 8 <= bytes.count else { throw InflateError.truncated }
        let storedCRC = readLE32(bytes, end)
        let storedSize = readLE32(bytes, end + 4)
        let crc = output.withUnsafeBufferPointer { CRC32.checksum(UnsafeBufferPointer(rebasing: $0[memberStart...])) }
        guard crc == storedCRC else { throw InflateError.checksumMismatch(expected: storedCRC, actual: crc) }
        guard UInt32(truncatingIfNeeded: output.count - memberStart) == storedSize else { throw InflateError.sizeMismatch }
        return end + 8
    }

    static func readLE32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}

/// The zlib container (RFC 1950) around DEFLATE, as used inside PNG files.
public enum Zlib {
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count >= 6, bytes[0] & 0x0F == 8, (Int(bytes[0]) << 8 | Int(bytes[1])) % 31 == 0,
              bytes[1] & 0x20 == 0 else { throw InflateError.notGzip }
        var output: [UInt8] = []
        var inflater = Inflater(bytes, start: 2)
        try inflater.inflate(into: &output)
        let end = inflater.alignedBytePosition
        guard end + 4 <= bytes.count else { throw InflateError.truncated }
        let stored = UInt32(bytes[end]) << 24 | UInt32(bytes[end + 1]) << 16 | UInt32(bytes[end + 2]) << 8 | UInt32(bytes[end + 3])
        let actual = Deflate.adler32(output)
        guard stored == actual else { throw InflateError.checksumMismatch(expected: stored, actual: actual) }
        return output
    }
}

/// A canonical Huffman code as a lookup table over the next `maxLength` bits.
struct HuffmanTable {
    /// entry = symbol << 4 | codeLength (0 marks an unused slot).
    var entries: [UInt32]
    var maxLength: Int

    init(lengths: [Int]) throws {
        maxLength = max(1, lengths.max() ?? 1)
        entries = [UInt32](repeating: 0, count: 1 << maxLength)
        var countPerLength = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { countPerLength[length] += 1 }
        // First code of each length (RFC 1951, 3.2.2), with an over-subscription check.
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + countPerLength[length - 1]) << 1
            nextCode[length] = code
            if countPerLength[length] > 0 && code + countPerLength[length] > (1 << length) {
                throw InflateError.invalidCodeLengths
            }
        }
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let c = nextCode[length]
            nextCode[length] += 1
            var reversed = 0
            for bit in 0..<length where c & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            let entry = UInt32(symbol) << 4 | UInt32(length)
            var index = reversed
            while index < entries.count {
                entries[index] = entry
                index += 1 << length
            }
        }
    }
}

/// The DEFLATE decoder proper: a bit reader over the input plus the block loop.
struct Inflater {
    private let input: [UInt8]
    private var position: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private var overrun = 0

    init(_ input: [UInt8], start: Int) {
        self.input = input
        self.position = start
    }

    /// Byte position after the last whole byte consumed (gzip's trailer follows the stream).
    var alignedBytePosition: Int { position - bitCount / 8 }

    private mutating func refill() {
        while bitCount <= 56 {
            if position < input.count {
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            } else {
                overrun += 1
            }
            position += 1
            bitCount += 8
        }
    }

    private mutating func bits(_ n: Int) throws -> Int {
        if n == 0 { return 0 }
        if bitCount < n { refill() }
        let value = Int(bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        if position * 8 - bitCount > input.count * 8 { throw InflateError.truncated }
        return value
    }

    private mutating func decode(_ table: HuffmanTable) throws -> Int {
        if bitCount < table.maxLength { refill() }
        let entry = table.entries[Int(bitBuffer & ((1 << UInt64(table.maxLength)) - 1))]
        let length = Int(entry & 15)
        guard length > 0 else { throw InflateError.invalidSymbol }
        bitBuffer >>= UInt64(length)
        bitCount -= length
        if position * 8 - bitCount > input.count * 8 { throw InflateError.truncated }
        return Int(entry >> 4)
    }

    mutating func inflate(into out: inout [UInt8]) throws {
        var final = false
        while !final {
            final = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock(into: &out)
            case 1: try codedBlock(into: &out, literals: Inflater.fixedLiterals, distances: Inflater.fixedDistances)
            case 2:
                let (literals, distances) = try readDynamicTables()
                try codedBlock(into: &out, literals: literals, distances: distances)
            default: throw InflateError.invalidBlockType
            }
        }
        // Give back whole unread bytes so alignedBytePosition is exact.
        let whole = bitCount / 8
        position -= whole
        bitCount -= whole * 8
        bitBuffer = 0
        bitCount = 0
    }

    private mutating func storedBlock(into out: inout [UInt8]) throws {
        // Drop the partial byte, then return unread whole bytes to the input.
        _ = try bits(bitCount % 8)
        position -= bitCount / 8
        bitCount = 0
        bitBuffer = 0
        guard position + 4 <= input.count else { throw InflateError.truncated }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == (~check & 0xFFFF) else { throw InflateError.invalidStoredLength }
        position += 4
        guard position + length <= input.count else { throw InflateError.truncated }
        out.append(contentsOf: input[position..<(position + length)])
        position += length
    }

    private static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                            35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                             3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                              257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                              8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                               7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private static let fixedLiterals: HuffmanTable = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return try! HuffmanTable(lengths: lengths)  // the fixed code is valid by definition
    }()
    private static let fixedDistances: HuffmanTable = try! HuffmanTable(lengths: [Int](repeating: 5, count: 30))

    private mutating func readDynamicTables() throws -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[Inflater.codeLengthOrder[i]] = try bits(3) }
        let codeLengthTable = try HuffmanTable(lengths: codeLengthLengths)
        var lengths: [Int] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengthTable)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw InflateError.invalidCodeLengths }
                let extra = try bits(2)
                lengths.append(contentsOf: repeatElement(previous, count: 3 + extra))
            case 17:
                let extra = try bits(3)
                lengths.append(contentsOf: repeatElement(0, count: 3 + extra))
            default:
                let extra = try bits(7)
                lengths.append(contentsOf: repeatElement(0, count: 11 + extra))
            }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] > 0 else {
            throw InflateError.invalidCodeLengths
        }
        return (try HuffmanTable(lengths: Array(lengths[..<literalCount])),
                try HuffmanTable(lengths: Array(lengths[literalCount...])))
    }

    private mutating func codedBlock(into out: inout [UInt8], literals: HuffmanTable,
                                     distances: HuffmanTable) throws {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let li = symbol - 257
                guard li < 29 else { throw InflateError.invalidSymbol }
                let lengthBits = try bits(Inflater.lengthExtra[li])
                let length = Inflater.lengthBase[li] + lengthBits
                let di = try decode(distances)
                guard di < 30 else { throw InflateError.invalidSymbol }
                let distanceBits = try bits(Inflater.distanceExtra[di])
                let distance = Inflater.distanceBase[di] + distanceBits
                guard distance <= out.count else { throw InflateError.distanceTooFar }
                // Byte by byte: the source may overlap what is being written (distance < length),
                // and appending a slice of `out` to itself would copy the whole array.
                let from = out.count - distance
                for i in 0..<length { out.append(out[from + i]) }
            }
        }
    }
}

/// CRC-32 (IEEE 802.3, as in gzip and PNG).
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ bytes: UnsafeBufferPointer<UInt8>, initial: UInt32 = 0) -> UInt32 {
        var c = ~initial
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        return ~c
    }

    public static func checksum(_ bytes: [UInt8], initial: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { checksum($0, initial: initial) }
    }
}

/// The uncompressed ("stored") DEFLATE encoding inside a zlib wrapper: what a PNG needs when
/// size does not matter much and simplicity does.
public enum Deflate {
    /// Adler-32, zlib's checksum: two running sums modulo 65521.
    public static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    public static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let length = min(65535, data.count - start)
            let final: UInt8 = start + length >= data.count ? 1 : 0
            out.append(final)
            out.append(UInt8(length & 0xFF)); out.append(UInt8(length >> 8))
            out.append(UInt8(~length & 0xFF)); out.append(UInt8((~length >> 8) & 0xFF))
            out.append(contentsOf: data[start..<(start + length)])
            start += length
        } while start < data.count
        let adler = adler32(data)
        out.append(contentsOf: [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)])
        return out
    }
}
