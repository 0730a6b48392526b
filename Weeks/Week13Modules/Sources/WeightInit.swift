// The initialisation schemes of torch.nn.init that week 4's Initialization.swift does not have,
// as one value a layer can be given. Fans as torch computes them: for a weight [out, in, k…],
// fan_in = in · Πk, fan_out = out · Πk (a vector has fan_in = fan_out = its length).
//
//   xavierUniform(gain)   U(−a, a),  a = gain · √(6 / (fan_in + fan_out))     Var = a² / 3
//   xavierNormal(gain)    N(0, σ²),  σ = gain · √(2 / (fan_in + fan_out))
//   kaimingUniform(gain)  U(−a, a),  a = gain · √(3 / fan)                     Var = gain² / fan
//   kaimingNormal(gain)   N(0, σ²),  σ = gain / √fan
//                         fan = fan_in (mode fan_in, torch's default); gain √2 for ReLU (`reluGain`)
//   zeros                 every element 0
//   orthogonal(gain)      the weight flattened to [rows = out, cols = in·Πk] is gain · Q with
//                         orthonormal rows (rows ≤ cols) or columns (rows > cols): Q from the QR
//                         decomposition of a standard normal matrix, signs fixed by diag(R) > 0
//                         (Saxe et al.; torch's nn.init.orthogonal_). QR here is modified
//                         Gram–Schmidt in Double on the taller orientation.
//
// Every draw comes from the caller's generator in storage order, so a seed fixes the tensor.
// What this file does not do: no truncated normal, no fan_out mode, no sparse or Dirac init.

import Foundation
import Shared
import Week04MNIST

public enum WeightInit: Equatable, Sendable {
    case xavierUniform(gain: Double)
    case xavierNormal(gain: Double)
    case kaimingUniform(gain: Double)
    case kaimingNormal(gain: Double)
    case zeros
    case orthogonal(gain: Double)

    /// torch.nn.init.calculate_gain("relu").
    public static let reluGain = 2.0.squareRoot()

    /// (fan_in, fan_out) of a weight of `shape` as torch counts them.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        if shape.count < 2 { return (shape.first ?? 1, shape.first ?? 1) }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// The standard deviation each element is drawn with (nil for orthogonal, whose elements are not i.i.d.).
    public func standardDeviation(_ shape: [Int]) -> Double? {
        let (fanIn, fanOut) = Self.fans(shape)
        switch self {
        case let .xavierUniform(gain), let .xavierNormal(gain):
            return gain * (2 / Double(fanIn + fanOut)).squareRoot()
        case let .kaimingUniform(gain), let .kaimingNormal(gain):
            return gain / Double(fanIn).squareRoot()
        case .zeros: return 0
        case .orthogonal: return nil
        }
    }

    /// A new tensor of `shape` drawn from `rng`.
    public func make(_ shape: [Int], rng: inout SplitMix64) -> Tensor {
        switch self {
        case .xavierUniform, .kaimingUniform:
            // Var of U(−a, a) is a²/3, so a = √3 · σ.
            let bound = Float(3.0.squareRoot() * standardDeviation(shape)!)
            return Initialization.uniform(shape, bound: bound, using: &rng)
        case .xavierNormal, .kaimingNormal:
            return Initialization.normal(shape, std: Float(standardDeviation(shape)!), using: &rng)
        case .zeros:
            return Tensor.zeros(shape)
        case let .orthogonal(gain):
            return Self.orthogonal(shape, gain: gain, rng: &rng)
        }
    }

    /// Overwrites `variable`'s value with a fresh draw of its shape.
    public func apply(to variable: Variable, rng: inout SplitMix64) {
        variable.value = make(variable.shape, rng: &rng)
    }

    static func orthogonal(_ shape: [Int], gain: Double, rng: inout SplitMix64) -> Tensor {
        // exercise orthogonal-init: Draw a (semi-)orthogonal weight of any shape, scaled by gain, as torch.nn.init.orthogonal_ does.
        // hint: Flatten the shape to a matrix [rows, rest]; work on the tall orientation, whose short side's vectors can all be orthonormal.
        // hint: Fill those vectors with Gaussian draws and orthonormalise them one by one (Gram–Schmidt: subtract projections on the earlier ones, then divide by the norm).
        // hint: Write them back as columns when rows ≥ cols, as rows otherwise, times gain.
        // tests: InitTests/testOrthogonalInitIsOrthogonal
        let rows = shape.first ?? 1
        let cols = Swift.max(1, shape.dropFirst().reduce(1, *))
        // Columns of the tall matrix [tall, short] are made orthonormal.
        let (tall, short) = (Swift.max(rows, cols), Swift.min(rows, cols))
        var columns = (0..<short).map { _ in (0..<tall).map { _ in rng.nextGaussian() } }
        for j in 0..<short {
            for k in 0..<j {
                let projection = zip(columns[j], columns[k]).reduce(0.0) { $0 + $1.0 * $1.1 }
                for i in 0..<tall { columns[j][i] -= projection * columns[k][i] }
            }
            let norm = columns[j].reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            for i in 0..<tall { columns[j][i] /= norm }
        }
        // Gram–Schmidt's R has a positive diagonal already (the norms), which is torch's sign rule.
        var storage = [Float](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                // rows ≥ cols: W = Q [rows, cols]; rows < cols: W = Qᵀ.
                let q = rows >= cols ? columns[c][r] : columns[r][c]
                storage[r * cols + c] = Float(gain * q)
            }
        }
        return try! Tensor(shape: shape, storage: storage)
        // end exercise orthogonal-init
    }
}
