// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch. The handlers live in the App and are passed in by name; `train`, the
// first, runs when no command is named.

import Shared
import Week04MNIST

public enum Week05CommandLine {
    public static let defaultSeed = 42
    public static let defaultArchitecture = Architecture.resnet

    /// Epochs when --epochs is not given: the default run's 10 for the resnet, 15 for the simple CNN.
    public static func defaultEpochs(_ arch: Architecture) -> Int { arch == .resnet ? 10 : 15 }

    public static func cli(train: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week05CNN",
            summary: "convolutional networks from scratch (im2col + GEMM): a small ResNet or the reference CNN on Fashion-MNIST",
            commands: [
                Subcommand("train", summary: "train (default: the small ResNet): progress, test accuracy, curves, confusion, filter and feature-map images, weights",
                           options: [.choice("arch", Architecture.allCases.map(\.rawValue), default: defaultArchitecture.rawValue,
                                             help: "resnet (the small ResNet) or simple (the reference CNN)"),
                                     .int("width", "W", default: Architecture.defaultWidth, range: 1...256,
                                          help: "resnet channels: W in conv1 and layer1, 2W in layer2 and layer3"),
                                     .epochs(default: nil, whenAbsent: Architecture.allCases.map { "\(defaultEpochs($0)) for \($0.rawValue)" }.joined(separator: ", ")),
                                     .batchSize(default: 128, range: 2...60_000, help: "images per step"),
                                     .lr(default: 0.001, range: .above(0, atMost: 10), help: "Adam learning rate at the start of the cosine schedule"),
                                     .int("shift", "P", default: 1, range: -1...8, help: "augmentation: random flips and shifts of up to P pixels; -1 turns it off"),
                                     .limit(help: "train on the first N training images only"),
                                     .seed(default: defaultSeed),
                                     Week04CommandLine.dataOption,  // DataChoice.load: MNIST when present, as in week 4
                                     .json("print one JSON line per epoch and a final summary line")],
                           run: train),
                Subcommand("bench", summary: "seconds per epoch of the simple CNN here vs the identical PyTorch model, alternating, in one run",
                           // 468 batches of 128 in the training set, less the 3 warm-up batches.
                           options: [.int("batches", default: 100, range: 1...465, help: "batches timed per round on each side"),
                                     .int("rounds", "R", default: 3, range: 1...20, help: "alternating Swift/PyTorch rounds; medians are reported"),
                                     .json("one JSON summary line")],
                           run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(train: { _ in }, bench: { _ in })
}
