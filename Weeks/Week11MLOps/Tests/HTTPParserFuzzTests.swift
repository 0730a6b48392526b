// The request parser under TestSupport's fuzz harness: valid requests (single, pipelined, with and
// without bodies) mutated — Content-Length edited to huge, negative or non-numeric values, header
// names swapped for Transfer-Encoding, bytes flipped — and fed in pieces whose sizes come from
// the mutated bytes themselves. Every case ends in requests or one HTTPError, never a trap.

import Foundation
import Shared
import TestSupport
import Week11MLOps
import XCTest

final class HTTPParserFuzzTests: XCTestCase {
    static let seeds = [
        "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"pixels\": 1}",
        "GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /ready HTTP/1.0\r\n\r\n",
        "\r\nPOST /query HTTP/1.1\nContent-Length: 5\n\nhello",
        "GET /metrics HTTP/1.1\r\nAccept: */*\r\nContent-Length: 0\r\n\r\n",
    ].map { Array($0.utf8) }

    func testFuzzRequestParser() {
        let limits = HTTPLimits(maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 64)
        let tokens = ["Content-Length", "Transfer-Encoding", "content-length", "HTTP/1.1", "HTTP/2.0", "\r\n", ":", " "]
        let report = Fuzz.run("HTTP request parser", seeds: Self.seeds, tokens: tokens) { bytes -> Int in
            var parser = HTTPParser(limits: limits)
            var requests = 0
            var i = 0
            while i < bytes.count {
                let piece = 1 + Int(bytes[i] % 17)
                parser.append(bytes[i..<min(i + piece, bytes.count)])
                i += piece
                while let request = try parser.next() {
                    XCTAssertLessThanOrEqual(request.body.count, limits.maxBodyBytes)
                    requests += 1
                }
            }
            return requests
        }
        XCTAssertGreaterThan(report.errors, 0)
        XCTAssertGreaterThan(report.values, 0)
    }

    func testContentLengthBeyondIntIsA400NotATrap() {
        var parser = HTTPParser()
        parser.append(Array("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n".utf8))
        XCTAssertThrowsError(try parser.next()) { XCTAssertEqual(($0 as? HTTPError)?.status, 400) }
        var negative = HTTPParser()
        negative.append(Array("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n".utf8))
        XCTAssertThrowsError(try negative.next()) { XCTAssertEqual(($0 as? HTTPError)?.status, 400) }
    }
}
