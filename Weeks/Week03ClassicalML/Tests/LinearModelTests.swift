// OLS, ridge, lasso, L-BFGS and logistic regression against closed forms, a naive solver and
// scikit-learn's coefficients on the same split.

import Shared
import TestSupport
import Week03ClassicalML
import XCTest

final class LinearModelTests: XCTestCase {
    func diabetes() throws -> (Features, [Double]) {
        let data = try LabeledData.load(try Fixtures.require(.sklearn).appendingPathComponent("diabetes.csv"), name: "diabetes", classification: false)
        let split = Split.everyFourth(count: data.x.rows, labels: nil)
        return (data.x.rows(split.train), split.train.map { data.targets[$0] })
    }

    func testOLSRecoversExactCoefficientsOnNoiselessData() throws {
        // y = 3 + 2·x₀ − 1·x₁ exactly → coefficients (2, −1), intercept 3
        var rng = SplitMix64(seed: 1)
        let x = Features((0..<20).map { _ in [rng.nextGaussian(), rng.nextGaussian()] })
        let y = (0..<20).map { 3 + 2 * x[$0, 0] - x[$0, 1] }
        var model = LinearRegression()
        try model.fit(x, y)
        assertClose(model.coefficients, [2, -1], atol: 1e-10)
        assertClose(model.intercept, 3, atol: 1e-10)
    }

    func testRidgeEqualsNaiveNormalEquations() throws {
        // Independent check: build (x̃ᵀx̃ + αI) w = x̃ᵀỹ by plain loops and solve by Gauss–Jordan.
        var rng = SplitMix64(seed: 7)
        let n = 15, d = 4, alpha = 2.5
        let x = Features((0..<n).map { _ in (0..<d).map { _ in rng.nextGaussian() } })
        let y = (0..<n).map { _ in rng.nextGaussian() }
        var means = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { means[j] += x[i, j] / Double(n) } }
        let yMean = y.reduce(0, +) / Double(n)
        var a = [[Double]](repeating: [Double](repeating: 0, count: d + 1), count: d)
        for r in 0..<d {
            for c in 0..<d { for i in 0..<n { a[r][c] += (x[i, r] - means[r]) * (x[i, c] - means[c]) } }
            a[r][r] += alpha
            for i in 0..<n { a[r][d] += (x[i, r] - means[r]) * (y[i] - yMean) }
        }
        for p in 0..<d {
            let pivot = a[p][p]
            for c in 0...d { a[p][c] /= pivot }
            for r in 0..<d where r != p {
                let f = a[r][p]
                for c in 0...d { a[r][c] -= f * a[p][c] }
            }
        }
        let expected = (0..<d).map { a[$0][d] }
        var model = LinearRegression(alpha: alpha)
        try model.fit(x, y)
        assertClose(model.coefficients, expected, rtol: 1e-10, atol: 1e-12)
        assertClose(model.intercept, yMean - zip(means, expected).reduce(0) { $0 + $1.0 * $1.1 }, rtol: 1e-10)
    }

    func testRidgeMatchesScikitLearnOnDiabetes() throws {
        // python3 Weeks/Week03ClassicalML/Reference/sklearn_reference.py --extras   (scikit-learn 1.9.1)
        // ridge(alpha=1) diabetes coef: [-0.012957, -21.375844, 6.157113, 1.196659, -1.157082, 0.82885, 0.446149, 7.29912, 62.326999, 0.509711] intercept: -354.797545
        let (x, y) = try diabetes()
        var model = LinearRegression(alpha: 1)
        try model.fit(x, y)
        assertClose(model.coefficients, [-0.012957, -21.375844, 6.157113, 1.196659, -1.157082, 0.82885, 0.446149, 7.29912, 62.326999, 0.509711],
                    rtol: 1e-4, atol: 2e-6)
        assertClose(model.intercept, -354.797545, rtol: 1e-6)
    }

    func testLassoMatchesScikitLearnOnDiabetes() throws {
        // python3 Weeks/Week03ClassicalML/Reference/sklearn_reference.py --extras   (Lasso(alpha=1, tol=1e-10))
        // lasso(alpha=1) diabetes coef: [0.010711, -16.401535, 6.400079, 1.169386, -0.030541, -0.14757, -0.944216, 1.999703, 31.631836, 0.550866] intercept: -237.910652
        let (x, y) = try diabetes()
        var model = Lasso(alpha: 1, tolerance: 1e-12, maxIterations: 200_000)
        try model.fit(x, y)
        assertClose(model.coefficients, [0.010711, -16.401535, 6.400079, 1.169386, -0.030541, -0.14757, -0.944216, 1.999703, 31.631836, 0.550866],
                    rtol: 1e-4, atol: 2e-6)
        assertClose(model.intercept, -237.910652, rtol: 1e-5)
    }

    func testLassoZeroesEveryCoefficientAboveAlphaMax() throws {
        // All coefficients are 0 exactly when α ≥ α_max = max_j |x̃ⱼᵀỹ| / n (the KKT condition at w = 0);
        // just below α_max one coefficient comes alive.
        var rng = SplitMix64(seed: 3)
        let n = 40, d = 5
        let x = Features((0..<n).map { _ in (0..<d).map { _ in rng.nextGaussian() } })
        let y = (0..<n).map { i in 2 * x[i, 0] - x[i, 3] + 0.1 * rng.nextGaussian() }
        let yMean = y.reduce(0, +) / Double(n)
        let alphaMax = (0..<d).map { j -> Double in
            let column = x.column(j)
            let mean = column.reduce(0, +) / Double(n)
            return abs((0..<n).reduce(0.0) { $0 + (column[$1] - mean) * (y[$1] - yMean) }) / Double(n)
        }.max()!
        var above = Lasso(alpha: alphaMax * 1.0001)
        try above.fit(x, y)
        XCTAssertEqual(above.coefficients, [Double](repeating: 0, count: d))
        assertClose(above.intercept, yMean, rtol: 1e-12)
        var below = Lasso(alpha: alphaMax * 0.9)
        try below.fit(x, y)
        XCTAssertEqual(below.coefficients.filter { $0 != 0 }.count, 1)
    }

    func testSplitsPartitionTheRows() {
        // every-4th stratified split: class sizes 5 and 8 → test rows are each class's 4th and 8th
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]
        let split = Split.everyFourth(count: labels.count, labels: labels)
        XCTAssertEqual(split.test, [3, 8, 12])
        XCTAssertEqual(Set(split.train).union(split.test), Set(0..<labels.count))
        // k-fold: 11 rows in 3 folds of 4, 4, 3
        let folds = CrossValidation.kFold(count: 11, folds: 3, seed: 5)
        XCTAssertEqual(folds.map(\.validation.count), [4, 4, 3])
        XCTAssertEqual(folds.flatMap(\.validation).sorted(), Array(0..<11))
        for f in folds { XCTAssertEqual(Set(f.train).union(f.validation), Set(0..<11)); XCTAssertTrue(Set(f.train).isDisjoint(with: f.validation)) }
    }

    func testLBFGSFindsTheRosenbrockMinimum() {
        // f(a, b) = (1 − a)² + 100 (b − a²)², minimum 0 at (1, 1)
        let result = LBFGS.minimize(start: [-1.2, 1], maxIterations: 500, gradientTolerance: 1e-10) { p, g in
            let a = p[0], b = p[1]
            g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
            g[1] = 200 * (b - a * a)
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
        }
        assertClose(result.x, [1, 1], atol: 1e-6)
    }

    func testLogisticMatchesScikitLearnOnBreastCancer() throws {
        // python3 Weeks/Week03ClassicalML/Reference/sklearn_reference.py --extras
        // (StandardScaler fitted on the train split, LogisticRegression(C=1, tol=1e-10, max_iter=10000))
        // logistic breast_cancer (scaled) first 5 coef: [-0.28211, -0.45458, -0.305925, -0.437257, -0.17769] intercept: 0.381913
        let data = try LabeledData.load(try Fixtures.require(.sklearn).appendingPathComponent("breast_cancer.csv"), name: "bc", classification: true)
        let split = Split.everyFourth(count: data.x.rows, labels: data.labels)
        var scaler = StandardScaler()
        scaler.fit(data.x.rows(split.train))
        var model = LogisticRegression(c: 1, maxIterations: 2000)
        try model.fit(scaler.transform(data.x.rows(split.train)), split.train.map { data.labels![$0] }, classCount: 2)
        assertClose(Array(model.weights.prefix(5)), [-0.28211, -0.45458, -0.305925, -0.437257, -0.17769], rtol: 1e-3, atol: 1e-5)
        assertClose(model.bias[0], 0.381913, rtol: 1e-3)
    }

    func testLogisticSinglePrecisionProductsMatchDouble() throws {
        // Large inputs run X·W and Xᵀ·R as sgemm; forcing both paths on the same softmax problem
        // must give the same optimum to single-precision accuracy.
        var rng = SplitMix64(seed: 12)
        let x = Features((0..<300).map { _ in (0..<20).map { _ in rng.nextGaussian() } })
        let labels = (0..<300).map { i in (x[i, 0] + x[i, 1] > 0 ? 1 : 0) + (x[i, 2] > 0.5 ? 1 : 0) }
        var double = LogisticRegression(c: 1, maxIterations: 1000)
        double.singlePrecisionFrom = Int.max
        var single = LogisticRegression(c: 1, maxIterations: 1000)
        single.singlePrecisionFrom = 0
        try double.fit(x, labels, classCount: 3)
        try single.fit(x, labels, classCount: 3)
        assertClose(single.weights, double.weights, rtol: 1e-3, atol: 1e-4)
    }

    func testNaiveBayesPosteriorEqualsDirectComputation() throws {
        // One feature; class 0 = {0, 2} (μ 1, σ² 1), class 1 = {4, 6, 8} (μ 6, σ² 8/3); priors 2/5, 3/5.
        // ε = 1e-9 · Var(all) is negligible at this tolerance. Posterior at x = 3 by Bayes' rule:
        let x = Features([[0], [2], [4], [6], [8]])
        var model = GaussianNaiveBayes()
        try model.fit(x, [0, 0, 1, 1, 1], classCount: 2)
        func normal(_ v: Double, _ mu: Double, _ variance: Double) -> Double {
            exp(-(v - mu) * (v - mu) / (2 * variance)) / (2 * Double.pi * variance).squareRoot()
        }
        let joint0 = 0.4 * normal(3, 1, 1), joint1 = 0.6 * normal(3, 6, 8.0 / 3)
        let p = model.scores(Features([[3]]))
        assertClose(p.values, [joint0 / (joint0 + joint1), joint1 / (joint0 + joint1)], rtol: 1e-6)
    }
}
