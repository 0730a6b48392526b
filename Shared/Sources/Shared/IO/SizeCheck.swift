// Size arithmetic for readers that take counts, shapes and offsets from a file: every product and
// sum is overflow-checked, and a claimed size is compared with the bytes really left before any
// allocation, so a lying header gives a `DataFileError` naming the file, the field and the value
// instead of a trap or a multi-gigabyte allocation.
//
// Not here: the format-specific checks (each reader states its own limits).

public enum SizeCheck {
    /// The number of elements of `shape`, or nil when a dimension is negative or the product overflows.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for n in shape {
            guard n >= 0 else { return nil }
            let (p, overflow) = count.multipliedReportingOverflow(by: n)
            if overflow { return nil }
            count = p
        }
        return count
    }

    /// a · b, or nil on overflow.
    public static func product(_ a: Int, _ b: Int) -> Int? {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : p
    }

    /// a + b, or nil on overflow.
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : s
    }

    /// The bytes `shape` of `elementSize`-byte elements need, or a `DataFileError` naming `field`.
    public static func byteCount(_ shape: [Int], elementSize: Int, path: String, field: String) throws -> Int {
        guard let count = elementCount(shape), let bytes = product(count, elementSize) else {
            throw DataFileError.badField(path: path, field: field, value: "\(shape)", expected: "dimensions ≥ 0 whose product fits in memory")
        }
        return bytes
    }

    /// `value` as an Int in 0...limit (a count or offset read as a wider or signed integer).
    public static func count<I: BinaryInteger>(_ value: I, limit: Int, path: String, field: String) throws -> Int {
        guard value >= 0, let n = Int(exactly: value), n <= limit else {
            throw DataFileError.badField(path: path, field: field, value: "\(value)", expected: "0…\(limit)")
        }
        return n
    }
}

extension DataFileError {
    /// A header field with a value the reader refuses: "<path>: malformed: field 'shape' = …".
    public static func badField(path: String, field: String, value: String, expected: String) -> DataFileError {
        .malformed(path: path, reason: "\(field) = \(value), expected \(expected)")
    }
}
