// Support vector classification by SMO (Platt 1998), with libsvm's working-set selection
// (Fan, Chen & Lin 2005) — the algorithm inside scikit-learn's SVC.
//
// Dual problem for labels yᵢ ∈ {−1, +1}:
//     min_α ½ αᵀQα − Σα    subject to 0 ≤ αᵢ ≤ C, Σ yᵢαᵢ = 0,    Q_ij = yᵢ yⱼ K(xᵢ, xⱼ)
// Each step picks the most violating pair (i from I_up by the largest −yG, j by the largest
// second-order decrease b²/a with a = K_ii + K_jj − 2K_ij), solves the two-variable problem in closed
// form, clips to the box and updates the gradient G = Qα − 1. Stops when the KKT violation
// m(α) − M(α) < 10⁻³ (libsvm's default tolerance). Decision: f(x) = Σ αᵢyᵢK(xᵢ, x) − ρ.
// Kernels: linear xᵀz; RBF exp(−γ‖x − z‖²) with scikit-learn's γ = "scale" = 1 / (d · Var(X)).
// K classes: one-vs-one (K(K−1)/2 binary machines) and voting, like libsvm.
//
// Does not: cache kernel rows (the n × n kernel matrix is precomputed, so n is capped), shrink the
// working set, or produce probabilities (K-class scores are votes, ties going to the lower class
// as in libsvm; two-class scores are the decision value).

import Foundation

public enum Kernel: Codable, Sendable, Equatable {
    case linear
    case rbf(gamma: Double)

    func value(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
        switch self {
        case .linear:
            var s = 0.0
            for j in 0..<d { s += a[j] * b[j] }
            return s
        case let .rbf(gamma):
            var s = 0.0
            for j in 0..<d { s += (a[j] - b[j]) * (a[j] - b[j]) }
            return Foundation.exp(-gamma * s)
        }
    }
}

/// One binary machine: support vectors, their αᵢyᵢ, and ρ.
public struct BinarySVM: Sendable {
    public var supportVectors: Features
    public var dualCoefficients: [Double]
    public var rho: Double
    public var iterations: Int

    public static let maxRows = 8000

    /// labels: +1 / −1.
    public static func fit(_ x: Features, _ y: [Double], kernel: Kernel, c: Double,
                           tolerance: Double = 1e-3, maxIterations: Int = 1_000_000) throws -> BinarySVM {
        let n = x.rows, d = x.columns
        try x.requireFinite("SVM")
        guard n <= maxRows else {
            throw ModelError.invalidParameter("SVM precomputes the \(n)×\(n) kernel matrix; use at most \(maxRows) training rows")
        }
        var k = [Double](repeating: 0, count: n * n)
        x.values.withUnsafeBufferPointer { xp in
            for i in 0..<n {
                for j in i..<n {
                    let v = kernel.value(xp.baseAddress! + i * d, xp.baseAddress! + j * d, d)
                    k[i * n + j] = v
                    k[j * n + i] = v
                }
            }
        }
        if let bad = k.firstIndex(where: { !$0.isFinite }) {
            throw ModelError.notFinite("SVM: kernel value of rows \(bad / n + 1) and \(bad % n + 1) is \(k[bad]) (features too large for this kernel?)")
        }
        var alpha = [Double](repeating: 0, count: n)
        var g = [Double](repeating: -1, count: n)   // G = Qα − 1 at α = 0
        let tau = 1e-12
        var iteration = 0
        while iteration < maxIterations {
            // i: argmax over I_up of −yG
            var gMax = -Double.infinity, i = -1
            for t in 0..<n {
                if y[t] > 0 { if alpha[t] < c && -g[t] >= gMax { gMax = -g[t]; i = t } }
                else { if alpha[t] > 0 && g[t] >= gMax { gMax = g[t]; i = t } }
            }
            guard i >= 0 else { break }
            // j: over I_low, the largest second-order decrease; gMax2 tracks the violation
            var gMax2 = -Double.infinity, j = -1, bestObjective = Double.infinity
            for t in 0..<n {
                let quad = max(k[i * n + i] + k[t * n + t] - 2 * k[i * n + t], tau)
                if y[t] > 0 {
                    guard alpha[t] > 0 else { continue }
                    let diff = gMax + g[t]
                    if g[t] >= gMax2 { gMax2 = g[t] }
                    if diff > 0 && -(diff * diff) / quad <= bestObjective { bestObjective = -(diff * diff) / quad; j = t }
                } else {
                    guard alpha[t] < c else { continue }
                    let diff = gMax - g[t]
                    if -g[t] >= gMax2 { gMax2 = -g[t] }
                    if diff > 0 && -(diff * diff) / quad <= bestObjective { bestObjective = -(diff * diff) / quad; j = t }
                }
            }
            if gMax + gMax2 < tolerance || j < 0 { break }
            iteration += 1
            let oldI = alpha[i], oldJ = alpha[j]
            let kij = k[i * n + j]
            if y[i] != y[j] {
                let quad = max(k[i * n + i] + k[j * n + j] - 2 * kij, tau)
                let delta = (-g[i] - g[j]) / quad
                let diff = alpha[i] - alpha[j]
                alpha[i] += delta; alpha[j] += delta
                if diff > 0 { if alpha[j] < 0 { alpha[j] = 0; alpha[i] = diff } }
                else { if alpha[i] < 0 { alpha[i] = 0; alpha[j] = -diff } }
                if diff > 0 { if alpha[i] > c { alpha[i] = c; alpha[j] = c - diff } }
                else { if alpha[j] > c { alpha[j] = c; alpha[i] = c + diff } }
            } else {
                let quad = max(k[i * n + i] + k[j * n + j] - 2 * kij, tau)
                let delta = (g[i] - g[j]) / quad
                let sum = alpha[i] + alpha[j]
                alpha[i] -= delta; alpha[j] += delta
                if sum > c { if alpha[i] > c { alpha[i] = c; alpha[j] = sum - c } }
                else { if alpha[j] < 0 { alpha[j] = 0; alpha[i] = sum } }
                if sum > c { if alpha[j] > c { alpha[j] = c; alpha[i] = sum - c } }
                else { if alpha[i] < 0 { alpha[i] = 0; alpha[j] = sum } }
            }
            // G_t += Q_ti Δα_i + Q_tj Δα_j
            let di = (alpha[i] - oldI) * y[i], dj = (alpha[j] - oldJ) * y[j]
            for t in 0..<n { g[t] += y[t] * (k[t * n + i] * di + k[t * n + j] * dj) }
        }
        // ρ: mean of yG over free vectors, else the middle of the feasible interval.
        var upper = Double.infinity, lower = -Double.infinity, freeSum = 0.0, freeCount = 0
        for t in 0..<n {
            let yg = y[t] * g[t]
            if alpha[t] >= c {
                if y[t] < 0 { upper = min(upper, yg) } else { lower = max(lower, yg) }
            } else if alpha[t] <= 0 {
                if y[t] > 0 { upper = min(upper, yg) } else { lower = max(lower, yg) }
            } else {
                freeSum += yg; freeCount += 1
            }
        }
        let rho = freeCount > 0 ? freeSum / Double(freeCount) : (upper + lower) / 2
        let support = (0..<n).filter { alpha[$0] > 0 }
        return BinarySVM(supportVectors: x.rows(support), dualCoefficients: support.map { alpha[$0] * y[$0] },
                         rho: rho, iterations: iteration)
    }

    public func decision(_ x: Features, kernel: Kernel) -> [Double] {
        let d = x.columns
        return x.values.withUnsafeBufferPointer { xp in
            supportVectors.values.withUnsafeBufferPointer { sp in
                (0..<x.rows).map { i in
                    var s = -rho
                    for (v, coefficient) in dualCoefficients.enumerated() {
                        s += coefficient * kernel.value(sp.baseAddress! + v * d, xp.baseAddress! + i * d, d)
                    }
                    return s
                }
            }
        }
    }
}

public struct SupportVectorClassifier: Classifier {
    public enum KernelChoice: String, Sendable { case linear, rbf }
    public var kernelChoice: KernelChoice
    public var c: Double
    /// nil: scikit-learn's "scale".
    public var gamma: Double?
    public private(set) var kernel = Kernel.linear
    public private(set) var machines: [(a: Int, b: Int, svm: BinarySVM)] = []
    var classCount = 0

    public init(kernel: KernelChoice = .rbf, c: Double = 1, gamma: Double? = nil) {
        kernelChoice = kernel
        self.c = c
        self.gamma = gamma
    }

    public mutating func fit(_ x: Features, _ labels: [Int], classCount k: Int) throws {
        guard x.rows > 0 else { throw ModelError.emptyTrainingSet }
        guard c > 0 else { throw ModelError.invalidParameter("C must be > 0") }
        classCount = k
        if kernelChoice == .rbf {
            let mean = x.values.reduce(0, +) / Double(x.values.count)
            let variance = x.values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.values.count)
            kernel = .rbf(gamma: gamma ?? (variance > 0 ? 1 / (Double(x.columns) * variance) : 1))
        } else {
            kernel = .linear
        }
        machines = []
        for a in 0..<k {
            for b in (a + 1)..<max(k, a + 1) {
                let rows = (0..<x.rows).filter { labels[$0] == a || labels[$0] == b }
                guard !rows.isEmpty else { continue }
                let y = rows.map { labels[$0] == a ? 1.0 : -1.0 }
                machines.append((a, b, try BinarySVM.fit(x.rows(rows), y, kernel: kernel, c: c)))
            }
        }
    }

    /// Two classes: [f, −f] (the machine's +1 is class 0). K classes: one-vs-one votes.
    public func scores(_ x: Features) -> Features {
        var votes = Features(rows: x.rows, columns: classCount, values: [Double](repeating: 0, count: x.rows * classCount))
        for (a, b, svm) in machines {
            let f = svm.decision(x, kernel: kernel)
            for i in 0..<x.rows {
                if classCount == 2 {
                    votes[i, 0] = f[i]; votes[i, 1] = -f[i]
                    continue
                }
                if f[i] > 0 { votes[i, a] += 1 } else { votes[i, b] += 1 }
            }
        }
        if classCount == 2 { return votes }
        // libsvm predicts the class with most votes, a tie going to the lower class index; the
        // tiny decreasing offset reproduces that under argmax.
        for i in 0..<x.rows { for c in 0..<classCount { votes[i, c] -= Double(c) * 1e-3 } }
        return votes
    }
}
