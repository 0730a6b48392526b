// The executable's commands and options, declared in the library so the tests can drive the
// parser (bad flags, missing data) without launching a process.

import Shared

public enum Week04CommandLine {
    static let dataOption = Option.value("data", "DIR", "folder with the four IDX files (default Datasets/mnist if present, else Datasets/fashion-mnist)")
    static let weightsOption = Option.value("weights", "FILE", "safetensors weights (default Output/Week04MNIST/mlp.safetensors)")
    static let modelHiddenOption = Option.value("hidden", "N,N", "hidden widths of the saved model (default: read from the file's metadata, else 256,128)")
    static let hiddenOption = Option.value("hidden", "N,N", "hidden layer widths (default 256,128)")

    public static let cli = CLI(
        program: "Week04MNIST",
        summary: "autograd from scratch: an MLP on Fashion-MNIST (or MNIST), gradient checks, micrograd",
        commands: [
            Subcommand("train", summary: "train the MLP (784-256-128-10, Adam, batch 128): progress, test accuracy, confusion matrix, curves, weights",
                       options: [.value("epochs", "N", "passes over the training set (default \(TrainingOptions.defaultEpochs))"),
                                 .value("batch-size", "B", "images per step (default 128)"),
                                 .value("lr", "LR", "Adam learning rate at the start of the cosine schedule (default 0.001)"),
                                 hiddenOption,
                                 .value("seed", "S", "random seed for initialisation and shuffling (default \(TrainingOptions.defaultSeed))"),
                                 .value("limit", "N", "train on the first N training images only (default all)"),
                                 dataOption,
                                 .flag("json", "print one JSON line per epoch and a final summary line")]),
            Subcommand("evaluate", summary: "test accuracy and confusion matrix of saved weights",
                       options: [weightsOption, modelHiddenOption, dataOption, .flag("json", "one JSON summary line")]),
            Subcommand("predict", summary: "classify test image N with saved weights (and write it as PNG)",
                       options: [.value("image", "N", "index into the test set (default 0)"), weightsOption, modelHiddenOption, dataOption]),
            Subcommand("gradcheck", summary: "every op's analytic gradient vs central differences: OK / NOT OK with the max difference",
                       options: [.value("seed", "S", "seed for the random inputs (default 1)")]),
            Subcommand("bench", summary: "seconds per epoch of this engine vs the identical numpy MLP step (python3 child process)",
                       options: [.value("epochs", "N", "epochs timed on each side (default 3)"), dataOption,
                                 .flag("json", "one JSON summary line")]),
            Subcommand("micrograd", summary: "the scalar engine on a worked expression, checked against the tensor engine"),
        ])
}
