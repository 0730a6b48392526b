// SVM, kNN, k-means, silhouette, ARI, attributions and Monte Carlo against hand-worked values or
// naive implementations.

import Shared
import TestSupport
import Week03ClassicalML
import XCTest

final class OtherModelTests: XCTestCase {
    func testLinearSVMFindsTheMaximumMarginByHand() throws {
        // + : (2,2), (4,4)   − : (0,0), (−1,−2). The closest points of the two hulls are (2,2) and (0,0),
        // so the max-margin separator is their perpendicular bisector: f(x) = ½x₁ + ½x₂ − 1
        // (f = +1 at (2,2), −1 at (0,0)), with α = ¼ on those two support vectors only.
        let x = Features([[2, 2], [4, 4], [0, 0], [-1, -2]])
        let svm = try BinarySVM.fit(x, [1, 1, -1, -1], kernel: .linear, c: 100, tolerance: 1e-9)
        assertClose(svm.decision(Features([[1, 1], [3, 3], [0, 2], [2, 2]]), kernel: .linear), [0, 2, 0, 1], atol: 1e-6)
        XCTAssertEqual(svm.supportVectors.rows, 2)
        assertClose(svm.dualCoefficients.map(abs), [0.25, 0.25], atol: 1e-6)
    }

    func testRBFSVMSeparatesARing() throws {
        // class 1 inside radius 1, class 0 on a ring of radius 3: no line separates them, an RBF kernel does.
        var rng = SplitMix64(seed: 5)
        var rows: [[Double]] = [], labels: [Int] = []
        for i in 0..<80 {
            let angle = 2 * Double.pi * rng.nextUnitDouble()
            let r = i % 2 == 0 ? 0.8 * rng.nextUnitDouble() : 3 + 0.2 * rng.nextGaussian()
            rows.append([r * cos(angle), r * sin(angle)])
            labels.append(i % 2 == 0 ? 1 : 0)
        }
        var svm = SupportVectorClassifier(kernel: .rbf)
        try svm.fit(Features(rows), labels, classCount: 2)
        XCTAssertEqual(svm.predict(Features([[0, 0], [0.3, -0.2], [3, 0], [0, -3]])), [1, 1, 0, 0])
    }

    func testNearestNeighborsEqualNaiveSort() throws {
        var rng = SplitMix64(seed: 9)
        let train = Features((0..<60).map { _ in (0..<3).map { _ in rng.nextGaussian() } })
        let queries = Features((0..<10).map { _ in (0..<3).map { _ in rng.nextGaussian() } })
        var knn = KNeighborsRegressor(k: 4)
        try knn.fit(train, (0..<60).map(Double.init))
        let found = knn.search.neighbors(queries)
        for q in 0..<queries.rows {
            let naive = (0..<60).sorted { a, b in
                let da = (0..<3).reduce(0.0) { $0 + pow(train[a, $1] - queries[q, $1], 2) }
                let db = (0..<3).reduce(0.0) { $0 + pow(train[b, $1] - queries[q, $1], 2) }
                return da < db
            }
            XCTAssertEqual(found[q], Array(naive.prefix(4)), "query \(q)")
        }
    }

    func testKMeansFindsSeparatedBlobs() throws {
        var rng = SplitMix64(seed: 2)
        let centres = [[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]]
        var rows: [[Double]] = [], truth: [Int] = []
        for i in 0..<150 {
            let c = i % 3
            rows.append([centres[c][0] + rng.nextGaussian(), centres[c][1] + rng.nextGaussian()])
            truth.append(c)
        }
        var model = KMeans(k: 3, restarts: 3, seed: 1)
        let labels = try model.fit(Features(rows))
        XCTAssertEqual(Clustering.adjustedRandIndex(truth, labels), 1, accuracy: 1e-12)
        let stability = try Clustering.stability(Features(rows), k: 3, seeds: [0, 1, 2, 3])
        XCTAssertEqual(stability.meanARI, 1, accuracy: 1e-12)
    }

    func testSilhouetteAndAdjustedRandIndexByHand() {
        // 1-D points 0, 1 | 10, 11. Point 0: a = 1, b = (10 + 11)/2 = 10.5, s = 9.5/10.5; point 1: a = 1,
        // b = (9 + 10)/2 = 9.5, s = 8.5/9.5; 10 and 11 mirror them. Mean = (9.5/10.5 + 8.5/9.5) / 2 = 0.899749.
        let s = Clustering.silhouette(Features([[0], [1], [10], [11]]), [0, 0, 1, 1])
        assertClose(s, (9.5 / 10.5 + 8.5 / 9.5) / 2, rtol: 1e-12)
        // sklearn docs: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.57142857 (= 4/7); relabelling → 1.0
        assertClose(Clustering.adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 4.0 / 7, rtol: 1e-12)
        assertClose(Clustering.adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]), 1, rtol: 1e-12)
    }

    func testShapleyValuesOfALinearModelAreExact() throws {
        // For f(x) = b + Σ wⱼxⱼ the interventional Shapley value is φⱼ = wⱼ (xⱼ − mean_b xⱼ), and Σφ = f(x) − E f(b).
        let w = [2.0, -1.0, 0.5, 0, 3]
        let f: (Features) -> [Double] = { x in (0..<x.rows).map { i in 1 + (0..<5).reduce(0.0) { $0 + w[$1] * x[i, $1] } } }
        var rng = SplitMix64(seed: 4)
        let background = Features((0..<7).map { _ in (0..<5).map { _ in rng.nextGaussian() } })
        let row = [1.0, 2, -1, 4, 0.5]
        let (phi, base) = try Attribution.shapley(row: row, background: background, predict: f)
        let means = (0..<5).map { j in background.column(j).reduce(0, +) / 7 }
        assertClose(phi, (0..<5).map { w[$0] * (row[$0] - means[$0]) }, rtol: 1e-10, atol: 1e-12)
        assertClose(base + phi.reduce(0, +), f(Features([row]))[0], rtol: 1e-12)
    }

    func testShapleyEfficiencyForATreeAndPermutationImportanceOfAnIgnoredFeature() throws {
        var rng = SplitMix64(seed: 8)
        let x = Features((0..<120).map { _ in (0..<3).map { _ in rng.nextGaussian() } })
        let y = (0..<120).map { x[$0, 0] > 0 ? 1 : 0 }  // only feature 0 matters
        var tree = DecisionTreeRegressor(maxDepth: 3)
        try tree.fit(x, y.map(Double.init))
        let row = x.row(5)
        let (phi, base) = try Attribution.shapley(row: row, background: x.rows(Array(0..<20)), predict: tree.predict)
        assertClose(base + phi.reduce(0, +), tree.predict(Features([row]))[0], rtol: 1e-10, atol: 1e-12)
        let importance = Attribution.permutationImportance(x, repeats: 5, seed: 1) {
            Metrics.accuracy(y, tree.predict($0).map { $0 > 0.5 ? 1 : 0 })
        }
        XCTAssertGreaterThan(importance.mean[0], 0.3)
        XCTAssertEqual(importance.mean[1], 0)
        XCTAssertEqual(importance.mean[2], 0)
    }

    func testMonteCarloPiWithinFourStandardErrors() {
        // Each sample is 4·Bernoulli(π/4): SE = 4·√(p(1 − p)/n) = 0.00367 for n = 200 000.
        let estimate = MonteCarlo.pi(samples: 200_000, seed: 1)
        XCTAssertLessThan(abs(estimate.value - Double.pi), 4 * estimate.standardError)
        let p = Double.pi / 4
        assertClose(estimate.standardError, 4 * (p * (1 - p) / 200_000).squareRoot(), rtol: 0.02)
        assertClose(MonteCarlo.gaussianExact, 0.746824132812427, rtol: 1e-12)  // √π/2·erf(1), e.g. scipy.special.erf
    }
}
