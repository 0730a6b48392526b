// The Assess gate, part 1: the request parser against hand-written requests — good ones whole,
// split into many small reads and pipelined; malformed request lines, headers and Content-Length;
// oversized headers and bodies; keep-alive semantics; response serialisation.

import Foundation
import Shared
import TestSupport
import Week11MLOps
import XCTest

final class HTTPParserTests: XCTestCase {
    let post = "POST /predict?debug=1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"pixels\": 1}"

    /// Feeds `text` in pieces of `size` bytes and collects every request the parser returns.
    func parseAll(_ text: String, pieces size: Int = 1 << 20, limits: HTTPLimits = HTTPLimits()) throws(HTTPError) -> [HTTPRequest] {
        var parser = HTTPParser(limits: limits)
        var out: [HTTPRequest] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            parser.append(bytes[i..<min(i + size, bytes.count)])
            i += size
            while let r = try parser.next() { out.append(r) }
        }
        return out
    }

    func status(_ text: String, limits: HTTPLimits = HTTPLimits()) -> Int? {
        do {
            _ = try parseAll(text, limits: limits)
            return nil
        } catch {
            return error.status
        }
    }

    func testGoodRequestFields() throws {
        let requests = try parseAll(post)
        XCTAssertEqual(requests.count, 1)
        let r = requests[0]
        XCTAssertEqual(r.method, "POST")
        XCTAssertEqual(r.target, "/predict?debug=1")
        XCTAssertEqual(r.path, "/predict")
        XCTAssertEqual(r.query, "debug=1")
        XCTAssertEqual(r.version, "HTTP/1.1")
        XCTAssertEqual(r.headers.count, 3)
        XCTAssertEqual(r.header("content-type"), "application/json", "header names are case-insensitive")
        XCTAssertEqual(r.header("HOST"), "localhost")
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self), "{\"pixels\": 1}")
        XCTAssertTrue(r.keepAlive)
    }

    func testHeaderValueWhitespaceIsTrimmedAndBareLFAccepted() throws {
        let r = try parseAll("GET / HTTP/1.1\nX-A: \t spaced value \t\nX-B:tight\n\n")[0]
        XCTAssertEqual(r.header("X-A"), "spaced value")
        XCTAssertEqual(r.header("x-b"), "tight")
        XCTAssertTrue(r.body.isEmpty)
    }

    func testRequestSplitIntoOneByteReadsEqualsWholeRequest() throws {
        for size in [1, 2, 3, 7, 64] {
            let requests = try parseAll(post, pieces: size)
            XCTAssertEqual(requests.count, 1, "pieces of \(size)")
            XCTAssertEqual(requests[0].path, "/predict")
            XCTAssertEqual(requests[0].body, Array("{\"pixels\": 1}".utf8), "pieces of \(size)")
        }
        // Nothing comes out until the last byte of the body has arrived.
        var parser = HTTPParser()
        let bytes = Array(post.utf8)
        parser.append(bytes.dropLast())
        XCTAssertNil(try parser.next())
        parser.append(bytes.suffix(1))
        XCTAssertNotNil(try parser.next())
        XCTAssertEqual(parser.bufferedCount, 0)
    }

    func testPipelinedRequestsComeOutInOrder() throws {
        let text = "GET /health HTTP/1.1\r\n\r\n" + post + "GET /ready HTTP/1.1\r\nConnection: close\r\n\r\n"
        for size in [1, 5, 1 << 20] {
            let requests = try parseAll(text, pieces: size)
            XCTAssertEqual(requests.map(\.path), ["/health", "/predict", "/ready"], "pieces of \(size)")
            XCTAssertEqual(requests[1].body.count, 13)
            XCTAssertEqual(requests.map(\.keepAlive), [true, true, false])
        }
        // An extra CRLF between requests (some clients add one after a body) is skipped.
        XCTAssertEqual(try parseAll("GET /a HTTP/1.1\r\n\r\n\r\nGET /b HTTP/1.1\r\n\r\n").map(\.path), ["/a", "/b"])
    }

    func testKeepAliveRules() throws {
        func keepAlive(_ version: String, _ connection: String?) throws -> Bool {
            let header = connection.map { "Connection: \($0)\r\n" } ?? ""
            return try parseAll("GET / \(version)\r\n\(header)\r\n")[0].keepAlive
        }
        XCTAssertTrue(try keepAlive("HTTP/1.1", nil), "1.1 keeps the connection by default")
        XCTAssertFalse(try keepAlive("HTTP/1.1", "close"))
        XCTAssertFalse(try keepAlive("HTTP/1.1", "Keep-Alive, Close"))
        XCTAssertFalse(try keepAlive("HTTP/1.0", nil), "1.0 closes by default")
        XCTAssertTrue(try keepAlive("HTTP/1.0", "keep-alive"))
    }

    func testMalformedRequestLines() {
        XCTAssertEqual(status("GET /\r\n\r\n"), 400, "two parts")
        XCTAssertEqual(status("GET  / HTTP/1.1\r\n\r\n"), 400, "double space")
        XCTAssertEqual(status("GET / HTTP/1.1 extra\r\n\r\n"), 400, "four parts")
        XCTAssertEqual(status("G(T / HTTP/1.1\r\n\r\n"), 400, "a method is a token")
        XCTAssertEqual(status("GET predict HTTP/1.1\r\n\r\n"), 400, "the target must be an absolute path")
        XCTAssertEqual(status("GET /a\u{1}b HTTP/1.1\r\n\r\n"), 400, "control character in the target")
        XCTAssertEqual(status("GET / HTTP/2.0\r\n\r\n"), 505)
        XCTAssertEqual(status("GET / HTTX/1.1\r\n\r\n"), 400)
        XCTAssertEqual(status("\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\r\n\r\n"), 400, "a TLS handshake sent to a plain port")
    }

    func testMalformedHeaders() {
        XCTAssertEqual(status("GET / HTTP/1.1\r\nNoColon\r\n\r\n"), 400)
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost : x\r\n\r\n"), 400, "space before the colon (RFC 9112 §5.1)")
        XCTAssertEqual(status("GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n"), 400, "obsolete line folding")
        XCTAssertEqual(status("GET / HTTP/1.1\r\n: empty-name\r\n\r\n"), 400)
        XCTAssertEqual(status("GET / HTTP/1.1\r\nX-A: a\u{7}b\r\n\r\n"), 400, "control character in a value")
    }

    func testContentLengthRules() {
        XCTAssertEqual(status("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"), 400, "no overflow")
        XCTAssertEqual(status("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc"), 400, "conflicting lengths")
        XCTAssertEqual(status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"), 501)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc"), 400,
                       "both framings: a request-smuggling vector")
        // Equal duplicates are allowed (RFC 9112 §6.3).
        XCTAssertNil(status("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"))
    }

    func testOversizedHeaderAndBody() throws {
        let limits = HTTPLimits(maxHeaderBytes: 256, maxHeaderCount: 5, maxBodyBytes: 100)
        let long = "GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 300) + "\r\n\r\n"
        XCTAssertEqual(status(long, limits: limits), 431)
        // Without the end of the header section in sight: refused as soon as the limit is passed.
        var parser = HTTPParser(limits: limits)
        parser.append(Array(("GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 300)).utf8))
        XCTAssertThrowsError(try parser.next()) { XCTAssertEqual(($0 as? HTTPError)?.status, 431) }
        let many = "GET / HTTP/1.1\r\n" + (0..<6).map { "X-\($0): 1\r\n" }.joined() + "\r\n"
        XCTAssertEqual(status(many, limits: limits), 431)
        // The body limit is checked from Content-Length before any body byte is read.
        var big = HTTPParser(limits: limits)
        big.append(Array("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n".utf8))
        XCTAssertThrowsError(try big.next()) { XCTAssertEqual(($0 as? HTTPError)?.status, 413) }
        XCTAssertNil(status("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + String(repeating: "x", count: 100), limits: limits))
    }

    func testResponseSerialisation() {
        let response = HTTPResponse.error(404, "no route for /x")
        let text = String(decoding: response.serialized(keepAlive: false), as: UTF8.self)
        let body = "{\"error\": \"no route for /x\"}\n"
        XCTAssertEqual(text, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        let decoded = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
        XCTAssertEqual(decoded, ["error": "no route for /x"])
        // Error messages with quotes and newlines stay valid JSON.
        let tricky = HTTPResponse.error(400, "bad \"value\"\nhere")
        let object = try? JSONSerialization.jsonObject(with: Data(tricky.body)) as? [String: String]
        XCTAssertEqual(object?["error"], "bad \"value\"\nhere")
    }
}
