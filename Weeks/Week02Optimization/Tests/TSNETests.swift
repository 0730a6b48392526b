// t-SNE: the analytic gradient against central differences of the KL objective, the KL against
// a naive evaluation, the perplexity calibration against its target, and a small embedding that
// keeps two far-apart clusters apart.

import Foundation
import Shared
import TestSupport
import Week01LinearAlgebra
import Week02Optimization
import XCTest

final class TSNETests: XCTestCase {
    /// A random symmetric P (zero diagonal, sums to 1) and a random Y, N points.
    func randomProblem(_ n: Int, seed: UInt64) -> (TSNEAffinities, [Double]) {
        var rng = SplitMix64(seed: seed)
        var p = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in (i + 1)..<n { p[i * n + j] = rng.nextUnitDouble() + 0.01; p[j * n + i] = p[i * n + j] } }
        let total = p.reduce(0, +)
        p = p.map { $0 / total }
        let y = (0..<(2 * n)).map { _ in rng.nextGaussian() }
        return (TSNEAffinities(p: p, n: n), y)
    }

    /// Straight from the definitions: KL(P‖Q) = Σ_{i≠j} p_ij log(p_ij / q_ij) for α = 1; with
    /// exaggeration α the objective whose gradient is 4Σⱼ(αp_ij − q_ij)k_ij(yᵢ − yⱼ):
    /// C_α = Σ_{i≠j} [αp_ij log(αp_ij) − αp_ij log k_ij] + log Z (P sums to 1).
    func naiveKL(_ a: TSNEAffinities, _ y: [Double], exaggeration: Double = 1) -> Double {
        let n = a.n
        var z = 0.0
        func kernel(_ i: Int, _ j: Int) -> Double {
            let d0 = y[2 * i] - y[2 * j], d1 = y[2 * i + 1] - y[2 * j + 1]
            return 1 / (1 + d0 * d0 + d1 * d1)
        }
        for i in 0..<n { for j in 0..<n where j != i { z += kernel(i, j) } }
        var kl = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                if exaggeration == 1 {
                    kl += a.p[i * n + j] * Foundation.log(a.p[i * n + j] / (kernel(i, j) / z))
                } else {
                    let p = exaggeration * a.p[i * n + j]
                    kl += p * Foundation.log(p) - p * Foundation.log(kernel(i, j))
                }
            }
        }
        return exaggeration == 1 ? kl : kl + Foundation.log(z)
    }

    func testGradientEqualsNumericalGradient() {
        for (n, seed) in [(5, UInt64(1)), (12, 2), (30, 3)] {
            let (affinities, y) = randomProblem(n, seed: seed)
            for exaggeration in [1.0, 12.0] {
                let analytic = TSNE.objective(affinities, y: y, exaggeration: exaggeration).gradient
                let numeric = numericalGradient(at: y, h: 1e-5) { TSNE.objective(affinities, y: $0, exaggeration: exaggeration).kl }
                assertClose(analytic, numeric, rtol: 1e-5, atol: 1e-8, "N = \(n), exaggeration \(exaggeration)")
                // The same against the naive KL (independent of the one-pass formula).
                let naive = numericalGradient(at: y, h: 1e-5) { self.naiveKL(affinities, $0, exaggeration: exaggeration) }
                assertClose(analytic, naive, rtol: 1e-5, atol: 1e-8, "N = \(n) vs naive KL")
            }
        }
    }

    func testKLEqualsTheDefinitionAndIsZeroWhenQEqualsP() {
        let (affinities, y) = randomProblem(15, seed: 4)
        XCTAssertEqual(TSNE.objective(affinities, y: y).kl, naiveKL(affinities, y), accuracy: 1e-12)
        XCTAssertEqual(TSNE.objective(affinities, y: y, exaggeration: 12).kl, naiveKL(affinities, y, exaggeration: 12), accuracy: 1e-10)
        // Take P := Q(Y): then KL(P‖Q) = 0 and the gradient vanishes.
        let n = 15
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let d0 = y[2 * i] - y[2 * j], d1 = y[2 * i + 1] - y[2 * j + 1]
                q[i * n + j] = 1 / (1 + d0 * d0 + d1 * d1)
            }
        }
        let z = q.reduce(0, +)
        let matched = TSNE.objective(TSNEAffinities(p: q.map { $0 / z }, n: n), y: y)
        XCTAssertEqual(matched.kl, 0, accuracy: 1e-12)
        XCTAssertLessThan(matched.gradient.map(abs).max()!, 1e-12)
    }

    func testPerplexityCalibrationHitsTheTarget() throws {
        var rng = SplitMix64(seed: 5)
        let n = 200, d = 10
        let x = Matrix(rows: n, columns: d, values: (0..<(n * d)).map { _ in rng.nextGaussian() * (1 + rng.nextUnitDouble()) })
        let distances = TSNE.squaredDistances(x)
        // The distances equal a naive double loop.
        for (i, j) in [(0, 1), (5, 199), (100, 3)] {
            let naive = (0..<d).reduce(0.0) { $0 + (x[i, $1] - x[j, $1]) * (x[i, $1] - x[j, $1]) }
            XCTAssertEqual(distances[i * n + j], naive, accuracy: 1e-10)
        }
        for perplexity in [5.0, 30.0, 50.0] {
            let calibration = try TSNE.calibrate(squaredDistances: distances, n: n, perplexity: perplexity)
            for i in 0..<n {
                // Recompute row i from βᵢ alone: p_{j|i} ∝ exp(−βᵢ d_ij), perplexity exp(−Σ p log p).
                let beta = calibration.betas[i]
                let weights = (0..<n).map { j in j == i ? 0 : Foundation.exp(-beta * distances[i * n + j]) }
                let total = weights.reduce(0, +)
                let entropy = weights.reduce(0.0) { $1 > 0 ? $0 - ($1 / total) * Foundation.log($1 / total) : $0 }
                XCTAssertEqual(Foundation.exp(entropy), perplexity, accuracy: perplexity * 1e-4, "row \(i), perplexity \(perplexity)")
                assertClose(Array(calibration.conditional[(i * n)..<((i + 1) * n)]), weights.map { $0 / total }, rtol: 1e-9, atol: 1e-15)
            }
        }
        XCTAssertThrowsError(try TSNE.calibrate(squaredDistances: distances, n: n, perplexity: 500))
    }

    func testJointProbabilitiesAreSymmetricAndSumToOne() throws {
        var rng = SplitMix64(seed: 6)
        let n = 50
        let x = Matrix(rows: n, columns: 3, values: (0..<(n * 3)).map { _ in rng.nextGaussian() })
        let p = try TSNE.jointProbabilities(x, perplexity: 10)
        XCTAssertEqual(p.sumP, 1, accuracy: 1e-9)
        for i in 0..<n {
            XCTAssertEqual(p.p[i * n + i], 0)
            for j in 0..<n { XCTAssertEqual(p.p[i * n + j], p.p[j * n + i]) }
        }
    }

    func testEmbeddingKeepsSeparatedClustersApart() throws {
        // 30 points near the origin and 30 near (20, …, 20) in 5-D: every point's nearest neighbour in
        // the embedding must come from its own cluster.
        var rng = SplitMix64(seed: 7)
        var values: [Double] = []
        for i in 0..<60 { for _ in 0..<5 { values.append((i < 30 ? 0 : 20) + rng.nextGaussian()) } }
        var settings = TSNESettings()
        settings.perplexity = 10
        settings.iterations = 400
        let result = try TSNE.embed(Matrix(rows: 60, columns: 5, values: values), settings: settings)
        let y = result.embedding
        for i in 0..<60 {
            let nearest = (0..<60).filter { $0 != i }.min { a, b in
                pow(y[2 * i] - y[2 * a], 2) + pow(y[2 * i + 1] - y[2 * a + 1], 2) < pow(y[2 * i] - y[2 * b], 2) + pow(y[2 * i + 1] - y[2 * b + 1], 2)
            }!
            XCTAssertEqual(nearest < 30, i < 30, "point \(i)")
        }
        XCTAssertTrue(result.finalKL.isFinite && result.finalKL >= 0)
        // The KL falls once the exaggeration is over.
        let after = result.klHistory.filter { $0.iteration > settings.exaggerationIterations }.map(\.kl)
        XCTAssertLessThanOrEqual(after.last!, after.first! + 1e-9)
        XCTAssertThrowsError(try TSNE.embed(Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6])))
    }
}
