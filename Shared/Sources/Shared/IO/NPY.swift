// NPY: numpy's array file format (versions 1.0, 2.0 and 3.0).
//
//   "\x93NUMPY" major minor, header length (UInt16 LE in 1.0, UInt32 LE after), then a Python dict
//   literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded with spaces
//   to a multiple of 64 bytes, then the raw elements.
// Reads floats, signed/unsigned ints and bools of either byte order, in C or Fortran order
// (Fortran-order data is reordered to C order). Writes little-endian, C order.

import Foundation

public struct NPYHeader: Equatable {
    public var descr: String
    public var fortranOrder: Bool
    public var shape: [Int]
}

public enum NPY {
    /// Reads an array as Float32 (a tensor).
    public static func readTensor(_ url: URL) throws -> Tensor {
        let (shape, values) = try read(url, as: Float.self) { Float($0) }
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError.malformed(path: url.path, reason: "element \(elementIndex(i, shape: shape, fortran: false)) does not fit in Float32")
        }
        return Tensor(unchecked: shape, storage: values)
    }

    /// Reads an array as Float64 with its shape.
    public static func readDoubles(_ url: URL) throws -> (shape: [Int], values: [Double]) {
        try read(url, as: Double.self) { $0 }
    }

    /// Reads an integer array (floats with a fractional part are rejected).
    public static func readInts(_ url: URL) throws -> (shape: [Int], values: [Int]) {
        let (shape, values) = try readDoubles(url)
        var ints: [Int] = []
        ints.reserveCapacity(values.count)
        for v in values {
            guard v.rounded() == v, abs(v) < 9.0e15 else {
                throw DataFileError.malformed(path: url.path, reason: "expected integers, found \(v)")
            }
            ints.append(Int(v))
        }
        return (shape, ints)
    }

    public static func writeDoubles(_ values: [Double], shape: [Int], to url: URL) throws {
        precondition(shape.reduce(1, *) == values.count, "NPY.writeDoubles: shape \(shape) does not hold \(values.count) values")
        var bytes = header(descr: "<f8", shape: shape)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        try AtomicFile.write(bytes, to: url)
    }

    public static func write(_ tensor: Tensor, to url: URL) throws {
        var bytes = header(descr: "<f4", shape: tensor.shape)
        tensor.storage.withUnsafeBytes { bytes.append(contentsOf: $0) }
        try AtomicFile.write(bytes, to: url)
    }

    public static func writeInts(_ values: [Int], shape: [Int], to url: URL) throws {
        precondition(shape.reduce(1, *) == values.count, "NPY.writeInts: shape mismatch")
        var bytes = header(descr: "<i8", shape: shape)
        values.map { Int64($0) }.withUnsafeBytes { bytes.append(contentsOf: $0) }
        try AtomicFile.write(bytes, to: url)
    }

    /// The version 1.0 header for `descr` and `shape`, padded to a multiple of 64 bytes.
    static func header(descr: String, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = dict.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
    }

    /// Parses the header; returns it with the offset of the first data byte.
    public static func parseHeader(_ bytes: [UInt8], path: String) throws -> (NPYHeader, Int) {
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw DataFileError.malformed(path: path, reason: "not an .npy file (missing \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let length: Int
        let start: Int
        switch major {
        case 1:
            length = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw DataFileError.malformed(path: path, reason: "header truncated") }
            length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        default:
            throw DataFileError.unsupported(path: path, reason: "NPY format version \(major)")
        }
        guard start + length <= bytes.count,
              let text = String(bytes: bytes[start..<(start + length)], encoding: .utf8) else {
            throw DataFileError.malformed(path: path, reason: "header truncated or not text")
        }
        return (try parseDictionary(text, path: path), start + length)
    }

    static func parseDictionary(_ text: String, path: String) throws -> NPYHeader {
        func value(after key: String) throws -> Substring {
            guard let range = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\"") else {
                throw DataFileError.malformed(path: path, reason: "header has no '\(key)'")
            }
            var rest = text[range.upperBound...].drop(while: { $0 == " " })
            guard rest.first == ":" else { throw DataFileError.malformed(path: path, reason: "header: no ':' after '\(key)'") }
            rest = rest.dropFirst().drop(while: { $0 == " " })
            return rest
        }
        let descrRest = try value(after: "descr")
        guard let quote = descrRest.first, quote == "'" || quote == "\"",
              let close = descrRest.dropFirst().firstIndex(of: quote) else {
            throw DataFileError.unsupported(path: path, reason: "structured dtypes are not supported")
        }
        let descr = String(descrRest[descrRest.index(after: descrRest.startIndex)..<close])
        let fortranRest = try value(after: "fortran_order")
        let fortran: Bool
        if fortranRest.hasPrefix("True") { fortran = true } else if fortranRest.hasPrefix("False") { fortran = false } else {
            throw DataFileError.malformed(path: path, reason: "fortran_order is neither True nor False")
        }
        let shapeRest = try value(after: "shape")
        guard shapeRest.first == "(", let end = shapeRest.firstIndex(of: ")") else {
            throw DataFileError.malformed(path: path, reason: "shape is not a tuple")
        }
        let inner = shapeRest[shapeRest.index(after: shapeRest.startIndex)..<end]
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
            if trimmed.isEmpty { continue }
            guard let n = Int(trimmed), n >= 0 else {
                throw DataFileError.malformed(path: path, reason: "shape entry '\(trimmed)' is not a size")
            }
            shape.append(n)
        }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    /// Decodes the elements of a file into `T` through Double.
    static func read<T>(_ url: URL, as type: T.Type, convert: (Double) -> T) throws -> ([Int], [T]) {
        try decode(try FileIO.readBytes(url), path: url.path, as: type, convert: convert)
    }

    /// Decodes the bytes of an .npy file. Sizes come from the header and are checked against the
    /// bytes present before anything is allocated; NaN and ±Inf elements are refused (no week
    /// reads an array in which they could mean anything), naming the element's index.
    public static func decode<T>(_ bytes: [UInt8], path: String, as _: T.Type, convert: (Double) -> T) throws -> ([Int], [T]) {
        let (header, offset) = try parseHeader(bytes, path: path)
        var descr = Substring(header.descr)
        let order = descr.first.map { "<>|=".contains($0) } == true ? descr.removeFirst() : "="
        guard let kind = descr.first, let size = Int(descr.dropFirst()), NPY.knownDtypes.contains("\(kind)\(size)") else {
            throw DataFileError.unsupported(path: path, reason: "dtype '\(header.descr)'")
        }
        let bigEndian = order == ">"
        let needed = try SizeCheck.byteCount(header.shape, elementSize: size, path: path, field: "shape")
        let count = needed / size
        guard bytes.count - offset == needed else {
            throw DataFileError.malformed(path: path, reason: "shape \(header.shape) of \(header.descr) needs \(needed) data bytes, file has \(bytes.count - offset)")
        }
        var values = [T]()
        values.reserveCapacity(count)
        var firstNonFinite: (index: Int, value: Double)?
        func add(_ v: Double, _ i: Int) {
            if !v.isFinite && firstNonFinite == nil { firstNonFinite = (i, v) }
            values.append(convert(v))
        }
        try bytes.withUnsafeBytes { raw in
            guard let start = raw.baseAddress, count > 0 else { return }
            let base = start + offset
            func word<W: FixedWidthInteger>(_: W.Type, _ i: Int) -> W {
                let w = base.loadUnaligned(fromByteOffset: i * size, as: W.self)
                return bigEndian ? W(bigEndian: w) : W(littleEndian: w)
            }
            switch (kind, size) {
            case ("f", 4): for i in 0..<count { add(Double(Float(bitPattern: word(UInt32.self, i))), i) }
            case ("f", 8): for i in 0..<count { add(Double(bitPattern: word(UInt64.self, i)), i) }
            case ("f", 2): for i in 0..<count { add(Double(Float(Float16Bits.toFloat(word(UInt16.self, i)))), i) }
            case ("i", 1): for i in 0..<count { values.append(convert(Double(Int8(bitPattern: word(UInt8.self, i))))) }
            case ("i", 2): for i in 0..<count { values.append(convert(Double(Int16(bitPattern: word(UInt16.self, i))))) }
            case ("i", 4): for i in 0..<count { values.append(convert(Double(Int32(bitPattern: word(UInt32.self, i))))) }
            case ("i", 8): for i in 0..<count { values.append(convert(Double(Int64(bitPattern: word(UInt64.self, i))))) }
            case ("u", 1), ("b", 1): for i in 0..<count { values.append(convert(Double(word(UInt8.self, i)))) }
            case ("u", 2): for i in 0..<count { values.append(convert(Double(word(UInt16.self, i)))) }
            case ("u", 4): for i in 0..<count { values.append(convert(Double(word(UInt32.self, i)))) }
            case ("u", 8): for i in 0..<count { values.append(convert(Double(word(UInt64.self, i)))) }
            default: throw DataFileError.unsupported(path: path, reason: "dtype '\(header.descr)'")
            }
        }
        if let bad = firstNonFinite {
            throw DataFileError.malformed(path: path, reason: "element \(elementIndex(bad.index, shape: header.shape, fortran: header.fortranOrder)) is \(bad.value); NaN and infinity are not accepted")
        }
        if header.fortranOrder && header.shape.count > 1 {
            values = reorderFortranToC(values, shape: header.shape)
        }
        return (header.shape, values)
    }

    static let knownDtypes: Set<String> = ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]

    /// The multi-index "[i, j, …]" of the flat position `flat` in storage order.
    static func elementIndex(_ flat: Int, shape: [Int], fortran: Bool) -> String {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        let axes = fortran ? Array(shape.indices) : shape.indices.reversed()
        for axis in axes where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "[" + index.map(String.init).joined(separator: ", ") + "]"
    }

    /// Element at C-order index i comes from the Fortran-order position with reversed strides.
    static func reorderFortranToC<T>(_ values: [T], shape: [Int]) -> [T] {
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        var out: [T] = []
        out.reserveCapacity(values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<values.count {
            var source = 0
            for axis in 0..<shape.count { source += index[axis] * fortranStrides[axis] }
            out.append(values[source])
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}

/// IEEE half and bfloat16 conversions (used by NPY and safetensors).
public enum Float16Bits {
    public static func toFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa · 2^-24.
            let magnitude = Float(mantissa) * Float(bitPattern: 0x3380_0000)  // 2^-24
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | mantissa << 13)
    }

    /// Float → half with round-to-nearest-even (overflow → ±inf).
    public static func fromFloat(_ f: Float) -> UInt16 {
        let bits = f.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        if f.isNaN { return sign | 0x7E00 }
        let magnitude = abs(f)
        if magnitude >= 65520 { return sign | 0x7C00 }
        if magnitude < Float(bitPattern: 0x3880_0000) {  // below 2^-14: subnormal half
            let scaled = (magnitude * 16_777_216).rounded(.toNearestOrEven)  // / 2^-24
            return sign | UInt16(scaled)
        }
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        var mantissa = (bits & 0x7F_FFFF) >> 13
        let remainder = bits & 0x1FFF
        var result = UInt32(exponent) << 10 | mantissa
        if remainder > 0x1000 || (remainder == 0x1000 && mantissa & 1 == 1) {
            result += 1
            mantissa += 1
        }
        return sign | UInt16(result)
    }

    public static func bfloat16ToFloat(_ b: UInt16) -> Float { Float(bitPattern: UInt32(b) << 16) }
}
