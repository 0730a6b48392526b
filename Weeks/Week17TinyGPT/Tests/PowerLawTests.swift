// The scaling-law fit on points made from known laws: it recovers a, α and c.

import Foundation
import Week17TinyGPT
import XCTest

final class PowerLawTests: XCTestCase {
    func testRecoversAKnownLawFromExactPoints() throws {
        // L = 12·N^(−0.25) + 1.5 at N = 10³ … 10⁶ (c = 1.5 lies on the grid: min L · k / 400)
        let n = [1e3, 1e4, 3e4, 1e5, 1e6]
        let loss = n.map { 12 * pow($0, -0.25) + 1.5 }
        let fit = try XCTUnwrap(PowerLawFit.fit(n: n, loss: loss, gridSize: 4000))
        XCTAssertEqual(fit.alpha, 0.25, accuracy: 0.01)
        XCTAssertEqual(fit.c, 1.5, accuracy: 0.02)
        XCTAssertEqual(fit.a, 12, accuracy: 0.6)
        XCTAssertLessThan(fit.rmse, 1e-3)
        XCTAssertEqual(fit.loss(5e4), 12 * pow(5e4, -0.25) + 1.5, accuracy: 1e-2)
    }

    func testPureLawHasNoFloor() throws {
        // Kaplan's own exponent, no floor: log-log is a straight line and c = 0 fits exactly.
        let n = [2e5, 8e5, 3.2e6, 1.28e7]
        let loss = n.map { pow(8.8e13 / $0, 0.076) }
        let fit = try XCTUnwrap(PowerLawFit.fit(n: n, loss: loss))
        XCTAssertEqual(fit.c, 0, accuracy: 1e-12)
        XCTAssertEqual(fit.alpha, 0.076, accuracy: 1e-9)
        XCTAssertEqual(fit.a, pow(8.8e13, 0.076), accuracy: 1e-6)
        XCTAssertNil(PowerLawFit.fit(n: [1, 2], loss: [3, 2]), "two points cannot fix three parameters")
    }
}
