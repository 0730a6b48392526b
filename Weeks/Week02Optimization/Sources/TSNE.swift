// Exact t-SNE (van der Maaten & Hinton, 2008), with the optimisation schedule scikit-learn's
// TSNE(method="exact") uses, so the two can be timed on the same settings.
//
//   input affinities  p_{j|i} = exp(−βᵢ‖xᵢ − xⱼ‖²) / Σ_{k≠i} exp(−βᵢ‖xᵢ − x_k‖²), with βᵢ found by
//                     binary search so that the perplexity exp(H(P_i)) equals the target (tol 1e-5
//                     in entropy); then p_ij = (p_{j|i} + p_{i|j}) / 2N (symmetric, sums to 1)
//   output affinities q_ij = (1 + ‖yᵢ − yⱼ‖²)⁻¹ / Σ_{k≠l} (1 + ‖y_k − y_l‖²)⁻¹  (Student t, 1 dof)
//   objective         C = KL(P‖Q) = Σ_{i≠j} p_ij log(p_ij / q_ij)
//   gradient          ∂C/∂yᵢ = 4 Σⱼ (p_ij − q_ij)(1 + ‖yᵢ − yⱼ‖²)⁻¹ (yᵢ − yⱼ)
//   optimisation      gradient descent with momentum and per-coordinate gains (+0.2 when the
//                     gradient changes sign against the last update, ×0.8 otherwise, ≥ 0.01);
//                     250 iterations with P × 12 (early exaggeration) and momentum 0.5, then
//                     momentum 0.8; learning rate max(N / 12 / 4, 50) ("auto"); initial Y the first
//                     two principal components scaled to standard deviation 1e-4 (Week01's PCA).
//
// Cost: O(N²) memory and time per iteration. The input distances come from one BLAS dgemm
// (‖xᵢ − xⱼ‖² = ‖xᵢ‖² + ‖xⱼ‖² − 2xᵢ·xⱼ); the 2-D output distances from a tight loop over the
// N(N − 1)/2 pairs. What it does not do: Barnes–Hut (O(N log N)) approximations.

import Foundation
import Shared
import Week01LinearAlgebra

public struct TSNESettings: Sendable {
    public enum Initialization: String, Sendable { case pca, random }
    public var perplexity = 30.0
    public var iterations = 1000
    public var earlyExaggeration = 12.0
    public var exaggerationIterations = 250
    /// nil: scikit-learn's "auto", max(N / earlyExaggeration / 4, 50).
    public var learningRate: Double?
    public var initialMomentum = 0.5
    public var finalMomentum = 0.8
    public var minGain = 0.01
    public var initialization = Initialization.pca
    public var seed: UInt64 = 0

    public init() {}
}

public struct TSNEResult: Sendable {
    /// N × 2, row-major.
    public var embedding: [Double]
    /// (iteration, KL(P‖Q)) every 50 iterations (before that iteration's update) and after the last
    /// one. During early exaggeration the optimizer follows C₁₂ (see `objective`), but the KL
    /// reported is still that of the unexaggerated P.
    public var klHistory: [(iteration: Int, kl: Double)]
    /// KL(P‖Q) of the final embedding.
    public var finalKL: Double
    public var learningRate: Double
}

public struct PerplexityCalibration: Sendable {
    /// p_{j|i}, N × N row-major (zero diagonal).
    public var conditional: [Double]
    /// βᵢ = 1 / 2σᵢ².
    public var betas: [Double]
    /// exp(H(P_i)) reached by each row.
    public var perplexities: [Double]
}

/// The symmetric input affinities P (N × N, zero diagonal) and the two sums the KL needs.
public struct TSNEAffinities: Sendable {
    public let p: [Double]
    public let n: Int
    /// Σ_{i≠j} p_ij (1 up to the epsilon floor) and Σ_{i≠j} p_ij log p_ij.
    public let sumP: Double
    public let sumPLogP: Double

    /// `p` must be symmetric (only its upper triangle is read by the objective).
    public init(p: [Double], n: Int) {
        precondition(p.count == n * n, "TSNEAffinities: \(p.count) values for N = \(n)")
        self.p = p
        self.n = n
        var sum = 0.0, sumLog = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i && p[i * n + j] > 0 {
                sum += p[i * n + j]
                sumLog += p[i * n + j] * Foundation.log(p[i * n + j])
            }
        }
        sumP = sum
        sumPLogP = sumLog
    }
}

public enum TSNE {
    static let machineEpsilon = Double.ulpOfOne

    /// ‖xᵢ − xⱼ‖² for all pairs (N × N), through one dgemm.
    public static func squaredDistances(_ x: Matrix) -> [Double] {
        let n = x.rows, d = x.columns
        var gram = [Double](repeating: 0, count: n * n)
        x.values.withUnsafeBufferPointer { a in
            gram.withUnsafeMutableBufferPointer { g in
                BLAS.dgemm(transposeA: false, transposeB: true, m: n, n: n, k: d, a: a.baseAddress!, b: a.baseAddress!, c: g.baseAddress!)
            }
        }
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i { out[i * n + j] = Swift.max(0, gram[i * n + i] + gram[j * n + j] - 2 * gram[i * n + j]) }
        }
        return out
    }

    /// Binary search for each βᵢ so that exp(H(P_i)) = perplexity.
    public static func calibrate(squaredDistances distances: [Double], n: Int, perplexity: Double,
                                 tolerance: Double = 1e-5, maxSteps: Int = 100) throws -> PerplexityCalibration {
        guard perplexity > 1, Double(n - 1) > perplexity else {
            throw Week02Error.invalidArgument("--perplexity must be between 1 and N − 1 = \(n - 1), got \(perplexity)")
        }
        let target = Foundation.log(perplexity)
        var conditional = [Double](repeating: 0, count: n * n)
        var betas = [Double](repeating: 1, count: n)
        var perplexities = [Double](repeating: 0, count: n)
        var row = [Double](repeating: 0, count: n)
        for i in 0..<n {
            // Shift by the nearest distance: the same distribution, without underflow.
            var nearest = Double.infinity
            for j in 0..<n where j != i { nearest = Swift.min(nearest, distances[i * n + j]) }
            var beta = 1.0, low = -Double.infinity, high = Double.infinity
            var entropy = 0.0
            for _ in 0..<maxSteps {
                var sum = 0.0
                for j in 0..<n {
                    row[j] = j == i ? 0 : Foundation.exp(-(distances[i * n + j] - nearest) * beta)
                    sum += row[j]
                }
                var weighted = 0.0
                for j in 0..<n {
                    row[j] /= sum
                    weighted += (distances[i * n + j] - nearest) * row[j]
                }
                entropy = Foundation.log(sum) + beta * weighted
                let difference = entropy - target
                if abs(difference) <= tolerance { break }
                if difference > 0 {
                    low = beta
                    beta = high == .infinity ? beta * 2 : (beta + high) / 2
                } else {
                    high = beta
                    beta = low == -.infinity ? beta / 2 : (beta + low) / 2
                }
            }
            for j in 0..<n { conditional[i * n + j] = row[j] }
            betas[i] = beta
            perplexities[i] = Foundation.exp(entropy)
        }
        return PerplexityCalibration(conditional: conditional, betas: betas, perplexities: perplexities)
    }

    /// P = (P_cond + P_condᵀ) / 2N, floored at machine epsilon off the diagonal.
    public static func jointProbabilities(_ x: Matrix, perplexity: Double) throws -> TSNEAffinities {
        let n = x.rows
        let calibration = try calibrate(squaredDistances: squaredDistances(x), n: n, perplexity: perplexity)
        var p = [Double](repeating: 0, count: n * n)
        let c = calibration.conditional
        for i in 0..<n {
            for j in 0..<n where j != i {
                p[i * n + j] = Swift.max((c[i * n + j] + c[j * n + i]) / Double(2 * n), machineEpsilon)
            }
        }
        return TSNEAffinities(p: p, n: n)
    }

    /// The objective and its gradient with respect to Y (N × 2), for exaggeration α. One pass over
    /// the pairs i < j, with k_ij = (1 + ‖yᵢ − yⱼ‖²)⁻¹ and Z = Σ_{i≠j} k_ij, accumulating
    ///   attraction Aᵢ = Σⱼ p_ij k_ij (yᵢ − yⱼ)   and   repulsion Rᵢ = Σⱼ k_ij² (yᵢ − yⱼ),
    /// so that the gradient 4 Σⱼ (αp_ij − q_ij) k_ij (yᵢ − yⱼ) = 4 (αAᵢ − Rᵢ/Z): no N × N buffer.
    /// The value is C_α = Σ αp log αp − Σ αp log k + log Z, the function that gradient descends;
    /// for α = 1 it is KL(P‖Q). (During exaggeration scikit-learn prints KL(αP‖Q) instead, whose
    /// log Z term is scaled by α; the gradient both follow is the one above.) The value needs a
    /// log per pair, so it is computed only when asked.
    public static func objective(_ affinities: TSNEAffinities, y: [Double], exaggeration: Double = 1,
                                 computeKL: Bool = true) -> (kl: Double, gradient: [Double]) {
        let n = affinities.n
        var attraction = [Double](repeating: 0, count: 2 * n)
        var repulsion = [Double](repeating: 0, count: 2 * n)
        var z = 0.0
        var sumPLogK = 0.0
        affinities.p.withUnsafeBufferPointer { p in
            y.withUnsafeBufferPointer { y in
                attraction.withUnsafeMutableBufferPointer { a in
                    repulsion.withUnsafeMutableBufferPointer { r in
                        for i in 0..<n {
                            let yi0 = y[2 * i], yi1 = y[2 * i + 1]
                            var a0 = 0.0, a1 = 0.0, r0 = 0.0, r1 = 0.0, zi = 0.0, pLogK = 0.0
                            let row = i * n
                            for j in (i + 1)..<Swift.max(i + 1, n) {
                                let d0 = yi0 - y[2 * j], d1 = yi1 - y[2 * j + 1]
                                let k = 1 / (1 + d0 * d0 + d1 * d1)
                                let pk = p[row + j] * k, kk = k * k
                                zi += k
                                a0 += pk * d0; a1 += pk * d1
                                r0 += kk * d0; r1 += kk * d1
                                a[2 * j] -= pk * d0; a[2 * j + 1] -= pk * d1
                                r[2 * j] -= kk * d0; r[2 * j + 1] -= kk * d1
                                if computeKL { pLogK += p[row + j] * Foundation.log(k) }
                            }
                            a[2 * i] += a0; a[2 * i + 1] += a1
                            r[2 * i] += r0; r[2 * i + 1] += r1
                            z += 2 * zi
                            sumPLogK += 2 * pLogK
                        }
                    }
                }
            }
        }
        var gradient = [Double](repeating: 0, count: 2 * n)
        for c in 0..<(2 * n) { gradient[c] = 4 * (exaggeration * attraction[c] - repulsion[c] / z) }
        guard computeKL else { return (.nan, gradient) }
        let alpha = exaggeration
        let value = alpha * (affinities.sumPLogP + Foundation.log(alpha) * affinities.sumP - sumPLogK) + Foundation.log(z) * affinities.sumP
        return (value, gradient)
    }

    /// The initial embedding: PCA scaled to std 1e-4 in the first coordinate, or N(0, 1e-4²).
    public static func initialEmbedding(_ x: Matrix, settings: TSNESettings) throws -> [Double] {
        let n = x.rows
        if settings.initialization == .random || x.columns < 2 {
            var rng = SplitMix64(seed: settings.seed)
            return (0..<(2 * n)).map { _ in 1e-4 * rng.nextGaussian() }
        }
        let pca = try PCA(x, components: 2)
        let first = pca.scores.column(0)
        let sd = (first.reduce(0) { $0 + $1 * $1 } / Double(n) - Foundation.pow(first.reduce(0, +) / Double(n), 2)).squareRoot()
        let scale = sd > 0 ? 1e-4 / sd : 1e-4
        return pca.scores.values.map { $0 * scale }
    }

    public static func embed(_ x: Matrix, settings: TSNESettings = TSNESettings(),
                             progress: ((Int, Double) -> Void)? = nil) throws -> TSNEResult {
        let n = x.rows
        guard n >= 5 else { throw Week02Error.notEnoughData("t-SNE needs at least 5 points, got \(n)") }
        guard x.values.allSatisfy(\.isFinite) else { throw Week02Error.invalidArgument("the data contain NaN or infinity") }
        guard settings.iterations >= 1 else { throw Week02Error.invalidArgument("--iterations must be at least 1") }
        let p = try jointProbabilities(x, perplexity: settings.perplexity)
        var y = try initialEmbedding(x, settings: settings)
        let lr = settings.learningRate ?? Swift.max(Double(n) / settings.earlyExaggeration / 4, 50)
        var history: [(iteration: Int, kl: Double)] = []
        var update = [Double](repeating: 0, count: 2 * n)
        var gains = [Double](repeating: 1, count: 2 * n)
        for iteration in 0..<settings.iterations {
            let exploring = iteration < settings.exaggerationIterations
            if iteration == settings.exaggerationIterations {
                // scikit-learn starts the second phase with fresh updates and gains.
                update = [Double](repeating: 0, count: 2 * n)
                gains = [Double](repeating: 1, count: 2 * n)
            }
            let momentum = exploring ? settings.initialMomentum : settings.finalMomentum
            let report = (iteration + 1) % 50 == 0 && iteration + 1 < settings.iterations
            var (value, gradient) = objective(p, y: y, exaggeration: exploring ? settings.earlyExaggeration : 1, computeKL: report && !exploring)
            // Report the KL of the embedding itself, also while the exaggerated objective is followed.
            let kl = report && exploring ? objective(p, y: y).kl : value
            for c in 0..<(2 * n) {
                gains[c] = update[c] * gradient[c] < 0 ? gains[c] + 0.2 : gains[c] * 0.8
                gains[c] = Swift.max(gains[c], settings.minGain)
                gradient[c] *= gains[c]
                update[c] = momentum * update[c] - lr * gradient[c]
                y[c] += update[c]
            }
            if report {
                history.append((iteration + 1, kl))
                progress?(iteration + 1, kl)
            }
        }
        let finalKL = objective(p, y: y).kl
        guard finalKL.isFinite, y.allSatisfy(\.isFinite) else {
            throw Week02Error.degenerate("t-SNE: the embedding diverged to NaN or infinity (try a smaller --lr)")
        }
        history.append((settings.iterations, finalKL))
        return TSNEResult(embedding: y, klHistory: history, finalKL: finalKL, learningRate: lr)
    }
}
