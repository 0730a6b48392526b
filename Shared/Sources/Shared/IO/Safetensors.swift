// safetensors: the weights format of Hugging Face models.
//
//   UInt64 LE n | n bytes of JSON header | data bytes
//   header: {"name": {"dtype": "F32", "shape": [384, 384], "data_offsets": [begin, end]}, …,
//            "__metadata__": {"key": "value"}}   (offsets relative to the start of the data)
// Everything is validated before use: header length within the file, JSON well-formed, dtype
// known, offsets in range and ordered, and (end − begin) = dtype size × number of elements.
// Tensors are returned as Float32 (F16/BF16/F64 converted); integer tensors as [Int].

import Foundation

public struct SafetensorsEntry: Equatable, Sendable {
    public var dtype: String
    public var shape: [Int]
    public var byteRange: Range<Int>
}

public struct SafetensorsFile: Sendable {
    public let path: String
    public let entries: [String: SafetensorsEntry]
    public let metadata: [String: String]
    let data: [UInt8]
    let dataStart: Int

    public var names: [String] { entries.keys.sorted() }

    public static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
    ]

    /// The tensor `name` as Float32.
    public func tensor(_ name: String) throws -> Tensor {
        guard let entry = entries[name] else {
            throw DataFileError.malformed(path: path, reason: "no tensor named '\(name)'")
        }
        let count = entry.byteRange.count / (SafetensorsFile.elementSizes[entry.dtype] ?? 1)
        var out = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            guard count > 0, let start = raw.baseAddress else { return }
            let base = start + dataStart + entry.byteRange.lowerBound
            switch entry.dtype {
            case "F32": for i in 0..<count { out[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
            case "F64": for i in 0..<count { out[i] = Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
            case "F16": for i in 0..<count { out[i] = Float16Bits.toFloat(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
            case "BF16": for i in 0..<count { out[i] = Float16Bits.bfloat16ToFloat(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
            default: for (i, v) in intValues(entry, base).enumerated() { out[i] = Float(v) }
            }
        }
        if let i = out.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError.malformed(path: path, reason: "tensor '\(name)' element \(i) is \(out[i]); NaN and infinity are not accepted")
        }
        return Tensor(unchecked: entry.shape, storage: out)
    }

    /// An integer tensor (I8…I64, U8, BOOL) as [Int].
    public func ints(_ name: String) throws -> [Int] {
        guard let entry = entries[name] else {
            throw DataFileError.malformed(path: path, reason: "no tensor named '\(name)'")
        }
        guard !entry.byteRange.isEmpty else { return [] }
        return data.withUnsafeBytes { raw in
            guard let start = raw.baseAddress else { return [] }
            return intValues(entry, start + dataStart + entry.byteRange.lowerBound)
        }
    }

    private func intValues(_ entry: SafetensorsEntry, _ base: UnsafeRawPointer) -> [Int] {
        let count = entry.byteRange.count / (SafetensorsFile.elementSizes[entry.dtype] ?? 1)
        switch entry.dtype {
        case "I64": return (0..<count).map { Int(Int64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
        case "I32": return (0..<count).map { Int(Int32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))) }
        case "I16": return (0..<count).map { Int(Int16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * $0, as: Int16.self))) }
        case "I8": return (0..<count).map { Int(base.load(fromByteOffset: $0, as: Int8.self)) }
        default: return (0..<count).map { Int(base.load(fromByteOffset: $0, as: UInt8.self)) }
        }
    }
}

public enum Safetensors {
    public static func read(_ url: URL) throws -> SafetensorsFile {
        try parse(try FileIO.readBytes(url), path: url.path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws -> SafetensorsFile {
        func bad(_ reason: String) -> DataFileError { .malformed(path: path, reason: reason) }
        guard bytes.count >= 8 else { throw bad("shorter than the 8-byte header length") }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << UInt64(8 * i) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw bad("header length \(headerLength) exceeds the file size \(bytes.count)")
        }
        let dataStart = 8 + Int(headerLength)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw bad("header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw bad("header is not a JSON object") }
        let dataLength = bytes.count - dataStart
        var entries: [String: SafetensorsEntry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let dict = value as? [String: Any] else { throw bad("__metadata__ is not an object") }
                for (k, v) in dict {
                    guard let s = v as? String else { throw bad("__metadata__ value for '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any],
                  let dtype = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any],
                  let offsetValues = info["data_offsets"] as? [Any], offsetValues.count == 2 else {
                throw bad("tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let size = SafetensorsFile.elementSizes[dtype] else { throw bad("tensor '\(name)' has unknown dtype \(dtype)") }
            let shape = try shapeValues.map { v -> Int in
                guard let n = JSONText.exactInt(v), n >= 0 else {
                    throw DataFileError.badField(path: path, field: "tensor '\(name)' shape", value: "\(shapeValues)", expected: "whole numbers ≥ 0")
                }
                return n
            }
            guard let begin = JSONText.exactInt(offsetValues[0]), let end = JSONText.exactInt(offsetValues[1]),
                  begin >= 0, begin <= end, end <= dataLength else {
                throw bad("tensor '\(name)' has data_offsets \(offsetValues) outside the \(dataLength) data bytes")
            }
            let expected = try SizeCheck.byteCount(shape, elementSize: size, path: path, field: "tensor '\(name)' shape")
            guard end - begin == expected else {
                throw bad("tensor '\(name)': \(dtype) \(shape) needs \(expected) bytes, offsets give \(end - begin)")
            }
            entries[name] = SafetensorsEntry(dtype: dtype, shape: shape, byteRange: begin..<end)
        }
        return SafetensorsFile(path: path, entries: entries, metadata: metadata, data: bytes, dataStart: dataStart)
    }

    /// Writes Float32 tensors (sorted by name) with optional string metadata, atomically.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        var header: [String] = []
        if !metadata.isEmpty {
            let items = metadata.keys.sorted().map { "\(JSONText.quote($0)):\(JSONText.quote(metadata[$0]!))" }
            header.append("\"__metadata__\":{\(items.joined(separator: ","))}")
        }
        var offset = 0
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            let shape = t.shape.map(String.init).joined(separator: ",")
            header.append("\(JSONText.quote(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + 4 * t.count)]}")
            offset += 4 * t.count
        }
        var headerBytes = Array("{\(header.joined(separator: ","))}".utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }  // pad so data is 8-byte aligned
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        let n = UInt64(headerBytes.count)
        for i in 0..<8 { bytes.append(UInt8((n >> UInt64(8 * i)) & 0xFF)) }
        bytes.append(contentsOf: headerBytes)
        for name in tensors.keys.sorted() {
            tensors[name]!.storage.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        try AtomicFile.write(bytes, to: url)
    }
}
