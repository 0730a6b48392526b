// Approximate equality for tests, in the style of llm.c's checks: on failure the message gives the
// largest difference, where it is, and both values there, so a failing test already says what
// went wrong. Element i passes when |actual − expected| ≤ atol + rtol · |expected| (numpy.isclose).

import Shared
import XCTest

public func assertClose(_ actual: [Double], _ expected: [Double], rtol: Double = 1e-6, atol: Double = 0,
                        _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    guard actual.count == expected.count else {
        XCTFail("\(message) count \(actual.count) ≠ expected \(expected.count)", file: file, line: line)
        return
    }
    var worst = -1
    var worstExcess = 0.0
    var maxDifference = 0.0
    for i in actual.indices {
        let difference = abs(actual[i] - expected[i])
        let allowed = atol + rtol * abs(expected[i])
        maxDifference = max(maxDifference, difference.isNaN ? .infinity : difference)
        let excess = difference.isNaN || actual[i].isNaN != expected[i].isNaN ? Double.infinity : difference - allowed
        if excess > 0 && (worst < 0 || excess > worstExcess) {
            worst = i
            worstExcess = excess
        }
    }
    if worst >= 0 {
        XCTFail("\(message) NOT OK: max |Δ| = \(maxDifference); worst at [\(worst)]: actual \(actual[worst]), expected \(expected[worst]) (rtol \(rtol), atol \(atol))",
                file: file, line: line)
    }
}

public func assertClose(_ actual: [Float], _ expected: [Float], rtol: Double = 1e-5, atol: Double = 0,
                        _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    assertClose(actual.map(Double.init), expected.map(Double.init), rtol: rtol, atol: atol, message, file: file, line: line)
}

public func assertClose(_ actual: Tensor, _ expected: Tensor, rtol: Double = 1e-5, atol: Double = 0,
                        _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "\(message) shape", file: file, line: line)
    if actual.shape == expected.shape {
        assertClose(actual.storage, expected.storage, rtol: rtol, atol: atol, message, file: file, line: line)
    }
}

public func assertClose(_ actual: Double, _ expected: Double, rtol: Double = 1e-6, atol: Double = 0,
                        _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    assertClose([actual], [expected], rtol: rtol, atol: atol, message, file: file, line: line)
}

/// ‖a − b‖ / ‖b‖ (Frobenius norms): one number for "how far is this matrix from that one".
public func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: counts differ")
    var num = 0.0, den = 0.0
    for i in a.indices {
        num += (a[i] - b[i]) * (a[i] - b[i])
        den += b[i] * b[i]
    }
    return (num / max(den, .leastNormalMagnitude)).squareRoot()
}
