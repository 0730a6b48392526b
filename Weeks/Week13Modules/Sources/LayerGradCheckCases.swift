// The layers of weeks 4–7, each on a small seeded input, for LayerGradCheck (the `gradcheck`
// command and the tests run this same list):
//
//   week 4   Linear, Activation (relu, tanh, sigmoid, gelu), MLP (Linear–ReLU–Linear)
//   week 5   Conv2d (padded; strided), BatchNorm2d (training), MaxPool2d, GlobalAvgPool,
//            ConvReLUPool (fused), ResidualBlock (conv–BN–ReLU–conv–BN + projected shortcut)
//   week 6   RecurrentCell rnn / lstm / gru unrolled over 3 steps
//   week 7   LayerNorm, Embedding, MultiHeadAttention, TransformerBlock (post-norm, causal pre-norm)
//
// Dropout is left out: it is a random mask, the identity outside training.

import Foundation
import Shared
import Week04MNIST
import Week05CNN
import Week06Sequences
import Week07Transformer

extension LayerGradCheck {
    public static func cases(seed: UInt64 = 1) throws -> [LayerCheck] {
        var rng = SplitMix64(seed: seed)
        func input(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, low: -1, high: 1, using: &rng) }
        func layer(_ name: String, _ module: any Layer, _ shape: [Int]) -> LayerCheck {
            LayerCheck(name: name, module: module, input: input(shape)) { try module($0!) }
        }
        var list: [LayerCheck] = []
        list.append(layer("w4 Linear 5→3", Linear(5, 3, rng: &rng), [4, 5]))
        for kind in [Activation.Kind.relu, .tanh, .sigmoid, .gelu] {
            list.append(layer("w4 Activation \(kind.rawValue)", Activation(kind), [4, 5]))
        }
        list.append(layer("w4 MLP 6-5-3", MLP.make(sizes: [6, 5, 3], rng: &rng), [4, 6]))

        list.append(layer("w5 Conv2d 2→3 k3 pad 1", Conv2d(2, 3, kernel: 3, padding: 1, rng: &rng), [2, 2, 5, 5]))
        list.append(layer("w5 Conv2d 2→3 k3 stride 2", Conv2d(2, 3, kernel: 3, stride: 2, rng: &rng), [2, 2, 7, 7]))
        list.append(layer("w5 BatchNorm2d 3 (training)", BatchNorm2d(3), [4, 3, 3, 3]))
        list.append(layer("w5 MaxPool2d 2", MaxPool2d(2), [2, 2, 4, 4]))
        list.append(layer("w5 GlobalAvgPool", GlobalAvgPool(), [2, 3, 3, 3]))
        list.append(layer("w5 ConvReLUPool 2→3 pool 2", ConvReLUPool(Conv2d(2, 3, kernel: 3, padding: 1, rng: &rng), pool: 2),
                          [2, 2, 4, 4]))
        list.append(layer("w5 ResidualBlock 2→3 stride 2", ResidualBlock(2, 3, stride: 2, rng: &rng), [4, 2, 4, 4]))

        for kind in CellKind.allCases {
            let cell = RecurrentCell(kind, inputSize: 3, hiddenSize: 4, rng: &rng)
            list.append(LayerCheck(name: "w6 RecurrentCell \(kind.rawValue) × 3 steps", module: cell, input: input([3, 2, 3])) { x in
                // x [T = 3, B = 2, in = 3] → three steps of [2, 3]
                var state = cell.zeroState(batch: 2)
                for step in try x!.split([1, 1, 1], axis: 0) { state = try cell(try step.reshaped([2, 3]), state) }
                return state.h
            })
        }

        let norm = LayerNorm(6, epsilon: 1e-5)
        list.append(LayerCheck(name: "w7 LayerNorm 6", module: norm, input: input([4, 6])) { try norm($0!) })
        let embedding = Embedding(7, 4, std: 1, rng: &rng)
        list.append(LayerCheck(name: "w7 Embedding 7×4", module: embedding, input: nil) { _ in try embedding([3, 0, 3, 6]) })
        let attention = MultiHeadAttention(hiddenSize: 8, heads: 2, rng: &rng)
        list.append(LayerCheck(name: "w7 MultiHeadAttention 8, 2 heads", module: attention, input: input([2, 3, 8])) { try attention($0!) })
        for (name, config) in [("post-norm", TransformerConfig(vocabularySize: 10, hiddenSize: 8, layers: 1, heads: 2, intermediateSize: 12,
                                                               layerNormEpsilon: 1e-5, dropout: 0)),
                               ("pre-norm causal", TransformerConfig(vocabularySize: 10, hiddenSize: 8, layers: 1, heads: 2, intermediateSize: 12,
                                                                     layerNormEpsilon: 1e-5, normPlacement: .pre, causal: true, dropout: 0))] {
            let block = TransformerBlock(config: config, rng: &rng)
            list.append(LayerCheck(name: "w7 TransformerBlock \(name)", module: block, input: input([2, 3, 8])) { try block($0!) })
        }
        return list
    }
}
