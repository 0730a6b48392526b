// The week's CNN: week 5's simple CNN (conv → ReLU → max pool, twice; fc; fc) with a dropout
// layer before the classifier and its widths as parameters, for C×S×S images (Fashion-MNIST
// 1×28×28, CIFAR-10 3×32×32):
//
//   small / simple   conv C→a 3×3 → ReLU → pool 2 → conv a→b 3×3 → ReLU → pool 2   (week 5's ConvReLUPool)
//                    flatten b·s² → fc h → ReLU → dropout p → fc 10
//                    small: a, b, h = 16, 32, 64 (the ablation's budget); simple: 32, 64, 128 (week 5's)
//                    s = ((S − 2)/2 − 2)/2: 5 for 28, 6 for 32
//   wide             two stages of [conv 3×3 pad 1 → BN → ReLU] ×2 → pool 2 (32 then 64 channels),
//                    flatten 64·(S/4)² → fc 256 → ReLU → dropout p → fc 10   (for `train --full`)
//
// Layer names follow torch's state_dict ("conv1.weight", "bn1.running_mean", "fc1.weight").
// What this file does not do: no residual blocks (week 5's resnet has them), no dropout in the
// convolutional stages.

import Shared
import Week04MNIST
import Week05CNN

public enum RegularizedCNN: String, CaseIterable, Sendable {
    case small, simple, wide

    /// The network for `channels`×`side`×`side` images and 10 classes; `dropout` before the last layer.
    public func make(channels: Int, side: Int, dropout: Float, rng: inout SplitMix64) -> Sequential {
        let dropoutSeed = rng.next()
        switch self {
        case .small, .simple:
            let (a, b, hidden) = self == .small ? (16, 32, 64) : (32, 64, 128)
            let s = ((side - 2) / 2 - 2) / 2
            return Sequential([
                ("input", ImageInput(channels: channels, height: side, width: side)),
                ("conv1", ConvReLUPool(Conv2d(channels, a, kernel: 3, rng: &rng), pool: 2)),
                ("conv2", ConvReLUPool(Conv2d(a, b, kernel: 3, rng: &rng), pool: 2)),
                ("flatten", Flatten()),
                ("fc1", Linear(b * s * s, hidden, rng: &rng)), ("relu3", Activation(.relu)),
                ("dropout", Dropout(dropout, seed: dropoutSeed)),
                ("fc2", Linear(hidden, 10, rng: &rng)),
            ])
        case .wide:
            var layers: [(name: String, layer: any Layer)] = [("input", ImageInput(channels: channels, height: side, width: side))]
            var inputs = channels
            for (index, width) in [32, 32, 64, 64].enumerated() {
                let n = index + 1
                layers += [("conv\(n)", Conv2d(inputs, width, kernel: 3, padding: 1, bias: false, rng: &rng)),
                           ("bn\(n)", BatchNorm2d(width)), ("relu\(n)", Activation(.relu))]
                if n % 2 == 0 { layers.append(("pool\(n / 2)", MaxPool2d(2))) }
                inputs = width
            }
            let s = side / 4
            layers += [("flatten", Flatten()), ("fc1", Linear(64 * s * s, 256, rng: &rng)), ("relu5", Activation(.relu)),
                       ("dropout", Dropout(dropout, seed: dropoutSeed)), ("fc2", Linear(256, 10, rng: &rng))]
            return Sequential(layers)
        }
    }
}
