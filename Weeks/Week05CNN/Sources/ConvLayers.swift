// The convolutional layers as Modules (Week 4's Module.swift: members → torch's state_dict names).
//
//   Conv2d(in, out, k, stride, padding)   weight [out, in, k, k], bias [out]; torch's default init
//                                         U(−1/√fan_in, 1/√fan_in) with fan_in = in·k·k
//   ConvReLUPool(conv, k)                 conv → ReLU → max pool k, fused (the simple CNN's stages)
//   MaxPool2d(k), Flatten, GlobalAvgPool  parameter-free
//   ImageInput(c, h, w)                   [B, c·h·w] rows (as the datasets store them) → [B, c, h, w]
//   ResidualBlock(in, out, stride)        y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)),
//                                         shortcut = identity, or a 1×1 conv + BN when the shape changes
//                                         (He et al. 2016): the block learns a correction to x, and the
//                                         "+ x" gives the gradient a path that skips the convolutions.
//
// What this file does not do: no bottleneck blocks, no pre-activation variant.

import Shared
import Week04MNIST

public final class Conv2d: Layer {
    public let weight: Variable
    public let bias: Variable?
    public let stride: Int
    public let padding: Int
    /// Buffers reused from batch to batch (Workspace.swift).
    public let workspace = ConvWorkspace()

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, rng: inout SplitMix64) {
        let fanIn = inChannels * kernel * kernel
        let bound = Initialization.kaimingUniform.weightBound(fanIn: fanIn, fanOut: outChannels * kernel * kernel)
        weight = Variable(Initialization.uniform([outChannels, inChannels, kernel, kernel], bound: bound, using: &rng), requiresGrad: true)
        self.bias = bias ? Variable(Initialization.uniform([outChannels], bound: bound, using: &rng), requiresGrad: true) : nil
        (self.stride, self.padding) = (stride, padding)
    }

    public var members: [ModuleMember] {
        [.parameter("weight", weight)] + (bias.map { [.parameter("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try Variable.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding, workspace: workspace)
    }
}

/// conv → ReLU → k×k max pool as one fused op (ConvReLUPool.swift); parameters named as the conv's.
public final class ConvReLUPool: Layer {
    public let conv: Conv2d
    public let pool: Int

    public init(_ conv: Conv2d, pool: Int) { (self.conv, self.pool) = (conv, pool) }

    public var members: [ModuleMember] { conv.members }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        try Variable.convReLUPool(x, weight: conv.weight, bias: conv.bias, pool: pool, stride: conv.stride,
                                  padding: conv.padding, workspace: conv.workspace)
    }
}

public final class MaxPool2d: Layer {
    public let kernel: Int
    public init(_ kernel: Int) { self.kernel = kernel }
    public var members: [ModuleMember] { [] }
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.maxPool2d(kernel) }
}

public final class GlobalAvgPool: Layer {
    public init() {}
    public var members: [ModuleMember] { [] }
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.globalAvgPool() }
}

/// [B, C, H, W] → [B, C·H·W].
public final class Flatten: Layer {
    public init() {}
    public var members: [ModuleMember] { [] }
    public func callAsFunction(_ x: Variable) throws -> Variable { try x.reshaped([x.shape[0], x.value.count / x.shape[0]]) }
}

/// [B, c·h·w] → [B, c, h, w].
public final class ImageInput: Layer {
    public let channels, height, width: Int
    public init(channels: Int, height: Int, width: Int) { (self.channels, self.height, self.width) = (channels, height, width) }
    public var members: [ModuleMember] { [] }
    public func callAsFunction(_ x: Variable) throws -> Variable {
        try x.reshaped([x.shape[0], channels, height, width])
    }
}

public final class ResidualBlock: Layer {
    public let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d
    public let projection: (conv: Conv2d, bn: BatchNorm2d)?

    public init(_ inChannels: Int, _ outChannels: Int, stride: Int = 1, rng: inout SplitMix64) {
        conv1 = Conv2d(inChannels, outChannels, kernel: 3, stride: stride, padding: 1, bias: false, rng: &rng)
        bn1 = BatchNorm2d(outChannels)
        conv2 = Conv2d(outChannels, outChannels, kernel: 3, padding: 1, bias: false, rng: &rng)
        bn2 = BatchNorm2d(outChannels)
        if stride != 1 || inChannels != outChannels {
            projection = (Conv2d(inChannels, outChannels, kernel: 1, stride: stride, bias: false, rng: &rng), BatchNorm2d(outChannels))
        } else {
            projection = nil
        }
    }

    /// torch's names: the projection is `shortcut`, an nn.Sequential of conv (0) and batch norm (1).
    public var members: [ModuleMember] {
        var list: [ModuleMember] = [.child("conv1", conv1), .child("bn1", bn1), .child("conv2", conv2), .child("bn2", bn2)]
        if let projection { list += [.child("shortcut.0", projection.conv), .child("shortcut.1", projection.bn)] }
        return list
    }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        let h = try bn1(conv1(x)).relu()
        let f = try bn2(conv2(h))
        let shortcut = try projection.map { try $0.bn($0.conv(x)) } ?? x
        return try (f + shortcut).relu()
    }
}
