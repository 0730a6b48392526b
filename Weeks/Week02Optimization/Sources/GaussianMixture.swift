// Gaussian mixtures fitted by expectation–maximisation (Bishop, PRML §9.2).
//
//   model      p(x) = Σₖ πₖ N(x; μₖ, Σₖ),  x ∈ ℝᵈ, k = 1…K
//   E-step     rₙₖ = πₖ N(xₙ; μₖ, Σₖ) / Σⱼ πⱼ N(xₙ; μⱼ, Σⱼ)          (in logs, with log-sum-exp)
//   M-step     Nₖ = Σₙ rₙₖ,  πₖ = Nₖ/N,  μₖ = Σₙ rₙₖ xₙ / Nₖ,
//              Σₖ = Σₙ rₙₖ (xₙ − μₖ)(xₙ − μₖ)ᵀ / Nₖ + εI   (diagonal: only the diagonal)
//   log-likelihood  ℓ = Σₙ log Σₖ πₖ N(xₙ; μₖ, Σₖ) never decreases from one iteration to the next
//              (with ε = 0 exactly; the default ε = 1e-6, as in scikit-learn, keeps a collapsing
//              component invertible and moves ℓ by far less than the tests' tolerance).
//
// Densities use the Cholesky factor Σ = LLᵀ (Week01's CholeskyDecomposition): log|Σ| = 2Σ log Lᵢᵢ
// and the Mahalanobis distance is ‖L⁻¹(x − μ)‖², for all rows at once by a BLAS dgemm with L⁻¹;
// the M-step's weighted sums are dgemms too.
// Initialisation as scikit-learn's default: k-means++ seeds, a few Lloyd iterations, then one
// M-step from the hard assignments. A bad start can end in a poor local maximum (on iris, one
// seed in four merges two species): `restarts` keeps the best of several starts.

import Foundation
import Shared
import Week01LinearAlgebra

public enum CovarianceType: String, CaseIterable, Sendable {
    case full, diagonal

    public static func named(_ name: String) throws -> CovarianceType {
        guard let c = CovarianceType(rawValue: name.lowercased()) ?? (name == "diag" ? .diagonal : nil) else {
            throw Week02Error.unknownName(kind: "covariance type", name: name, choices: allCases.map(\.rawValue))
        }
        return c
    }
}

public struct GaussianMixture: Sendable {
    public var weights: [Double]
    /// K × d.
    public var means: [[Double]]
    /// K covariance matrices, each d × d row-major (diagonal type: zeros off the diagonal).
    public var covariances: [[Double]]
    public var covarianceType: CovarianceType
    public var regularization: Double
    /// ℓ after each E-step: history[0] is the initial model's.
    public var logLikelihoodHistory: [Double] = []
    public var converged = false

    public var components: Int { weights.count }
    public var dimension: Int { means.first?.count ?? 0 }
    public var iterations: Int { Swift.max(0, logLikelihoodHistory.count - 1) }

    /// Fits K components to the rows of x (n × d). Each run stops when ℓ/n improves by less than
    /// `tolerance` or after `maxIterations`; with `restarts` > 1 (scikit-learn's n_init) it
    /// starts again from seeds seed, seed + 1, … and keeps the run with the highest final ℓ.
    public static func fit(_ x: Matrix, components k: Int, covarianceType: CovarianceType = .full,
                           maxIterations: Int = 200, tolerance: Double = 1e-6, regularization: Double = 1e-6,
                           restarts: Int = 1, seed: UInt64 = 0) throws -> GaussianMixture {
        guard k >= 1 else { throw Week02Error.invalidArgument("--k must be at least 1, got \(k)") }
        guard x.rows >= 2 * k else { throw Week02Error.notEnoughData("\(x.rows) rows are too few for \(k) components (need at least \(2 * k))") }
        guard x.values.allSatisfy(\.isFinite) else { throw Week02Error.invalidArgument("the data contain NaN or infinity") }
        guard regularization >= 0 else { throw Week02Error.invalidArgument("--reg must be ≥ 0, got \(regularization)") }
        guard maxIterations >= 1 else { throw Week02Error.invalidArgument("--max-iterations must be at least 1, got \(maxIterations)") }
        guard restarts >= 1 else { throw Week02Error.invalidArgument("--restarts must be at least 1, got \(restarts)") }
        var best: GaussianMixture?
        for r in 0..<restarts {
            let model = try fitOnce(x, components: k, covarianceType: covarianceType, maxIterations: maxIterations,
                                    tolerance: tolerance, regularization: regularization, seed: seed &+ UInt64(r))
            if best == nil || model.logLikelihoodHistory.last! > best!.logLikelihoodHistory.last! { best = model }
        }
        return best!
    }

    static func fitOnce(_ x: Matrix, components k: Int, covarianceType: CovarianceType, maxIterations: Int,
                        tolerance: Double, regularization: Double, seed: UInt64) throws -> GaussianMixture {
        let assignments = kMeansAssignments(x, k: k, seed: seed)
        var responsibilities = [Double](repeating: 0, count: x.rows * k)
        for (n, c) in assignments.enumerated() { responsibilities[n * k + c] = 1 }
        var model = GaussianMixture(weights: [], means: [], covariances: [], covarianceType: covarianceType, regularization: regularization)
        try model.maximize(x, responsibilities: responsibilities)
        for iteration in 0...maxIterations {
            let (logLikelihood, r) = try model.expect(x)
            guard logLikelihood.isFinite else {
                throw Week02Error.degenerate("EM: the log-likelihood became \(logLikelihood) at iteration \(iteration) (values too large? try scaling the features, or a larger --reg)")
            }
            model.logLikelihoodHistory.append(logLikelihood)
            if iteration > 0 {
                let change = (logLikelihood - model.logLikelihoodHistory[iteration - 1]) / Double(x.rows)
                if abs(change) < tolerance { model.converged = true; break }
            }
            if iteration == maxIterations { break }
            try model.maximize(x, responsibilities: r)
        }
        return model
    }

    /// ℓ = Σₙ log p(xₙ).
    public func logLikelihood(_ x: Matrix) throws -> Double { try expect(x).logLikelihood }

    /// The most responsible component of each row.
    public func predict(_ x: Matrix) throws -> [Int] {
        let (_, r) = try expect(x)
        let k = components
        return (0..<x.rows).map { n in (0..<k).max { r[n * k + $0] < r[n * k + $1] }! }
    }

    /// E-step: the log-likelihood and the responsibilities rₙₖ (n × K, row-major).
    /// Per component, all n Mahalanobis distances at once: Z = (X − 1μᵀ) L⁻ᵀ by one dgemm, then
    /// ‖zₙ‖² row by row.
    public func expect(_ x: Matrix) throws -> (logLikelihood: Double, responsibilities: [Double]) {
        let k = components, d = dimension, n = x.rows
        guard x.columns == d else { throw Week02Error.invalidArgument("data have \(x.columns) columns, the mixture \(d)") }
        var logTerms = [Double](repeating: 0, count: n * k)
        let log2pi = Foundation.log(2 * Double.pi)
        var centred = [Double](repeating: 0, count: n * d)
        var z = [Double](repeating: 0, count: n * d)
        for c in 0..<k {
            let l = try choleskyFactor(c)
            var logDeterminant = 0.0
            for i in 0..<d { logDeterminant += 2 * Foundation.log(l[i * d + i]) }
            let constant = Foundation.log(weights[c]) - 0.5 * (Double(d) * log2pi + logDeterminant)
            let inverse = GaussianMixture.lowerTriangularInverse(l, d)
            let mean = means[c]
            for i in 0..<n { for j in 0..<d { centred[i * d + j] = x.values[i * d + j] - mean[j] } }
            centred.withUnsafeBufferPointer { a in
                inverse.withUnsafeBufferPointer { b in
                    z.withUnsafeMutableBufferPointer { out in
                        BLAS.dgemm(transposeA: false, transposeB: true, m: n, n: d, k: d, a: a.baseAddress!, b: b.baseAddress!, c: out.baseAddress!)
                    }
                }
            }
            for i in 0..<n {
                var squared = 0.0
                for j in 0..<d { squared += z[i * d + j] * z[i * d + j] }
                logTerms[i * k + c] = constant - 0.5 * squared
            }
        }
        var total = 0.0
        for i in 0..<n {
            var top = -Double.infinity
            for c in 0..<k { top = Swift.max(top, logTerms[i * k + c]) }
            var sum = 0.0
            for c in 0..<k { sum += Foundation.exp(logTerms[i * k + c] - top) }
            let logSum = top + Foundation.log(sum)
            total += logSum
            for c in 0..<k { logTerms[i * k + c] = Foundation.exp(logTerms[i * k + c] - logSum) }
        }
        return (total, logTerms)
    }

    /// M-step from responsibilities r (n × K): means Rᵀ X / Nₖ by one dgemm, and each covariance
    /// WᵀW / Nₖ with the rows of W = √rₙₖ (xₙ − μₖ), another.
    mutating func maximize(_ x: Matrix, responsibilities r: [Double]) throws {
        let n = x.rows, d = x.columns, k = r.count / n
        var counts = [Double](repeating: 0, count: k)
        for i in 0..<n { for c in 0..<k { counts[c] += r[i * k + c] } }
        // An empty component would divide by zero: 10·eps keeps it alive (as scikit-learn does).
        counts = counts.map { $0 + 10 * Double.ulpOfOne }
        var sums = [Double](repeating: 0, count: k * d)
        r.withUnsafeBufferPointer { a in
            x.values.withUnsafeBufferPointer { b in
                sums.withUnsafeMutableBufferPointer { out in
                    BLAS.dgemm(transposeA: true, transposeB: false, m: k, n: d, k: n, a: a.baseAddress!, b: b.baseAddress!, c: out.baseAddress!)
                }
            }
        }
        let means = (0..<k).map { c in (0..<d).map { sums[c * d + $0] / counts[c] } }
        var covariances: [[Double]] = []
        var weighted = [Double](repeating: 0, count: n * d)
        for c in 0..<k {
            for i in 0..<n {
                let w = r[i * k + c].squareRoot()
                for j in 0..<d { weighted[i * d + j] = w * (x.values[i * d + j] - means[c][j]) }
            }
            var covariance = [Double](repeating: 0, count: d * d)
            switch covarianceType {
            case .full:
                weighted.withUnsafeBufferPointer { a in
                    covariance.withUnsafeMutableBufferPointer { out in
                        BLAS.dgemm(transposeA: true, transposeB: false, m: d, n: d, k: n, a: a.baseAddress!, b: a.baseAddress!, c: out.baseAddress!)
                    }
                }
                // Exactly symmetric, whatever order the BLAS summed in.
                for a in 0..<d { for b in 0..<a { covariance[b * d + a] = covariance[a * d + b] } }
            case .diagonal:
                for i in 0..<n { for j in 0..<d { covariance[j * d + j] += weighted[i * d + j] * weighted[i * d + j] } }
            }
            for a in 0..<(d * d) { covariance[a] /= counts[c] }
            for a in 0..<d { covariance[a * d + a] += regularization }
            covariances.append(covariance)
        }
        let total = counts.reduce(0, +)
        self.weights = counts.map { $0 / total }
        self.means = means
        self.covariances = covariances
    }

    /// L⁻¹ for lower-triangular L (d × d, row-major), column by column by forward substitution.
    static func lowerTriangularInverse(_ l: [Double], _ d: Int) -> [Double] {
        var inverse = [Double](repeating: 0, count: d * d)
        for column in 0..<d {
            for i in column..<d {
                var s = i == column ? 1.0 : 0.0
                for j in column..<i { s -= l[i * d + j] * inverse[j * d + column] }
                inverse[i * d + column] = s / l[i * d + i]
            }
        }
        return inverse
    }

    /// L with Σₖ = LLᵀ, row-major d × d.
    func choleskyFactor(_ c: Int) throws -> [Double] {
        let d = dimension
        if covarianceType == .diagonal {
            var l = [Double](repeating: 0, count: d * d)
            for i in 0..<d {
                guard covariances[c][i * d + i] > 0 else { throw collapsed(c) }
                l[i * d + i] = covariances[c][i * d + i].squareRoot()
            }
            return l
        }
        do {
            return try CholeskyDecomposition(Matrix(rows: d, columns: d, values: covariances[c])).l.values
        } catch {
            throw collapsed(c)
        }
    }

    func collapsed(_ c: Int) -> Week02Error {
        .degenerate("component \(c) collapsed (its covariance is singular): use fewer components, diagonal covariance or a larger --reg")
    }

    /// k-means++ seeding (D² sampling) and 10 Lloyd iterations: the initial hard assignment.
    static func kMeansAssignments(_ x: Matrix, k: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        let n = x.rows, d = x.columns
        func squaredDistance(_ i: Int, _ centre: [Double]) -> Double {
            var s = 0.0
            for j in 0..<d { s += (x[i, j] - centre[j]) * (x[i, j] - centre[j]) }
            return s
        }
        var centres = [x.row(rng.nextInt(below: n))]
        var nearest = (0..<n).map { squaredDistance($0, centres[0]) }
        while centres.count < k {
            let total = nearest.reduce(0, +)
            var target = rng.nextUnitDouble() * total
            var chosen = n - 1
            for i in 0..<n {
                target -= nearest[i]
                if target < 0 { chosen = i; break }
            }
            centres.append(x.row(chosen))
            for i in 0..<n { nearest[i] = Swift.min(nearest[i], squaredDistance(i, centres[centres.count - 1])) }
        }
        var assignment = [Int](repeating: 0, count: n)
        for _ in 0..<10 {
            for i in 0..<n { assignment[i] = (0..<k).min { squaredDistance(i, centres[$0]) < squaredDistance(i, centres[$1]) }! }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[assignment[i]] += 1
                for j in 0..<d { sums[assignment[i]][j] += x[i, j] }
            }
            for c in 0..<k where counts[c] > 0 { centres[c] = sums[c].map { $0 / Double(counts[c]) } }
        }
        return assignment
    }
}
