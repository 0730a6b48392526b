// The one error type every file reader throws: it names the file and says what is wrong with it,
// so a user who points a week at a broken file reads one line and knows what to fix.

import Foundation

public enum DataFileError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case unsupported(path: String, reason: String)

    /// One line: control characters that came from the file (a newline inside a quoted CSV cell,
    /// NUL bytes in a damaged header) are shown escaped, so the message never spans lines.
    public var description: String {
        let text: String
        switch self {
        case let .missing(path): text = "\(path): file not found"
        case let .unreadable(path, reason): text = "\(path): cannot read: \(reason)"
        case let .malformed(path, reason): text = "\(path): malformed: \(reason)"
        case let .unsupported(path, reason): text = "\(path): unsupported: \(reason)"
        }
        return DataFileError.oneLine(text)
    }

    /// `text` with control characters written as \n, \r, \t or \u{…}.
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x7F: out += "\\u{\(String(c.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

public enum FileIO {
    /// All bytes of a file, with a typed error when it is missing or unreadable.
    public static func readBytes(_ url: URL) throws -> [UInt8] {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataFileError.missing(path: path)
        }
        if isDirectory.boolValue { throw DataFileError.unreadable(path: path, reason: "is a directory") }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw DataFileError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// Bytes of a file, transparently gunzipped when it is gzip-compressed.
    public static func readMaybeGzipped(_ url: URL) throws -> [UInt8] {
        let bytes = try readBytes(url)
        guard Gzip.isGzip(bytes) else { return bytes }
        do {
            return try Gzip.decompress(bytes)
        } catch let error as InflateError {
            throw DataFileError.malformed(path: url.path, reason: "gzip: \(error)")
        }
    }

    /// Text of a file (UTF-8, gunzipped when needed).
    public static func readText(_ url: URL) throws -> String {
        let bytes = try readMaybeGzipped(url)
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw DataFileError.malformed(path: url.path, reason: "not valid UTF-8 text")
        }
        return text
    }
}
