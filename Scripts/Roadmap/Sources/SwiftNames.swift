// What a Swift file names, as far as the fingerprint needs it (Fingerprint.swift): the identifiers
// it mentions, the names it declares where other files can see them, and the modules it imports.
// A byte scanner, not a parser — it only has to be right about words:
//
//   identifiers  every identifier token outside comments; inside string literals only those of
//                interpolations ("\(tensor.shape)" mentions `tensor` and `shape`, "the shape" none)
//   declared     the name after struct/class/enum/protocol/actor/typealias/associatedtype/func/
//                var/let/case at file level or inside a type or extension body, at any nesting —
//                never inside a function, accessor or closure body (locals are not visible to
//                other files). An extension that adds conformances (`extension Tensor: P`) or
//                holds an operator (`static func + (…)`) also declares its type's name: both are
//                used without spelling their own name.
//   imports      the module of each `import` line
//
// It does not resolve anything: a week that says `shape` "mentions" every Shared `shape`. That is
// the over-approximation the fingerprint accepts.

struct SwiftNames: Equatable, Sendable {
    var identifiers: Set<String> = []
    var declared: Set<String> = []
    var imports: Set<String> = []

    static let typeKeywords: Set<String> = ["struct", "class", "enum", "protocol", "actor", "extension"]
    static let declarationKeywords: Set<String> = typeKeywords.union(
        ["typealias", "associatedtype", "func", "var", "let", "case", "init", "subscript", "deinit"])

    static func scan(_ text: String) -> SwiftNames {
        scan(Array(text.utf8))
    }

    static func scan(_ bytes: [UInt8]) -> SwiftNames {
        var lexer = SwiftLexer(bytes: bytes)
        var names = SwiftNames()
        var tokens: [SwiftToken] = []
        while let token = lexer.next() { tokens.append(token) }
        names.identifiers = lexer.interpolated
        for case .word(let word) in tokens { names.identifiers.insert(word) }
        names.collectDeclarations(tokens)
        return names
    }

    /// Walks the code tokens keeping a stack of open braces: a brace opened after a type keyword
    /// is a type body (its declarations count), any other brace is code (they do not).
    mutating func collectDeclarations(_ tokens: [SwiftToken]) {
        var braces: [(isType: Bool, typeName: String?)] = []
        var codeDepth = 0
        var lastKeyword: String?
        var pendingType: String?        // the name after the last type keyword, until its `{`
        var pendingConforms = false     // a ':' came between that name and the `{`
        var caseList = false            // after `case` on this line: each name after ',' is a case too
        var parenDepth = 0
        var index = 0
        func name(at position: Int) -> String? {
            guard position < tokens.count, case .word(let word) = tokens[position] else { return nil }
            return word
        }
        while index < tokens.count {
            defer { index += 1 }
            switch tokens[index] {
            case .newline:
                caseList = false
            case .punctuation(let byte):
                switch byte {
                case UInt8(ascii: "{"):
                    let isType = lastKeyword.map(Self.typeKeywords.contains) == true
                    if isType, lastKeyword == "extension", pendingConforms, let name = pendingType, codeDepth == 0 {
                        declared.insert(name)
                    }
                    braces.append((isType && codeDepth == 0, isType ? pendingType : nil))
                    if !(isType && codeDepth == 0) { codeDepth += 1 }
                    lastKeyword = nil
                    pendingType = nil
                    pendingConforms = false
                    caseList = false
                case UInt8(ascii: "}"):
                    if let last = braces.popLast(), !last.isType { codeDepth -= 1 }
                    lastKeyword = nil
                    caseList = false
                case UInt8(ascii: "("), UInt8(ascii: "["):
                    parenDepth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"):
                    parenDepth = max(parenDepth - 1, 0)
                case UInt8(ascii: ":"):
                    if pendingType != nil && parenDepth == 0 { pendingConforms = true }
                case UInt8(ascii: ","):
                    if caseList, parenDepth == 0, codeDepth == 0, let name = name(at: index + 1) { declared.insert(name) }
                default:
                    break
                }
            case .word(let word):
                if word == "import", codeDepth == 0, let module = name(at: index + 1) {
                    imports.insert(module)
                    continue
                }
                guard Self.declarationKeywords.contains(word) else { continue }
                // `class func`, `class var`: the second keyword is the declaration.
                if let next = name(at: index + 1), Self.declarationKeywords.contains(next) { continue }
                lastKeyword = word
                guard codeDepth == 0 else { continue }
                if Self.typeKeywords.contains(word) {
                    pendingType = name(at: index + 1)
                    pendingConforms = false
                    if word != "extension", let name = pendingType { declared.insert(name) }
                } else if let name = name(at: index + 1) {
                    if !["init", "subscript", "deinit"].contains(word) { declared.insert(name) }
                    caseList = word == "case"
                } else if word == "func", let owner = braces.last(where: \.isType)?.typeName {
                    declared.insert(owner)   // an operator: `static func + (a: Tensor, …)`
                }
            }
        }
    }
}

enum SwiftToken: Equatable {
    case word(String)
    case punctuation(UInt8)
    case newline
}

/// Splits Swift source into words, punctuation and newlines, skipping comments and string
/// literals; the identifiers of string interpolations are collected apart in `interpolated`.
struct SwiftLexer {
    let bytes: [UInt8]
    var index = 0
    var interpolated: Set<String> = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func next() -> SwiftToken? {
        while let byte = peek() {
            if byte == UInt8(ascii: "\n") { index += 1; return .newline }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "`") {
                index += 1
            } else if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
                while let byte = peek(), byte != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                skipBlockComment()
            } else if byte == UInt8(ascii: "\"") {
                skipString()
            } else if Self.isWordByte(byte) {
                return .word(readWord())
            } else {
                index += 1
                return .punctuation(byte)
            }
        }
        return nil
    }

    mutating func readWord() -> String {
        let start = index
        while let byte = peek(), Self.isWordByte(byte) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func skipBlockComment() {
        var depth = 0
        while let byte = peek() {
            if byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if byte == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
    }

    /// A "…" or """…""" literal; `\(…)` interpolations are scanned for identifiers.
    mutating func skipString() {
        let multiline = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        index += multiline ? 3 : 1
        while let byte = peek() {
            if byte == UInt8(ascii: "\\") {
                index += 1
                if peek() == UInt8(ascii: "(") { index += 1; scanInterpolation() } else { index += 1 }
            } else if byte == UInt8(ascii: "\"") {
                if !multiline { index += 1; return }
                if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") { index += 3; return }
                index += 1
            } else if byte == UInt8(ascii: "\n") && !multiline {
                return   // an unterminated literal ends at the line
            } else {
                index += 1
            }
        }
    }

    mutating func scanInterpolation() {
        var depth = 1
        while let byte = peek() {
            if byte == UInt8(ascii: "(") {
                depth += 1
                index += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
                index += 1
                if depth == 0 { return }
            } else if byte == UInt8(ascii: "\"") {
                skipString()
            } else if Self.isWordByte(byte) {
                interpolated.insert(readWord())
            } else {
                index += 1
            }
        }
    }
}
