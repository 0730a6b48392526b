// Trees split exactly as the hand-worked examples; binning; ensembles behave.

import Shared
import TestSupport
import Week03ClassicalML
import XCTest

final class TreeTests: XCTestCase {
    // The hand-worked table: feature 0 is constant (never useful), feature 1 is x = 1…8.
    //   x  1 2 3 4 5 6 7 8
    //   y  1 0 0 1 0 0 0 0
    // Candidate cuts and the weighted child impurity (n_L·I_L + n_R·I_R) / n:
    //   cut   left     right          Gini (1 − Σp²)                        entropy (bits)
    //   1.5   {1}      {0,0,1,0,0,0,0} 1/8·0 + 7/8·(1 − 1/49 − 36/49) = 0.2143   7/8·H(1/7) = 0.5177
    //   2.5   {1,0}    {0,1,0,0,0,0}   2/8·½ + 6/8·(1 − 1/36 − 25/36) = 0.3333   0.7375
    //   3.5   {1,0,0}  {1,0,0,0,0}     3/8·4/9 + 5/8·8/25 = 0.3667                 0.7956
    //   4.5   {1,0,0,1} {0,0,0,0}      4/8·½ + 4/8·0 = 0.25                        4/8·H(½) = 0.5
    //   5.5 … 7.5                      0.3, 0.3333, 0.3571                         0.6068, 0.6887, 0.7552
    // Gini's best cut is x ≤ 1.5 (isolate the lone 1); entropy's is x ≤ 4.5 (a pure right side).
    let table = Features((1...8).map { [5, Double($0)] })
    let labels = [1, 0, 0, 1, 0, 0, 0, 0]

    func testGiniStumpSplitsAsWorkedByHand() throws {
        var tree = DecisionTreeClassifier(criterion: .gini, maxDepth: 1)
        try tree.fit(table, labels, classCount: 2)
        XCTAssertEqual(tree.tree.feature[0], 1)
        XCTAssertEqual(tree.tree.threshold[0], 1.5)
        let left = Int(tree.tree.left[0]), right = Int(tree.tree.right[0])
        assertClose(Array(tree.tree.value[(left * 2)..<(left * 2 + 2)]), [0, 1])
        assertClose(Array(tree.tree.value[(right * 2)..<(right * 2 + 2)]), [6.0 / 7, 1.0 / 7], rtol: 1e-12)
    }

    func testEntropyStumpSplitsAsWorkedByHand() throws {
        var tree = DecisionTreeClassifier(criterion: .entropy, maxDepth: 1)
        try tree.fit(table, labels, classCount: 2)
        XCTAssertEqual(tree.tree.feature[0], 1)
        XCTAssertEqual(tree.tree.threshold[0], 4.5)
    }

    func testFullTreeIsPureOnTrainingData() throws {
        var tree = DecisionTreeClassifier(criterion: .gini)
        try tree.fit(table, labels, classCount: 2)
        XCTAssertEqual(tree.predict(table), labels)
        XCTAssertEqual(tree.tree.leafCount, 4)  // {1} {0,0} {1} {0,0,0,0}
    }

    func testRegressionStumpByHand() throws {
        // y = 1, 1, 2, 10, 11 at x = 1…5. SSE after a cut (mean on each side):
        //   ≤1.5: 0 + SSE{1,2,10,11} = 82  ≤2.5: 0 + SSE{2,10,11} = 48.67  ≤3.5: 0.667 + 0.5 = 1.17  ≤4.5: 60.75 + 0
        // → cut 3.5, leaves 4/3 and 10.5
        var tree = DecisionTreeRegressor(maxDepth: 1)
        try tree.fit(Features((1...5).map { [Double($0)] }), [1, 1, 2, 10, 11])
        XCTAssertEqual(tree.tree.threshold[0], 3.5)
        assertClose(tree.predict(Features([[0], [9]])), [4.0 / 3, 10.5], rtol: 1e-12)
    }

    func testBinningIsExactForFewDistinctValuesAndMergesOtherwise() {
        let x = Features([[0.5], [0.1], [0.5], [0.9]])
        let binned = BinnedFeatures(x)
        XCTAssertEqual(binned.codes, [1, 0, 1, 2])
        XCTAssertEqual(binned.binLow[0], [0.1, 0.5, 0.9])
        let many = BinnedFeatures(Features((0..<100).map { [Double($0)] }), maxBins: 10)
        XCTAssertEqual(many.binCount(0), 10)
        XCTAssertEqual(many.binLow[0][1], 10)
        XCTAssertEqual(many.binHigh[0][1], 19)
        // the radix sort behind binning agrees with the standard library's sort (negatives, ties, extremes)
        var rng = SplitMix64(seed: 6)
        var values = (0..<500).map { _ in (rng.nextGaussian() * 1e3).rounded() / 7 } + [0, -1e300, 1e300, .leastNonzeroMagnitude, -3.5, -3.5]
        let expected = values.sorted()
        BinnedFeatures.radixSort(&values)
        XCTAssertEqual(values, expected)
    }

    func testForestIsReproducibleAndBeatsItsMajorityBaseline() throws {
        var rng = SplitMix64(seed: 11)
        // two informative features (class = x₀ + x₁ > 0) and three noise features
        let x = Features((0..<300).map { _ in (0..<5).map { _ in rng.nextGaussian() } })
        let y = (0..<300).map { x[$0, 0] + x[$0, 1] > 0 ? 1 : 0 }
        var a = RandomForestClassifier(trees: 20, seed: 3), b = RandomForestClassifier(trees: 20, seed: 3)
        try a.fit(x.rows(Array(0..<200)), Array(y[0..<200]), classCount: 2)
        try b.fit(x.rows(Array(0..<200)), Array(y[0..<200]), classCount: 2)
        let test = x.rows(Array(200..<300))
        XCTAssertEqual(a.scores(test), b.scores(test), "same seed, same forest (whatever the thread timing)")
        XCTAssertGreaterThan(Metrics.accuracy(Array(y[200..<300]), a.predict(test)), 0.85)
    }

    func testBoostingFirstRoundEqualsOneNewtonStepByHand() throws {
        // One round, depth 1, ν = 1 on x = 1…4, y = 0 0 1 1: F₀ = log(½/½) = 0, p = ½, r = y − ½ = ∓½.
        // Best cut 2.5; left leaf = Σr / Σp(1−p) = (−1) / (2 · ¼) = −2, right leaf = +2.
        // So P(y=1 | x=1) = σ(−2) = 0.1192, P(y=1 | x=4) = σ(2) = 0.8808.
        var model = GradientBoostingClassifier(rounds: 1, learningRate: 1, maxDepth: 1)
        try model.fit(Features((1...4).map { [Double($0)] }), [0, 0, 1, 1], classCount: 2)
        let p = model.scores(Features([[1], [4]]))
        assertClose([p[0, 1], p[1, 1]], [1 / (1 + exp(2.0)), 1 / (1 + exp(-2.0))], rtol: 1e-12)
    }
}
