// The executable's commands and options, declared in the library so the tests can see them.

import Shared

public enum Week05CommandLine {
    public static let defaultSeed = 42
    public static let defaultArchitecture = Architecture.resnet

    /// Epochs when --epochs is not given: the default run's 10 for the resnet, 15 for the simple CNN.
    public static func defaultEpochs(_ arch: Architecture) -> Int { arch == .resnet ? 10 : 15 }

    public static let cli = CLI(
        program: "Week05CNN",
        summary: "convolutional networks from scratch (im2col + GEMM): a small ResNet or the reference CNN on Fashion-MNIST",
        commands: [
            Subcommand("train", summary: "train (default: the small ResNet): progress, test accuracy, curves, confusion, filter and feature-map images, weights",
                       options: [.value("arch", "NAME", "resnet (the small ResNet) or simple (the reference CNN) (default resnet)"),
                                 .value("width", "W", "resnet channels: W in conv1 and layer1, 2W in layer2 and layer3 (default \(Architecture.defaultWidth))"),
                                 .value("epochs", "N", "passes over the training set (default 10 for resnet, 15 for simple)"),
                                 .value("batch-size", "B", "images per step (default 128)"),
                                 .value("lr", "LR", "Adam learning rate at the start of the cosine schedule (default 0.001)"),
                                 .value("shift", "P", "augmentation: random flips and shifts of up to P pixels; -1 turns it off (default 1)"),
                                 .value("limit", "N", "train on the first N training images only (default all)"),
                                 .value("seed", "S", "random seed (default \(defaultSeed))"),
                                 .value("data", "DIR", "folder with the four IDX files (default Datasets/fashion-mnist)"),
                                 .flag("json", "print one JSON line per epoch and a final summary line")]),
            Subcommand("bench", summary: "seconds per epoch of the simple CNN here vs the identical PyTorch model, alternating, in one run",
                       options: [.value("batches", "N", "batches timed per round on each side (default 100)"),
                                 .value("rounds", "R", "alternating Swift/PyTorch rounds; medians are reported (default 3)"),
                                 .flag("json", "one JSON summary line")]),
        ])
}
