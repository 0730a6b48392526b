// The wire format of POST /predict: {"pixels": [784 numbers in 0…1]} (a 28×28 image, row by
// row). Parsing answers a 400 that says exactly what is wrong; `body` is what clients send.
// Here, in the server library, because the load generator speaks it too; the model that answers
// it lives in Week11MLOpsService (ModelService.swift, Classifier.swift).

import Foundation
import Shared

public struct PredictInput: Decodable, Sendable {
    public var pixels: [Double]

    /// The request body → 784 pixels, or a 400 that says exactly what is wrong.
    public static func parse(_ body: [UInt8]) throws(HTTPError) -> [Float] {
        guard !body.isEmpty else { throw HTTPError(400, "empty body: send {\"pixels\": [784 numbers in 0…1]}") }
        let input: PredictInput
        do {
            input = try JSONDecoder().decode(PredictInput.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, _) {
            throw HTTPError(400, "missing key '\(key.stringValue)': send {\"pixels\": [784 numbers in 0…1]}")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined()
            throw HTTPError(400, path.isEmpty ? "the body must be a JSON object {\"pixels\": […]}"
                                              : "\(path) must be a number (pixels is an array of 784 numbers)")
        } catch let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined()
            throw HTTPError(400, "\(path) is null: pixels must be numbers")
        } catch {
            throw HTTPError(400, "malformed JSON body")
        }
        guard input.pixels.count == 784 else {
            throw HTTPError(400, "pixels has \(input.pixels.count) values, expected 784 (a 28×28 image, row by row)")
        }
        if let i = input.pixels.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw HTTPError(400, "pixels[\(i)] = \(input.pixels[i]) is outside 0…1")
        }
        return input.pixels.map(Float.init)
    }

    /// The request body for an image (what clients send).
    public static func body(_ pixels: [Float]) -> [UInt8] {
        var text = "{\"pixels\": ["
        text.reserveCapacity(pixels.count * 8 + 16)
        for (i, p) in pixels.enumerated() {
            if i > 0 { text += "," }
            text += p == 0 ? "0" : p == 1 ? "1" : "\(p)"
        }
        return Array((text + "]}").utf8)
    }
}
