// CSV reading (RFC 4180): quoted fields with "" escapes and embedded newlines, a header row
// detected automatically (or forced), numeric and categorical columns, and errors that give the
// file and line number. Delimiter: comma by default; tab, semicolon or whitespace when asked
// (or detected from the first line).

import Foundation

public struct CSVTable: Sendable {
    public var path: String
    public var header: [String]
    public var hasHeader: Bool
    public var rows: [[String]]
    /// The 1-based line on which each row starts (for error messages).
    public var lineNumbers: [Int]

    public var columnCount: Int { header.count }

    public func columnIndex(_ name: String) throws -> Int {
        if let i = header.firstIndex(of: name) { return i }
        if let i = Int(name), i >= 0, i < columnCount, !hasHeader { return i }
        throw DataFileError.malformed(path: path, reason: "no column '\(name)' (columns: \(header.joined(separator: ", ")))")
    }

    /// True when every non-empty value in the column is written as a number. NaN, "inf" and
    /// "1e999999" count here (the column is numeric), so reading it reports them, instead of the
    /// column quietly becoming categories.
    public func isNumeric(column: Int) -> Bool {
        rows.allSatisfy { $0[column].isEmpty || CSV.looksNumeric($0[column]) }
    }

    /// A numeric column; an empty or non-numeric cell is an error naming its line.
    public func numericColumn(_ column: Int) throws -> [Double] {
        try rows.indices.map { r in
            guard let v = CSV.number(rows[r][column]) else {
                let cell = rows[r][column]
                throw DataFileError.malformed(path: path, reason: "line \(lineNumbers[r]): column '\(header[column])' value '\(cell)' \(CSV.whyNotNumber(cell))")
            }
            return v
        }
    }

    /// The given columns (default: all) as a row-major matrix of Doubles.
    public func numericMatrix(columns: [Int]? = nil) throws -> (rows: Int, columns: Int, values: [Double]) {
        let chosen = columns ?? Array(0..<columnCount)
        var values = [Double]()
        values.reserveCapacity(rows.count * chosen.count)
        for (r, row) in rows.enumerated() {
            for c in chosen {
                guard let v = CSV.number(row[c]) else {
                    throw DataFileError.malformed(path: path, reason: "line \(lineNumbers[r]): column '\(header[c])' value '\(row[c])' \(CSV.whyNotNumber(row[c]))")
                }
                values.append(v)
            }
        }
        return (rows.count, chosen.count, values)
    }

    /// The first cell of a column that is mostly numbers but not entirely: (line, value). A column
    /// with as many numbers as text cells is treated as numeric with a bad cell, not as categories.
    public func strayText(column: Int) -> (line: Int, value: String)? {
        var numbers = 0
        var first: (Int, String)?
        var texts = 0
        for (r, row) in rows.enumerated() {
            if CSV.number(row[column]) != nil { numbers += 1 } else if !row[column].isEmpty {
                texts += 1
                if first == nil { first = (lineNumbers[r], row[column]) }
            }
        }
        guard numbers > 0, numbers >= texts, let first else { return nil }
        return first
    }

    /// A categorical column as integer codes, categories in order of first appearance.
    public func categoricalColumn(_ column: Int) -> (codes: [Int], categories: [String]) {
        var categories: [String] = []
        var lookup: [String: Int] = [:]
        let codes = rows.map { row -> Int in
            if let code = lookup[row[column]] { return code }
            lookup[row[column]] = categories.count
            categories.append(row[column])
            return categories.count - 1
        }
        return (codes, categories)
    }
}

public enum CSV {
    /// Parses a finite number ("1", "-2.5e3"). "nan", "inf" and values beyond Double's range such
    /// as "1e999999" (which Swift's Double(_:) turns into infinity) are not numbers here: no week
    /// gives them a meaning, and a solver fed one would spin or answer nonsense.
    public static func number(_ field: String) -> Double? {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let v = Double(trimmed), v.isFinite else { return nil }
        return v
    }

    /// True when Swift's Double(_:) reads the field, finite or not (used to tell numbers from text).
    public static func looksNumeric(_ field: String) -> Bool {
        Double(field.trimmingCharacters(in: .whitespaces)) != nil
    }

    /// Why `cell` is not a number, for an error message.
    public static func whyNotNumber(_ cell: String) -> String {
        let trimmed = cell.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "is empty" }
        if let v = Double(trimmed) {
            return v.isNaN ? "is NaN (not accepted)" : "is infinite or beyond Double's range (not accepted)"
        }
        return "is not a number"
    }

    /// Reads a CSV file (gzip allowed). `hasHeader` nil means detect.
    public static func read(_ url: URL, delimiter: Character? = nil, hasHeader: Bool? = nil) throws -> CSVTable {
        let text = try FileIO.readText(url)
        return try parse(text, path: url.path, delimiter: delimiter, hasHeader: hasHeader)
    }

    public static func parse(_ text: String, path: String = "<text>", delimiter: Character? = nil,
                             hasHeader: Bool? = nil) throws -> CSVTable {
        let chars = Array(text.unicodeScalars)
        let sep = delimiter.map { $0.unicodeScalars.first! } ?? detectDelimiter(chars)
        let whitespace = sep == " "
        var records: [[String]] = []
        var lines: [Int] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var wasQuoted = false
        var line = 1
        var recordLine = 1
        var i = 0
        func endField() {
            record.append(wasQuoted ? String(field) : String(field).trimmingCharacters(in: .whitespaces))
            field = String.UnicodeScalarView()
            wasQuoted = false
        }
        func endRecord() {
            if !(record.count == 1 && record[0].isEmpty) {  // skip blank lines
                records.append(record)
                lines.append(recordLine)
            }
            record = []
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && String(field).trimmingCharacters(in: .whitespaces).isEmpty {
                inQuotes = true
                wasQuoted = true
                field = String.UnicodeScalarView()
            } else if whitespace && (c == " " || c == "\t") {
                if !field.isEmpty || wasQuoted { endField() }
            } else if c == sep {
                endField()
            } else if c == "\n" || c == "\r" {
                if c == "\r" && i + 1 < chars.count && chars[i + 1] == "\n" { i += 1 }
                if !field.isEmpty || wasQuoted || !record.isEmpty || !whitespace { endField() }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes {
            throw DataFileError.malformed(path: path, reason: "line \(recordLine): quoted field is never closed")
        }
        if !field.isEmpty || wasQuoted || !record.isEmpty { endField(); endRecord() }
        guard let first = records.first else { throw DataFileError.malformed(path: path, reason: "no rows") }
        for (r, rec) in records.enumerated() where rec.count != first.count {
            throw DataFileError.malformed(path: path, reason: "line \(lines[r]): \(rec.count) fields, expected \(first.count) as on line \(lines[0])")
        }
        let header = hasHeader ?? detectHeader(records)
        let names = header ? first : (0..<first.count).map { "column\($0)" }
        let body = header ? Array(records.dropFirst()) : records
        let bodyLines = header ? Array(lines.dropFirst()) : lines
        return CSVTable(path: path, header: names, hasHeader: header, rows: body, lineNumbers: bodyLines)
    }

    /// The delimiter of the first line: the most frequent of , ; tab (comma by default).
    static func detectDelimiter(_ chars: [Unicode.Scalar]) -> Unicode.Scalar {
        let firstLine = chars.prefix { $0 != "\n" }
        let candidates: [Unicode.Scalar] = [",", ";", "\t"]
        let counts = candidates.map { c in firstLine.filter { $0 == c }.count }
        guard let best = counts.max(), best > 0 else { return "," }
        return candidates[counts.firstIndex(of: best)!]
    }

    /// A first row is a header when some column is numeric below it but not in it, or when every
    /// column is text and the first row's values never reappear below.
    static func detectHeader(_ records: [[String]]) -> Bool {
        guard records.count >= 2 else { return records.first.map { $0.allSatisfy { !looksNumeric($0) } } ?? false }
        let first = records[0]
        let body = records.dropFirst()
        var anyNumericColumn = false
        for c in first.indices {
            let bodyNumeric = body.allSatisfy { $0[c].isEmpty || looksNumeric($0[c]) }
            if bodyNumeric { anyNumericColumn = true }
            if bodyNumeric && !first[c].isEmpty && !looksNumeric(first[c]) { return true }
        }
        if anyNumericColumn { return false }
        return first.indices.allSatisfy { c in !body.contains { $0[c] == first[c] } }
    }
}
