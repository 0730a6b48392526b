// The executable's commands and options, declared in the library so the tests can drive the
// parser (bad flags, missing data) and the dispatch without launching a process. The handlers live
// in the App and are passed in by name; `train`, the first, runs when no command is named.

import Shared

public enum Week04CommandLine {
    /// DataChoice.load's --data; week 5 loads its images the same way and declares this option too.
    public static let dataOption = Option.path("data", "DIR", whenAbsent: "Datasets/mnist if present, else Datasets/fashion-mnist",
                                               help: "folder with the four IDX files")
    static let weightsOption = Option.path("weights", "FILE", whenAbsent: "Output/Week04MNIST/mlp.safetensors", help: "safetensors weights")
    static let modelHiddenOption = Option.ints("hidden", "N,N", range: .within(1...8192),
                                               whenAbsent: "read from the file's metadata, else 256,128", help: "hidden widths of the saved model")

    public static func cli(train: @escaping Subcommand.Handler, evaluate: @escaping Subcommand.Handler,
                           predict: @escaping Subcommand.Handler, gradcheck: @escaping Subcommand.Handler,
                           bench: @escaping Subcommand.Handler, micrograd: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week04MNIST",
            summary: "autograd from scratch: an MLP on Fashion-MNIST (or MNIST), gradient checks, micrograd",
            commands: [
                Subcommand("train", summary: "train the MLP (784-256-128-10, Adam, batch 128): progress, test accuracy, confusion matrix, curves, weights",
                           options: [.epochs(default: TrainingOptions.defaultEpochs),
                                     .batchSize(default: 128, range: 1...60_000, help: "images per step"),
                                     .lr(default: 0.001, range: .above(0, atMost: 10), help: "Adam learning rate at the start of the cosine schedule"),
                                     .ints("hidden", "N,N", default: [256, 128], range: .within(1...8192), help: "hidden layer widths"),
                                     .seed(default: TrainingOptions.defaultSeed, help: "random seed for initialisation and shuffling"),
                                     .limit(help: "train on the first N training images only"),
                                     dataOption,
                                     .json("print one JSON line per epoch and a final summary line")],
                           run: train),
                Subcommand("evaluate", summary: "test accuracy and confusion matrix of saved weights",
                           options: [weightsOption, modelHiddenOption, dataOption, .json("one JSON summary line")], run: evaluate),
                Subcommand("predict", summary: "classify test image N with saved weights (and write it as PNG)",
                           options: [.int("image", "N", default: 0, range: .atLeast(0), help: "index into the test set"),
                                     weightsOption, modelHiddenOption, dataOption],
                           run: predict),
                Subcommand("gradcheck", summary: "every op's analytic gradient vs central differences: OK / NOT OK with the max difference",
                           options: [.seed(default: 1, help: "seed for the random inputs")], run: gradcheck),
                Subcommand("bench", summary: "seconds per epoch of this engine vs the identical numpy MLP step (python3 child process)",
                           options: [.epochs(default: 3, range: .within(1...100), help: "epochs timed on each side"), dataOption,
                                     .json("one JSON summary line")],
                           run: bench),
                Subcommand("micrograd", summary: "the scalar engine on a worked expression, checked against the tensor engine", run: micrograd),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(train: { _ in }, evaluate: { _ in }, predict: { _ in }, gradcheck: { _ in },
                                   bench: { _ in }, micrograd: { _ in })
}
