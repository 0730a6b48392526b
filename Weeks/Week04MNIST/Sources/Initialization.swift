// Weight initialisation, shared by every week's layers (why it matters: keep the activations'
// variance the same from layer to layer, so a deep stack neither explodes nor dies at step 0).
//
//   .kaimingUniform  W ~ U(−1/√in, 1/√in), b ~ U(−1/√in, 1/√in)   (torch's nn.Linear / nn.Conv2d
//                    default: kaiming_uniform with a = √5, which reduces to bound 1/√fan_in)
//   .heUniform       W ~ U(−√(6/in), √(6/in)), b = 0               (He et al. 2015, for ReLU)
//   .xavierUniform   W ~ U(−√(6/(in+out)), √(6/(in+out))), b = 0   (Glorot & Bengio 2010, tanh)
//   normal(std:)     W ~ N(0, std²)                                 (BERT and GPT-2: std 0.02)
//   uniform(bound:)  W ~ U(−bound, bound)                           (torch's RNN cells: 1/√hidden)
//
// fan_in of a conv kernel [out, in, k, k] is in·k·k. The tensors are drawn from the caller's
// generator, element by element in storage order, so a seed fixes every weight.
//
// What this file does not do: no truncated normal, no orthogonal init, no gain tables.

import Shared

public enum Initialization: String, Sendable, CaseIterable {
    case kaimingUniform, heUniform, xavierUniform

    /// The half-width of the weight's uniform distribution.
    public func weightBound(fanIn: Int, fanOut: Int) -> Float {
        let fanIn = Float(fanIn), fanOut = Float(fanOut)
        switch self {
        case .kaimingUniform: return 1 / fanIn.squareRoot()
        case .heUniform: return (6 / fanIn).squareRoot()
        case .xavierUniform: return (6 / (fanIn + fanOut)).squareRoot()
        }
    }

    /// The half-width of the bias's uniform distribution (0: the bias starts at zero).
    public func biasBound(fanIn: Int) -> Float {
        self == .kaimingUniform ? 1 / Float(fanIn).squareRoot() : 0
    }

    /// W ~ U(−bound, bound) of `shape`.
    public static func uniform(_ shape: [Int], bound: Float, using rng: inout SplitMix64) -> Tensor {
        Tensor.randomUniform(shape, low: -bound, high: bound, using: &rng)
    }

    /// W ~ N(0, std²) of `shape`.
    public static func normal(_ shape: [Int], std: Float, using rng: inout SplitMix64) -> Tensor {
        Tensor.randomNormal(shape, std: std, using: &rng)
    }
}
