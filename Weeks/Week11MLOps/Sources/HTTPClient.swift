// A minimal HTTP/1.1 client on one kept-alive TCP connection: what the load generator, the
// metrics scraper and the tests use to talk to the server. It reads responses framed by
// Content-Length (or by the connection closing); it does not follow redirects or decode chunked
// responses (this server never sends them).

import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct ClientResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

public final class HTTPConnection {
    public let host: String
    public let port: Int
    private var fd: Int32
    private var pending: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    public let timeout: Double
    /// False once the server said `Connection: close` or the socket failed.
    public private(set) var isOpen = true

    public init(host: String = "127.0.0.1", port: Int, timeout: Double = 10) throws {
        self.host = host
        self.port = port
        self.timeout = timeout
        fd = try Socket.connect(host: host, port: port)
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        isOpen = false
    }

    /// Sends raw bytes (tests use this to send malformed requests).
    public func sendRaw(_ bytes: [UInt8]) throws {
        guard isOpen, Socket.sendAll(fd, bytes) else { throw SocketError("send", "connection to \(host):\(port) is closed") }
    }

    /// One request/response exchange on this connection.
    public func request(_ method: String, _ target: String, body: [UInt8] = [],
                        headers: [(String, String)] = []) throws -> ClientResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        try sendRaw(Array((head + "\r\n").utf8) + body)
        return try readResponse()
    }

    /// Reads one response (status line, headers, Content-Length body).
    public func readResponse() throws -> ClientResponse {
        let deadline = monotonicSeconds() + timeout
        var headerEnd: (Int, Int)?
        while true {
            if headerEnd == nil { headerEnd = Self.findHeaderEnd(pending) }
            if let (end, bodyStart) = headerEnd {
                var response = try parseHead(pending[0..<end])
                if let lengthText = response.header("Content-Length") {
                    // At most 1 GiB: a lying length fails at once instead of waiting for the timeout.
                    guard let length = Int(lengthText), length >= 0, length <= 1 << 30 else {
                        throw SocketError("read", "bad Content-Length '\(lengthText.prefix(40))'")
                    }
                    if pending.count - bodyStart >= length {
                        response.body = Array(pending[bodyStart..<(bodyStart + length)])
                        pending.removeFirst(bodyStart + length)
                        if response.header("Connection")?.lowercased() == "close" { close() }
                        return response
                    }
                } else if !isOpen {
                    response.body = Array(pending[bodyStart...])
                    pending.removeAll()
                    return response
                }
            }
            guard isOpen else { throw SocketError("read", "connection closed before a complete response") }
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { throw SocketError("read", "no complete response within \(timeout) s") }
            switch Socket.read(fd, into: &chunk, waiting: remaining) {
            case let .data(n): pending.append(contentsOf: chunk[0..<n])
            case .timeout: continue
            case .closed: close()
            }
        }
    }

    private func parseHead(_ bytes: ArraySlice<UInt8>) throws -> ClientResponse {
        // Split the bytes, not a String: Swift reads "\r\n" as one Character, so it is not split at "\n".
        let lines = bytes.split(separator: 10).map { String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self) }
        let statusParts = lines.first?.split(separator: " ", maxSplits: 2) ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw SocketError("read", "malformed status line '\(lines.first ?? "")'")
        }
        let headers: [(name: String, value: String)] = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return ClientResponse(status: status, headers: headers, body: [])
    }

    static func findHeaderEnd(_ bytes: [UInt8]) -> (Int, Int)? {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 10 {
                if bytes[i + 1] == 10 { return (i, i + 2) }
                if i + 2 < bytes.count && bytes[i + 1] == 13 && bytes[i + 2] == 10 { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }
}

/// "http://host:port" (a path, if any, is ignored) → host and port.
public func parseServiceURL(_ text: String) throws -> (host: String, port: Int) {
    guard let url = URL(string: text), url.scheme == "http", let host = url.host, !host.isEmpty else {
        throw SocketError("url", "'\(text)' is not an http://HOST:PORT URL")
    }
    return (host, url.port ?? 80)
}
