// Metrics against hand-worked examples and a naive all-pairs ROC-AUC.

import Shared
import TestSupport
import Week03ClassicalML
import XCTest

final class MetricsTests: XCTestCase {
    func testConfusionMatrixAccuracyAndBinaryF1ByHand() {
        // truth     1 1 1 1 0 0 0 0 0 0
        // predicted 1 1 1 0 1 0 0 0 0 0
        // TP = 3, FN = 1, FP = 1, TN = 5 → accuracy 8/10; P = 3/4, R = 3/4, F1 = 0.75
        let truth = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
        let predicted = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]
        XCTAssertEqual(Metrics.confusionMatrix(truth, predicted, classCount: 2), [[5, 1], [1, 3]])
        assertClose(Metrics.accuracy(truth, predicted), 0.8)
        assertClose(Metrics.f1(truth, predicted, classCount: 2), 0.75)
    }

    func testMacroF1ByHand() {
        // truth 0 0 1 1 2 2, predicted 0 1 1 1 2 0
        // class 0: P = 1/2 (pred 0 at rows 0, 5), R = 1/2 → F1 = 1/2
        // class 1: P = 2/3, R = 1 → F1 = 0.8
        // class 2: P = 1, R = 1/2 → F1 = 2/3
        // macro = (0.5 + 0.8 + 0.6667) / 3 = 0.65556
        let f1 = Metrics.f1([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], classCount: 3)
        assertClose(f1, (0.5 + 0.8 + 2.0 / 3) / 3, rtol: 1e-12)
    }

    func testROCAUCAndAveragePrecisionOnScikitLearnDocExamples() {
        // sklearn's roc_auc_score docs: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8] → 0.75
        // (positive pairs (0.35 > 0.1 ✓, 0.35 > 0.4 ✗, 0.8 > both ✓✓) → 3/4)
        let y = [false, false, true, true], scores = [0.1, 0.4, 0.35, 0.8]
        assertClose(RankingMetrics.rocAUC(y, scores) ?? -1, 0.75, rtol: 1e-12)
        XCTAssertNil(RankingMetrics.rocAUC([true, true], [0.1, 0.2]), "undefined with one class")
        // average_precision_score docs, same data → 0.8333…
        // thresholds 0.8: P = 1, R = ½; 0.4: P = ½, R = ½; 0.35: P = ⅔, R = 1 → ½·1 + 0·½ + ½·⅔ = 5/6
        assertClose(RankingMetrics.averagePrecision(y, scores) ?? -1, 5.0 / 6, rtol: 1e-12)
    }

    func testROCAUCEqualsAllPairsRankStatisticWithTies() {
        // The rank formula against the definition computed naively over all (positive, negative)
        // pairs: P(s₊ > s₋) + ½ P(s₊ = s₋). Scores are rounded to 1 decimal so there are many ties.
        var rng = SplitMix64(seed: 42)
        for trial in 0..<20 {
            let n = 30 + trial
            let positives = (0..<n).map { _ in rng.nextUnitDouble() < 0.4 }
            let scores = positives.map { p in ((rng.nextUnitDouble() + (p ? 0.3 : 0)) * 10).rounded() / 10 }
            var wins = 0.0, pairs = 0.0
            for i in 0..<n where positives[i] {
                for j in 0..<n where !positives[j] {
                    pairs += 1
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
                }
            }
            guard pairs > 0 else { continue }
            assertClose(RankingMetrics.rocAUC(positives, scores)!, wins / pairs, rtol: 1e-12, "trial \(trial)")
        }
    }

    func testBrierScoreAndCalibrationCurveByHand() {
        // p = 0.9, 0.8, 0.3, 0.1 for y = 1, 0, 1, 0: Brier = (0.01 + 0.64 + 0.49 + 0.01) / 4 = 0.2875
        let y = [true, false, true, false], p = [0.9, 0.8, 0.3, 0.1]
        assertClose(RankingMetrics.brierScore(y, p), 0.2875, rtol: 1e-12)
        // two bins: [0, 0.5) holds 0.3, 0.1 (mean 0.2, observed ½); [0.5, 1] holds 0.9, 0.8 (mean 0.85, observed ½)
        let curve = RankingMetrics.calibrationCurve(y, p, bins: 2)
        assertClose(curve.map(\.predicted), [0.2, 0.85], rtol: 1e-12)
        assertClose(curve.map(\.observed), [0.5, 0.5], rtol: 1e-12)
    }

    func testRegressionMetricsByHand() {
        // y = 1, 2, 3, 4; ŷ = 1, 2, 4, 3: SSE = 2, MSE = 0.5, SST = 5 → R² = 1 − 2/5 = 0.6
        assertClose(Metrics.meanSquaredError([1, 2, 3, 4], [1, 2, 4, 3]), 0.5)
        assertClose(Metrics.r2([1, 2, 3, 4], [1, 2, 4, 3]), 0.6, rtol: 1e-12)
    }
}
