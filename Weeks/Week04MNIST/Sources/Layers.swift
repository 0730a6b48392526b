// The week's layers as Modules (Module.swift): named parameters plus a forward function.
//
//   Linear(in, out)   y = x·Wᵀ + b, W: [out, in], b: [out]  (torch's nn.Linear layout, so a torch
//                     state_dict saved as safetensors loads by name); init from Initialization.swift
//   Sequential        layers applied in order; parameter names "<layer>.<param>", e.g. "fc1.weight"
//   Activation        relu / tanh / sigmoid / gelu as a parameter-free layer
//   Dropout           inverted dropout with its own seed, active inside TrainingMode.training
//
// What this file does not do: no layer with state across calls (recurrent cells are week 6's).

import Foundation
import Shared

public final class Linear: Layer {
    public let weight: Variable
    public let bias: Variable

    public init(_ inFeatures: Int, _ outFeatures: Int, initialization: Initialization = .kaimingUniform,
                rng: inout SplitMix64) {
        let weightBound = initialization.weightBound(fanIn: inFeatures, fanOut: outFeatures)
        let biasBound = initialization.biasBound(fanIn: inFeatures)
        weight = Variable(Initialization.uniform([outFeatures, inFeatures], bound: weightBound, using: &rng), requiresGrad: true)
        bias = Variable(Initialization.uniform([outFeatures], bound: biasBound, using: &rng), requiresGrad: true)
    }

    /// A layer over given tensors (W [out, in], b [out]).
    public init(weight: Tensor, bias: Tensor) {
        self.weight = Variable(weight, requiresGrad: true)
        self.bias = Variable(bias, requiresGrad: true)
    }

    /// BERT / GPT-2 initialisation: W ~ N(0, std²), b = 0. The default uniform tensors are drawn
    /// first and discarded, so the generator advances exactly as it did when week 7 built these
    /// layers by overwriting a default Linear (every seeded run keeps its figures).
    public static func normal(_ inFeatures: Int, _ outFeatures: Int, std: Float = 0.02, rng: inout SplitMix64) -> Linear {
        _ = Linear(inFeatures, outFeatures, rng: &rng)
        return Linear(weight: Initialization.normal([outFeatures, inFeatures], std: std, using: &rng),
                      bias: Tensor.zeros([outFeatures]))
    }

    public var members: [ModuleMember] { [.parameter("weight", weight), .parameter("bias", bias)] }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try Variable.linear(x, weight: weight, bias: bias)
    }
}

public final class Activation: Layer {
    public enum Kind: String, Sendable { case relu, tanh, sigmoid, gelu }
    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var members: [ModuleMember] { [] }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        switch kind {
        case .relu: return x.relu()
        case .tanh: return x.tanh()
        case .sigmoid: return x.sigmoid()
        case .gelu: return x.gelu()
        }
    }
}

/// Inverted dropout as a layer, with its own seeded generator; identity outside a training scope.
public final class Dropout: Layer {
    public let p: Float
    var rng: SplitMix64

    public init(_ p: Float, seed: UInt64) {
        self.p = p
        rng = SplitMix64(seed: seed)
    }

    public var members: [ModuleMember] { [] }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try x.dropout(p, training: TrainingMode.isTraining, rng: &rng)
    }
}

public final class Sequential: Layer {
    public let layers: [(name: String, layer: any Layer)]

    public init(_ layers: [(name: String, layer: any Layer)]) { self.layers = layers }

    public var members: [ModuleMember] { layers.map { .child($0.name, $0.layer) } }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        var h = x
        for entry in layers { h = try entry.layer(h) }
        return h
    }
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
