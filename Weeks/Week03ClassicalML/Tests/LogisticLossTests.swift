// Logistic regression's objective on its own: the weighted cross-entropy and its residuals
// w (p − y) on examples worked by hand (binary and multinomial), on logits large enough to
// overflow a naive exp, and against central differences of the loss.

import Foundation
import Shared
import TestSupport
@testable import Week03ClassicalML
import XCTest

final class LogisticLossTests: XCTestCase {
    func testBinaryLossAndResidualsByHand() {
        // Row 0: t = 0, y = 1, w = 1: −log σ(0) = ln 2; p = ½, residual ½ − 1 = −½.
        // Row 1: t = ln 3, y = 0, w = 2: −log(1 − σ(t)) = ln(1 + 3) = ln 4, weighted 2 ln 4;
        //        p = 3/4, residual 2 · 3/4 = 3/2.  Total ln 2 + 2 ln 4 = 5 ln 2.
        var z = [0, Foundation.log(3.0)]
        let loss = LogisticRegression.weightedLoss(logits: &z, outputs: 1, labels: [1, 0], weights: [1, 2])
        assertClose(loss, 5 * Foundation.log(2.0), rtol: 1e-14)
        assertClose(z, [-0.5, 1.5], rtol: 1e-14)
    }

    func testMultinomialLossAndResidualsByHand() {
        // Row 0: z = (0, 0, ln 2), y = 2, w = 1: softmax = (¼, ¼, ½), loss −ln ½ = ln 2,
        //        residuals (¼, ¼, −½).
        // Row 1: z = (ln 3, 0, 0), y = 1, w = ½: softmax = (3/5, 1/5, 1/5), loss ½ ln 5,
        //        residuals ½ (3/5, −4/5, 1/5) = (0.3, −0.4, 0.1).
        let ln2 = Foundation.log(2.0), ln3 = Foundation.log(3.0)
        var z = [0, 0, ln2, ln3, 0, 0]
        let loss = LogisticRegression.weightedLoss(logits: &z, outputs: 3, labels: [2, 1], weights: [1, 0.5])
        assertClose(loss, ln2 + 0.5 * Foundation.log(5.0), rtol: 1e-14)
        assertClose(z, [0.25, 0.25, -0.5, 0.3, -0.4, 0.1], rtol: 1e-13, atol: 1e-15)
    }

    func testLargeLogitsStayFinite() {
        // e^800 overflows a Double. Binary, t = 800, y = 0: loss = log(1 + e^800) = 800 (to rounding),
        // residual σ(800) − 0 = 1. Multinomial, z = (1000, 0, −1000), y = 1: loss = 1000, residuals (1, −1, 0).
        var binary = [800.0]
        assertClose(LogisticRegression.weightedLoss(logits: &binary, outputs: 1, labels: [0], weights: [1]), 800, rtol: 1e-15)
        assertClose(binary, [1], rtol: 1e-15)
        var multinomial = [1000.0, 0, -1000]
        assertClose(LogisticRegression.weightedLoss(logits: &multinomial, outputs: 3, labels: [1], weights: [1]), 1000, rtol: 1e-15)
        assertClose(multinomial, [1, -1, 0], rtol: 1e-15, atol: 1e-300)
    }

    func testResidualsAreTheGradientOfTheLoss() {
        var rng = SplitMix64(seed: 5)
        for outputs in [1, 4] {
            let rows = 6
            let logits = (0..<(rows * outputs)).map { _ in 2 * rng.nextGaussian() }
            let labels = (0..<rows).map { _ in rng.nextInt(below: outputs == 1 ? 2 : outputs) }
            let weights = (0..<rows).map { _ in 0.5 + rng.nextUnitDouble() }
            var residuals = logits
            _ = LogisticRegression.weightedLoss(logits: &residuals, outputs: outputs, labels: labels, weights: weights)
            let numeric = numericalGradient(at: logits, h: 1e-6) { z in
                var copy = z
                return LogisticRegression.weightedLoss(logits: &copy, outputs: outputs, labels: labels, weights: weights)
            }
            assertClose(residuals, numeric, rtol: 1e-6, atol: 1e-8, "outputs = \(outputs)")
        }
    }
}
