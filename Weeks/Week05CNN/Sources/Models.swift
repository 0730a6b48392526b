// The week's two networks for 28×28 greyscale images (input rows [B, 784], logits [B, 10]).
//
//   simple   the reference CNN, identical to the PyTorch model we time against:
//            conv 1→32 3×3 valid → ReLU → maxpool 2      [B, 32, 13, 13]
//            conv 32→64 3×3 valid → ReLU → maxpool 2     [B, 64, 5, 5]
//            flatten 1600 → fc 128 → ReLU → fc 10
//            (each conv → ReLU → pool stage is one fused op, ConvReLUPool.swift)
//   resnet   a small ResNet of base width W (default 32, `--width`):
//            conv 1→W 3×3 pad 1 + BN + ReLU + maxpool 2  [B, W, 14, 14]
//            residual block W→W                          [B, W, 14, 14]
//            residual block W→2W, stride 2 (1×1 proj.)   [B, 2W, 7, 7]
//            residual block 2W→2W                        [B, 2W, 7, 7]
//            (the early pool keeps an epoch affordable on two cores: the blocks run at 14×14 and 7×7)
//            global average pool → fc 2W → 10
//            At W = 16 it underfits (train accuracy 0.917, test 0.912 after 10 epochs with
//            augmentation); W = 32 has 4× the convolution work and reaches ≥ 0.92.
// Layer names follow torch's state_dict conventions ("conv1.weight", "layer1.bn1.running_mean").

import Shared
import Week04MNIST

public enum Architecture: String, CaseIterable, Sendable {
    case simple, resnet

    /// The resnet's base width (channels of conv1 and layer1; layer2 and layer3 have twice as many).
    public static let defaultWidth = 32

    /// `width` sets the resnet's channels (ignored by simple).
    public func make(rng: inout SplitMix64, width w: Int = Architecture.defaultWidth) -> Sequential {
        switch self {
        case .simple:
            return Sequential([
                ("input", ImageInput(channels: 1, height: 28, width: 28)),
                ("conv1", ConvReLUPool(Conv2d(1, 32, kernel: 3, rng: &rng), pool: 2)),
                ("conv2", ConvReLUPool(Conv2d(32, 64, kernel: 3, rng: &rng), pool: 2)),
                ("flatten", Flatten()),
                ("fc1", Linear(1600, 128, rng: &rng)), ("relu3", Activation(.relu)),
                ("fc2", Linear(128, 10, rng: &rng)),
            ])
        case .resnet:
            return Sequential([
                ("input", ImageInput(channels: 1, height: 28, width: 28)),
                ("conv1", Conv2d(1, w, kernel: 3, padding: 1, bias: false, rng: &rng)), ("bn1", BatchNorm2d(w)),
                ("relu1", Activation(.relu)), ("pool1", MaxPool2d(2)),
                ("layer1", ResidualBlock(w, w, rng: &rng)),
                ("layer2", ResidualBlock(w, 2 * w, stride: 2, rng: &rng)),
                ("layer3", ResidualBlock(2 * w, 2 * w, rng: &rng)),
                ("pool", GlobalAvgPool()),
                ("fc", Linear(2 * w, 10, rng: &rng)),
            ])
        }
    }
}
