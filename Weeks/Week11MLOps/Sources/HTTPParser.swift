// An incremental HTTP/1.1 request parser (RFC 9112 §2–§6). Bytes go in as they arrive from the
// socket, in pieces of any size; complete requests come out, one at a time, in order — so a
// request split across many reads and several requests pipelined in one read both work.
//
//   request-line  = method SP request-target SP HTTP-version CRLF
//   header-field  = field-name ":" OWS field-value OWS CRLF        (then an empty line)
//   body          = Content-Length bytes (no Content-Length: no body)
//
// What it rejects, with the status a client should see:
//   400  a malformed request line, header line, field name or Content-Length; a space before ":";
//        obsolete line folding; both Content-Length and Transfer-Encoding
//   431  header section longer than `limits.maxHeaderBytes` or more than `limits.maxHeaderCount` fields
//   413  Content-Length above `limits.maxBodyBytes` (rejected before the body is read)
//   501  any Transfer-Encoding (chunked request bodies are not supported: send Content-Length)
//   505  an HTTP version other than 1.0 and 1.1
// A bare LF is accepted as a line end (RFC 9112 §2.2 allows it); empty lines before a request
// line are skipped (§2.2).

public struct HTTPLimits: Sendable {
    /// Request line + header fields, in bytes.
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    public var maxBodyBytes: Int

    public init(maxHeaderBytes: Int = 8 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 1 << 20) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}

public struct HTTPParser: Sendable {
    public let limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var start = 0  // bytes before `start` belong to requests already returned

    public init(limits: HTTPLimits = HTTPLimits()) { self.limits = limits }

    /// Bytes received but not yet part of a returned request.
    public var bufferedCount: Int { buffer.count - start }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if start > 0 && start >= buffer.count / 2 {  // compact: drop consumed bytes
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete request, or nil when more bytes are needed. After an error the
    /// connection must be closed: the parser's position in the stream is lost.
    public mutating func next() throws(HTTPError) -> HTTPRequest? {
        while start < buffer.count {  // empty lines before a request line (e.g. after a body's extra CRLF)
            if buffer[start] == 10 {
                start += 1
            } else if buffer[start] == 13 && start + 1 < buffer.count && buffer[start + 1] == 10 {
                start += 2
            } else {
                break
            }
        }
        guard let (headerEnd, bodyStart) = findHeaderEnd() else {
            if bufferedCount > limits.maxHeaderBytes {
                throw HTTPError(431, "request header section exceeds \(limits.maxHeaderBytes) bytes")
            }
            return nil
        }
        guard headerEnd - start <= limits.maxHeaderBytes else {
            throw HTTPError(431, "request header section exceeds \(limits.maxHeaderBytes) bytes")
        }
        var request = try parseHead(buffer[start..<headerEnd])
        let length = try bodyLength(request)
        guard buffer.count - bodyStart >= length else { return nil }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        return request
    }

    /// The index of the empty line that ends the header section and of the first body byte.
    private func findHeaderEnd() -> (Int, Int)? {
        var i = start
        while i < buffer.count {
            if buffer[i] == 10 {
                // A line end at i; the next line is empty if it is "\n" or "\r\n".
                if i + 1 < buffer.count && buffer[i + 1] == 10 { return (i, i + 2) }
                if i + 2 < buffer.count && buffer[i + 1] == 13 && buffer[i + 2] == 10 { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    private func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> HTTPRequest {
        // exercise parse-request-head: Parse an HTTP/1.1 request line and header fields into an HTTPRequest, rejecting malformed ones with the right status.
        // hint: Split the head into lines at LF and drop a trailing CR from each; the first line is METHOD SP TARGET SP VERSION with exactly single spaces.
        // hint: Validate each piece: the method is a token (isTokenByte), the target is "*" or an absolute path of visible ASCII, the version is HTTP/1.0 or HTTP/1.1 (another HTTP/x.y is 505, anything else 400); too many fields is 431.
        // hint: A header line is name ":" value: no leading whitespace (obsolete folding), a non-empty token name with no space before the colon, the value trimmed of spaces and tabs and free of control characters.
        // tests: HTTPParserTests/testGoodRequestFields, HTTPParserTests/testHeaderValueWhitespaceIsTrimmedAndBareLFAccepted, HTTPParserTests/testMalformedRequestLines, HTTPParserTests/testMalformedHeaders
        var lines: [ArraySlice<UInt8>] = bytes.split(separator: 10, omittingEmptySubsequences: false).map {
            $0.last == 13 ? $0.dropLast() : $0
        }
        let requestLine = lines.removeFirst()
        guard let line = String(validating: requestLine, as: UTF8.self), !line.isEmpty else {
            throw HTTPError(400, "malformed request line")
        }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw HTTPError(400, "malformed request line '\(line.prefix(80))': expected METHOD TARGET HTTP/1.1")
        }
        let method = String(parts[0]), target = String(parts[1]), version = String(parts[2])
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw HTTPError(400, "malformed method '\(method.prefix(40))'")
        }
        guard target == "*" || (target.hasPrefix("/") && target.utf8.allSatisfy { $0 > 32 && $0 < 127 }) else {
            throw HTTPError(400, "malformed request target '\(target.prefix(80))': expected an absolute path")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            if version.hasPrefix("HTTP/") && version.count == 8 { throw HTTPError(505, "HTTP version \(version) is not supported (use HTTP/1.1)") }
            throw HTTPError(400, "malformed HTTP version '\(version.prefix(20))'")
        }
        guard lines.count <= limits.maxHeaderCount else {
            throw HTTPError(431, "more than \(limits.maxHeaderCount) header fields")
        }
        var headers: [(name: String, value: String)] = []
        for raw in lines {
            if let first = raw.first, first == 32 || first == 9 {
                throw HTTPError(400, "obsolete header line folding is not accepted")
            }
            guard let colon = raw.firstIndex(of: 58) else { throw HTTPError(400, "malformed header line: no ':'") }
            let name = raw[raw.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(Self.isTokenByte) else {
                throw HTTPError(400, "malformed header field name (no spaces allowed before ':')")
            }
            var value = raw[(colon + 1)...]
            while let b = value.first, b == 32 || b == 9 { value = value.dropFirst() }
            while let b = value.last, b == 32 || b == 9 { value = value.dropLast() }
            guard value.allSatisfy({ $0 == 9 || $0 >= 32 && $0 != 127 }) else {
                throw HTTPError(400, "control character in header '\(String(decoding: name, as: UTF8.self))'")
            }
            headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return HTTPRequest(method: method, target: target, version: version, headers: headers)
        // end exercise parse-request-head
    }

    private func bodyLength(_ request: HTTPRequest) throws(HTTPError) -> Int {
        let lengths = request.headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        if request.header("Transfer-Encoding") != nil {
            if !lengths.isEmpty { throw HTTPError(400, "both Transfer-Encoding and Content-Length") }
            throw HTTPError(501, "Transfer-Encoding (chunked request bodies) is not supported: send Content-Length")
        }
        guard let text = lengths.first else { return 0 }
        guard lengths.allSatisfy({ $0 == text }) else { throw HTTPError(400, "conflicting Content-Length headers") }
        guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(text) else {
            throw HTTPError(400, "malformed Content-Length '\(text.prefix(40))'")
        }
        guard length <= limits.maxBodyBytes else {
            throw HTTPError(413, "request body of \(length) bytes exceeds the limit of \(limits.maxBodyBytes)")
        }
        return length
    }

    /// tchar (RFC 9110 §5.6.2): letters, digits and !#$%&'*+-.^_`|~
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 48...57, 65...90, 97...122: return true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: return true
        default: return false
        }
    }
}
