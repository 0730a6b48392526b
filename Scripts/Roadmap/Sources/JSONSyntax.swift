// A small JSON syntax checker that says *where* a document goes wrong. Foundation's parser on
// Linux only says "invalid value around character N", if anything; a learner with a hand-edited
// Progress.json wants "line 7, column 12: expected ',' or '}'". This checks RFC 8259 syntax only;
// decoding into a LearnerProgress is JSONDecoder's job once the syntax is known to be right.

public struct JSONSyntaxError: Error, Equatable, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
}

public enum JSONSyntax {
    public static func check(_ bytes: [UInt8]) throws(JSONSyntaxError) {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        try scanner.value(depth: 0)
        scanner.skipWhitespace()
        if scanner.index < bytes.count { throw scanner.error("unexpected text after the end of the document") }
    }

    /// Line and column (1-based, columns in bytes) of a byte offset.
    public static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func error(_ message: String) -> JSONSyntaxError {
        let (line, column) = JSONSyntax.position(of: index, in: bytes)
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    mutating func expect(_ character: Character, _ context: String) throws(JSONSyntaxError) {
        guard current == character.asciiValue else { throw error("expected '\(character)' \(context)") }
        index += 1
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) {
        guard depth < 512 else { throw error("nesting too deep") }
        guard let byte = current else { throw error("unexpected end of file; expected a value") }
        switch byte {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw error("expected a value (object, array, string, number, true, false or null)")
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a \"key\" in the object") }
            try string()
            skipWhitespace()
            try expect(":", "after the key")
            skipWhitespace()
            try value(depth: depth + 1)
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            try expect("}", "or ',' in the object")
            return
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) {
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; return }
        while true {
            skipWhitespace()
            try value(depth: depth + 1)
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            try expect("]", "or ',' in the array")
            return
        }
    }

    mutating func string() throws(JSONSyntaxError) {
        index += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = current else { break }
                if escaped == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        index += 1
                        guard let hex = current, hex.isHexDigit else { throw error("bad \\u escape in a string") }
                    }
                } else if !Array("\"\\/bfnrt".utf8).contains(escaped) {
                    throw error("bad escape in a string")
                }
                index += 1
            case 0..<0x20:
                throw error("control character in a string (write \\n, \\t, …)")
            default:
                index += 1
            }
        }
        throw error("unterminated string")
    }

    mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for expected in word.utf8 {
            guard current == expected else { throw error("expected '\(word)'") }
            index += 1
        }
    }

    mutating func number() throws(JSONSyntaxError) {
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first.isDigit else { throw error("expected a digit") }
        index += 1
        if first != UInt8(ascii: "0") { digits() }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let byte = current, byte.isDigit else { throw error("expected a digit after '.'") }
            digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, byte.isDigit else { throw error("expected a digit in the exponent") }
            digits()
        }
    }

    mutating func digits() {
        while let byte = current, byte.isDigit { index += 1 }
    }
}

private extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isHexDigit: Bool {
        isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
