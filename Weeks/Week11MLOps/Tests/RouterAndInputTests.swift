// The Assess gate, part 2: the router (match, 404, 405 with Allow, thrown errors as JSON) and the
// /predict body validation (wrong length, non-numbers, out of range, malformed JSON → 400).

import Foundation
import Shared
import TestSupport
import Week11MLOps
import XCTest

struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

func jsonObject(_ bytes: [UInt8]) -> [String: Any]? {
    try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
}

final class RouterAndInputTests: XCTestCase {
    func makeRouter() -> Router {
        var router = Router()
        router.get("/health") { _ in .json(200, .object([("status", .string("ok"))])) }
        router.post("/echo") { request in HTTPResponse(status: 200, body: request.body) }
        router.get("/echo") { _ in .text(200, "use POST") }
        router.get("/teapot") { _ in throw HTTPError(418, "short and stout") }
        router.get("/crash") { _ in throw Boom() }
        return router
    }

    func testMatchesMethodAndPath() {
        let router = makeRouter()
        XCTAssertEqual(router.respond(to: HTTPRequest(method: "GET", target: "/health")).status, 200)
        let echo = router.respond(to: HTTPRequest(method: "POST", target: "/echo?x=1", body: Array("hi".utf8)))
        XCTAssertEqual(echo.body, Array("hi".utf8), "the query string does not take part in matching")
        XCTAssertEqual(router.routePath(for: HTTPRequest(method: "GET", target: "/echo?x=1")), "/echo")
        XCTAssertNil(router.routePath(for: HTTPRequest(method: "GET", target: "/nope")))
    }

    func testUnknownPathIs404WithJSONError() {
        let response = makeRouter().respond(to: HTTPRequest(method: "GET", target: "/nope"))
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.header("Content-Type"), "application/json")
        XCTAssertEqual(jsonObject(response.body)?["error"] as? String, "no route for /nope")
    }

    func testWrongMethodIs405WithAllowHeader() {
        let response = makeRouter().respond(to: HTTPRequest(method: "DELETE", target: "/echo"))
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.header("Allow"), "GET, POST")
        XCTAssertEqual(jsonObject(response.body)?["error"] as? String, "DELETE is not allowed on /echo")
        XCTAssertEqual(makeRouter().respond(to: HTTPRequest(method: "POST", target: "/health")).status, 405)
    }

    func testThrownErrorsBecomeJSONResponses() {
        let teapot = makeRouter().respond(to: HTTPRequest(method: "GET", target: "/teapot"))
        XCTAssertEqual(teapot.status, 418)
        XCTAssertEqual(jsonObject(teapot.body)?["error"] as? String, "short and stout")
        let crash = makeRouter().respond(to: HTTPRequest(method: "GET", target: "/crash"))
        XCTAssertEqual(crash.status, 500)
        XCTAssertEqual(jsonObject(crash.body)?["error"] as? String, "boom")
    }

    func inputError(_ body: String) -> HTTPError? {
        do {
            _ = try PredictInput.parse(Array(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    func testPredictInputAcceptsAnImageAndRoundTripsTheClientBody() throws {
        var rng = SplitMix64(seed: 5)
        let pixels = (0..<784).map { _ in Float(rng.nextUnitDouble()) }
        let parsed = try PredictInput.parse(PredictInput.body(pixels))
        XCTAssertEqual(parsed, pixels, "the client's body decodes to the same floats")
        let spaced = "{ \"extra\": true,\n \"pixels\" : [" + Array(repeating: "0.5", count: 784).joined(separator: ", ") + "] }"
        XCTAssertEqual(try PredictInput.parse(Array(spaced.utf8)), Array(repeating: 0.5, count: 784))
        XCTAssertEqual(try PredictInput.parse(Array(("{\"pixels\": [1e-3" + String(repeating: ",0", count: 783) + "]}").utf8))[0], 0.001)
    }

    func testPredictInputErrors() {
        let zeros = { (n: Int) in Array(repeating: "0", count: n).joined(separator: ",") }
        XCTAssertEqual(inputError("{\"pixels\": [\(zeros(783))]}")?.message, "pixels has 783 values, expected 784 (a 28×28 image, row by row)")
        XCTAssertEqual(inputError("{\"pixels\": [\(zeros(785))]}")?.status, 400)
        XCTAssertEqual(inputError("{\"pixels\": [1.5,\(zeros(783))]}")?.message, "pixels[0] = 1.5 is outside 0…1")
        XCTAssertEqual(inputError("{\"pixels\": [\(zeros(783)),-0.01]}")?.message, "pixels[783] = -0.01 is outside 0…1")
        XCTAssertEqual(inputError("{\"pixels\": [\(zeros(10)),\"a\",\(zeros(773))]}")?.message,
                       "pixels[10] must be a number (pixels is an array of 784 numbers)")
        XCTAssertEqual(inputError("{\"pixels\": [true,\(zeros(783))]}")?.status, 400, "a boolean is not a number")
        XCTAssertEqual(inputError("{\"pixels\": [null,\(zeros(783))]}")?.status, 400)
        XCTAssertEqual(inputError("{\"pixels\": \"0,0,0\"}")?.status, 400)
        XCTAssertEqual(inputError("{\"image\": []}")?.message, "missing key 'pixels': send {\"pixels\": [784 numbers in 0…1]}")
        XCTAssertEqual(inputError("[0, 0]")?.message, "the body must be a JSON object {\"pixels\": […]}")
        XCTAssertEqual(inputError("{\"pixels\": [0,")?.message, "malformed JSON body")
        XCTAssertEqual(inputError("")?.status, 400)
        XCTAssertEqual(inputError("{\"pixels\": [1e999,\(zeros(783))]}")?.status, 400, "an overflowing number")
    }
}
