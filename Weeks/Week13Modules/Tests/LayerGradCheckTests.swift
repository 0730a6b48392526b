// Every layer of weeks 4–7 passes the central-difference check on small shapes (the same list
// `Week13Modules gradcheck` prints), and the check catches a layer whose tape is wrong.

import Foundation
import Shared
import Week04MNIST
import Week13Modules
import XCTest

final class LayerGradCheckTests: XCTestCase {
    func testEveryLayerOfWeeks4To7MatchesCentralDifferences() throws {
        let cases = try LayerGradCheck.cases(seed: 1)
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        for c in cases {
            let result = try LayerGradCheck.run(c)
            XCTAssertTrue(result.ok, "\(c.name): \(result.errors)")
            // every parameter of the layer was checked, besides the input
            XCTAssertEqual(result.errors.count, c.module.namedParameters().count + (c.input == nil ? 0 : 1), c.name)
        }
    }

    func testABrokenTapeIsCaught() throws {
        // y = 2x computed outside the tape: backward says ∂L/∂x = 0, central differences say 2R.
        let detached = Activation(.relu)
        let check = LayerCheck(name: "detached", module: detached, input: Tensor([0.5, -0.3, 0.8, 0.1])) { x in
            try Variable(x!.value * Float(2)) + (try x! * Variable(Tensor.zeros(x!.shape)))
        }
        let result = try LayerGradCheck.run(check)
        XCTAssertFalse(result.ok)
        XCTAssertEqual(result.maxRelativeError, 1, accuracy: 1e-3, "|0 − 2R| / max |2R| = 1")
    }
}
