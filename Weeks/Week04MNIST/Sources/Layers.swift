// Modules: named parameters plus a forward function. This is all a "layer" is.
//
//   Linear(in, out)   y = x·Wᵀ + b, W: [out, in], b: [out]  (torch's nn.Linear layout, so a torch
//                     state_dict saved as safetensors loads by name)
//   Sequential        layers applied in order; parameter names "<layer>.<param>", e.g. "fc1.weight"
//   Activation        relu / tanh / sigmoid / gelu as a parameter-free layer
//   Dropout           inverted dropout with its own seed and a `training` switch
//
// Initialisation (why it matters: keep the activations' variance the same from layer to layer):
//   .kaimingUniform  W ~ U(−1/√in, 1/√in), b ~ U(−1/√in, 1/√in)   (torch's nn.Linear default:
//                    kaiming_uniform with a = √5, which reduces to bound 1/√fan_in)
//   .heUniform       W ~ U(−√(6/in), √(6/in)), b = 0               (He et al. 2015, for ReLU)
//   .xavierUniform   W ~ U(−√(6/(in+out)), √(6/(in+out))), b = 0   (Glorot & Bengio 2010, tanh)

import Foundation
import Shared

public protocol Module: AnyObject {
    /// Every trainable tensor, with a stable name (the checkpoint key).
    var parameters: [(name: String, value: Variable)] { get }
}

public protocol Layer: Module {
    func callAsFunction(_ x: Variable) throws -> Variable
}

public enum Initialization: String, Sendable, CaseIterable {
    case kaimingUniform, heUniform, xavierUniform
}

public final class Linear: Layer {
    public let weight: Variable
    public let bias: Variable

    public init(_ inFeatures: Int, _ outFeatures: Int, initialization: Initialization = .kaimingUniform,
                rng: inout SplitMix64) {
        let fanIn = Float(inFeatures), fanOut = Float(outFeatures)
        let weightBound: Float
        var biasBound: Float = 0
        switch initialization {
        case .kaimingUniform:
            weightBound = 1 / fanIn.squareRoot()
            biasBound = weightBound
        case .heUniform:
            weightBound = (6 / fanIn).squareRoot()
        case .xavierUniform:
            weightBound = (6 / (fanIn + fanOut)).squareRoot()
        }
        weight = Variable(Tensor.randomUniform([outFeatures, inFeatures], low: -weightBound, high: weightBound, using: &rng),
                          requiresGrad: true)
        bias = Variable(Tensor.randomUniform([outFeatures], low: -biasBound, high: biasBound, using: &rng),
                        requiresGrad: true)
    }

    public var parameters: [(name: String, value: Variable)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try Variable.linear(x, weight: weight, bias: bias)
    }
}

public final class Activation: Layer {
    public enum Kind: String, Sendable { case relu, tanh, sigmoid, gelu }
    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var parameters: [(name: String, value: Variable)] { [] }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        switch kind {
        case .relu: return x.relu()
        case .tanh: return x.tanh()
        case .sigmoid: return x.sigmoid()
        case .gelu: return x.gelu()
        }
    }
}

/// Inverted dropout as a layer, with its own seeded generator; `training = false` for evaluation.
public final class Dropout: Layer {
    public let p: Float
    public var training = true
    var rng: SplitMix64

    public init(_ p: Float, seed: UInt64) {
        self.p = p
        rng = SplitMix64(seed: seed)
    }

    public var parameters: [(name: String, value: Variable)] { [] }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try x.dropout(p, training: training, rng: &rng)
    }
}

public final class Sequential: Layer {
    public let layers: [(name: String, layer: any Layer)]

    public init(_ layers: [(name: String, layer: any Layer)]) { self.layers = layers }

    public var parameters: [(name: String, value: Variable)] {
        layers.flatMap { entry in entry.layer.parameters.map { (name: "\(entry.name).\($0.name)", value: $0.value) } }
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        var h = x
        for entry in layers { h = try entry.layer(h) }
        return h
    }
}

extension Module {
    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.value.count } }

    public func zeroGrad() { for p in parameters { p.value.zeroGrad() } }
}

/// The week's classifier: Linear–ReLU–…–Linear with layers named fc1, fc2, … (logits out).
public enum MLP {
    public static func make(sizes: [Int], initialization: Initialization = .kaimingUniform,
                            rng: inout SplitMix64) -> Sequential {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "MLP sizes must be ≥ 2 positive widths")
        var layers: [(name: String, layer: any Layer)] = []
        for i in 0..<(sizes.count - 1) {
            layers.append(("fc\(i + 1)", Linear(sizes[i], sizes[i + 1], initialization: initialization, rng: &rng)))
            if i < sizes.count - 2 { layers.append(("relu\(i + 1)", Activation(.relu))) }
        }
        return Sequential(layers)
    }
}
