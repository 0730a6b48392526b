// The vanishing-gradient experiment: how much does the last step's output still depend on an
// input T − t steps back, for a freshly initialised RNN, LSTM and GRU?
//
// We unroll a cell over T steps of random inputs x_t [B, in], take a scalar loss at the LAST step
// only, L = Σ h_T ⊙ R (R a fixed random ±1 mask), and read ‖∂L/∂x_t‖ (Frobenius over the batch)
// from the tape for every t. By the chain rule
//
//   ∂L/∂x_t = ∂L/∂h_T · (∏_{k=t+1..T} ∂h_k/∂h_{k−1}) · ∂h_t/∂x_t
//
// For the tanh RNN each factor is diag(1 − h_k²)·W_hh, whose norm at init (U(±1/√H)) is < 1, so
// the product shrinks geometrically with the distance. The LSTM's cell path c_k = f_k⊙c_{k−1} + …
// multiplies by the forget gate only (≈ σ(0) = 0.5 at init, per step), and the GRU's h path by z;
// both are additive paths that decay more slowly.
//
// What this file does not do: no training (the effect is about the untrained Jacobian product),
// no averaging over seeds (pass another seed to see the spread).

import Shared
import Week04MNIST

public struct VanishingResult: Sendable {
    public let kind: CellKind
    /// gradientNorms[d] = ‖∂L/∂x_{T−d}‖ for distance d = 0…T−1.
    public let gradientNorms: [Double]
}

public enum VanishingGradient {
    public static func measure(_ kind: CellKind, steps: Int, inputSize: Int = 8, hiddenSize: Int = 32,
                               batch: Int = 16, seed: UInt64) throws -> VanishingResult {
        var rng = SplitMix64(seed: seed)
        let cell = RecurrentCell(kind, inputSize: inputSize, hiddenSize: hiddenSize, rng: &rng)
        // The inputs come from a separate stream, so every cell sees the same sequence.
        var dataRNG = SplitMix64(seed: seed &+ 1)
        let inputs = (0..<steps).map { _ in
            Variable(Tensor.randomNormal([batch, inputSize], using: &dataRNG), requiresGrad: true)
        }
        let mask = Variable(Tensor.randomUniform([batch, hiddenSize], low: -1, high: 1, using: &dataRNG))
        let (outputs, _) = try cell.unroll(inputs, from: cell.zeroState(batch: batch))
        let loss = try (outputs[steps - 1] * mask).sum()
        try loss.backward()
        var norms: [Double] = []
        for distance in 0..<steps {
            let g = inputs[steps - 1 - distance].grad?.storage ?? []
            norms.append(g.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        }
        return VanishingResult(kind: kind, gradientNorms: norms)
    }

    /// Distance at which the norm first falls below `fraction` of its value at distance 0.
    public static func decayDistance(_ norms: [Double], fraction: Double) -> Int? {
        guard let first = norms.first, first > 0 else { return nil }
        return norms.firstIndex { $0 < first * fraction }
    }
}
