// EM for Gaussian mixtures: the log-likelihood never decreases, known means are recovered from
// synthetic data, and the E-step's log-likelihood equals a direct evaluation of the density.

import Foundation
import Shared
import TestSupport
import Week01LinearAlgebra
import Week02Optimization
import XCTest

final class GMMTests: XCTestCase {
    /// 3 clusters of 300 points in 2-D: N((0, 0), diag(1, 1)), N((6, 6), [[1, 0.6], [0.6, 1]]), N((−6, 5), diag(0.5², 1.5²)),
    /// with the means scaled by `spread` (< 1: overlapping clusters, which EM needs many iterations to separate).
    static func synthetic(seed: UInt64 = 9, spread: Double = 1) -> Matrix {
        var rng = SplitMix64(seed: seed)
        var values: [Double] = []
        for _ in 0..<300 { values += [rng.nextGaussian(), rng.nextGaussian()] }
        for _ in 0..<300 {
            let a = rng.nextGaussian(), b = rng.nextGaussian()
            values += [6 * spread + a, 6 * spread + 0.6 * a + 0.8 * b]  // correlation 0.6, unit variances
        }
        for _ in 0..<300 { values += [-6 * spread + 0.5 * rng.nextGaussian(), 5 * spread + 1.5 * rng.nextGaussian()] }
        return Matrix(rows: 900, columns: 2, values: values)
    }

    func testLogLikelihoodNeverDecreases() throws {
        let x = GMMTests.synthetic(spread: 0.4)
        for type in CovarianceType.allCases {
            for seed: UInt64 in 0..<4 {
                // Without regularisation EM's monotonicity is exact (up to rounding).
                let model = try GaussianMixture.fit(x, components: 3, covarianceType: type, maxIterations: 100, tolerance: 1e-10,
                                                    regularization: 0, seed: seed)
                let history = model.logLikelihoodHistory
                XCTAssertGreaterThan(history.count, 10, "\(type) seed \(seed): overlapping clusters take EM a while")
                for i in 1..<history.count {
                    XCTAssertGreaterThanOrEqual(history[i], history[i - 1] - 1e-9 * abs(history[i - 1]), "\(type) seed \(seed) iteration \(i)")
                }
            }
        }
        // With K = 5 on 3 clusters (components compete) and the default regularisation too.
        let crowded = try GaussianMixture.fit(x, components: 5, maxIterations: 200, tolerance: 1e-10, seed: 1)
        for i in 1..<crowded.logLikelihoodHistory.count {
            XCTAssertGreaterThanOrEqual(crowded.logLikelihoodHistory[i], crowded.logLikelihoodHistory[i - 1] - 1e-9 * abs(crowded.logLikelihoodHistory[i - 1]))
        }
    }

    func testRecoversKnownMeansWeightsAndCovariances() throws {
        let model = try GaussianMixture.fit(GMMTests.synthetic(), components: 3, restarts: 3, seed: 0)
        XCTAssertTrue(model.converged)
        let truth: [[Double]] = [[0, 0], [6, 6], [-6, 5]]
        for mean in truth {
            let c = (0..<3).min { Minimizer.distance(model.means[$0], mean) < Minimizer.distance(model.means[$1], mean) }!
            XCTAssertLessThan(Minimizer.distance(model.means[c], mean), 0.2, "mean near \(mean): \(model.means[c])")
            XCTAssertEqual(model.weights[c], 1.0 / 3, accuracy: 0.02)
            if mean == [6, 6] { assertClose(model.covariances[c], [1, 0.6, 0.6, 1], rtol: 0, atol: 0.2, "correlated cluster's covariance") }
            if mean == [-6, 5] { assertClose(model.covariances[c], [0.25, 0, 0, 2.25], rtol: 0, atol: 0.35, "elongated cluster's covariance") }
        }
        // Hard assignments agree with the generating cluster for (nearly) every point.
        let labels = (0..<900).map { $0 / 300 }
        let predicted = try model.predict(GMMTests.synthetic())
        var agreement = 0
        for cluster in 0..<3 {
            let members = predicted[(cluster * 300)..<((cluster + 1) * 300)]
            let majority = Dictionary(grouping: members, by: { $0 }).values.map(\.count).max()!
            agreement += majority
        }
        XCTAssertGreaterThan(Double(agreement) / Double(labels.count), 0.98)
    }

    func testLogLikelihoodEqualsDirectDensity() throws {
        // Independent evaluation: the 2-D normal density with an explicit inverse and determinant.
        let x = GMMTests.synthetic(seed: 4)
        let model = try GaussianMixture.fit(x, components: 3, maxIterations: 5, seed: 2)
        var total = 0.0
        for n in 0..<x.rows {
            var density = 0.0
            for c in 0..<3 {
                let s = model.covariances[c]
                let det = s[0] * s[3] - s[1] * s[2]
                let dx = x[n, 0] - model.means[c][0], dy = x[n, 1] - model.means[c][1]
                let quadratic = (s[3] * dx * dx - (s[1] + s[2]) * dx * dy + s[0] * dy * dy) / det
                density += model.weights[c] * Foundation.exp(-0.5 * quadratic) / (2 * Double.pi * det.squareRoot())
            }
            total += Foundation.log(density)
        }
        XCTAssertEqual(try model.logLikelihood(x), total, accuracy: 1e-8 * abs(total))
        XCTAssertEqual(model.weights.reduce(0, +), 1, accuracy: 1e-12)
    }

    func testClearErrors() {
        let x = GMMTests.synthetic()
        XCTAssertThrowsError(try GaussianMixture.fit(x, components: 0))
        XCTAssertThrowsError(try GaussianMixture.fit(x.rows(0..<5), components: 3)) { error in
            XCTAssertTrue("\(error)".contains("too few"), "\(error)")
        }
        XCTAssertThrowsError(try CovarianceType.named("spherical"))
        // Two identical points per component: singular covariances without regularisation.
        let degenerate = Matrix(rows: 4, columns: 2, values: [1, 1, 1, 1, 5, 5, 5, 5])
        XCTAssertThrowsError(try GaussianMixture.fit(degenerate, components: 2, regularization: 0)) { error in
            XCTAssertTrue("\(error)".contains("collapsed"), "\(error)")
        }
    }
}
