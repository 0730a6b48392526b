// The executable's commands and options, declared in the library so the tests can drive the
// parser (bad flags) without launching a process. The handlers live in the App and are passed in;
// `ablate`, the first, runs when no command is named.

import Shared

public enum Week14CommandLine {
    public static let defaultSeed = 14
    public static let augmentations = ["none", "flip-crop", "standard"]

    /// `--augment NAME` → the policy (standard = the ablation's).
    public static func augmentation(_ name: String) -> AugmentationPolicy {
        switch name {
        case "flip-crop": return AugmentationPolicy(flip: true, cropPadding: 2)
        case "standard": return Regularizers.standardAugmentation
        default: return .none
        }
    }

    public static func cli(ablate: @escaping Subcommand.Handler, train: @escaping Subcommand.Handler,
                           bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week14Regularization",
            summary: "regularisation: dropout, label smoothing, L2 vs AdamW, augmentation, mixup, early stopping — each one's effect on the train/validation gap",
            commands: [
                Subcommand("ablate", summary: "the CNN on a fixed Fashion-MNIST subset with each regulariser switched on in turn, then the helpful ones combined: gap table + train/validation curves (SVG)",
                           options: [.epochs(default: 20, range: .within(1...200)),
                                     .int("train-size", default: 2000, range: 100...50_000, help: "training images (the first N of the training file)"),
                                     .int("validation-size", default: 1000, range: 100...10_000, help: "validation images (the N after them)"),
                                     .batchSize(default: 32, range: 2...10_000, help: "images per step"),
                                     .lr(default: 0.003, range: .above(0, atMost: 1), help: "Adam/AdamW peak learning rate (cosine to lr/20)"),
                                     .choice("arch", RegularizedCNN.allCases.map(\.rawValue), default: "small", help: "the CNN (small: 16/32 channels, fc 64)"),
                                     .seed(default: defaultSeed, help: "seed of initialisation, order, dropout, augmentation and mixup"),
                                     .json("one JSON line per configuration")],
                           run: ablate),
                Subcommand("train", arguments: "[DIR]", positionals: 0...1,
                           summary: "one configuration (default: the ablation's combination, label smoothing + mixup, with early stopping) on Fashion-MNIST or, with --dataset cifar10 DIR, CIFAR-10's binary batches; validation = the last 10 % of the training images, then the test set",
                           options: [.choice("dataset", ["fashion-mnist", "cifar10"], default: "fashion-mnist", help: "which images (cifar10 needs DIR)"),
                                     .flag("full", "all training images (else the first --limit)"),
                                     .limit(help: "training images before the validation split", whenAbsent: "10000 (all with --full)"),
                                     .epochs(default: 10, range: .within(1...200)),
                                     .batchSize(default: 64, range: 2...10_000, help: "images per step"),
                                     .lr(default: 0.002, range: .above(0, atMost: 1), help: "Adam/AdamW peak learning rate (cosine to lr/20)"),
                                     .choice("arch", RegularizedCNN.allCases.map(\.rawValue), default: "simple", help: "the CNN (wide: 4 padded conv + BN)"),
                                     .double("dropout", "P", default: 0, range: .atLeast(0, below: 1), help: "dropout before the classifier"),
                                     .double("smoothing", "EPS", default: 0.1, range: .within(0...1), help: "label smoothing ε"),
                                     .double("weight-decay", "LAMBDA", default: 0, range: .atLeast(0), help: "weight decay on the ≥ 2-D weights"),
                                     .choice("decay", ["adamw", "l2"], default: "adamw", help: "decoupled (AdamW) or Adam's L2 term"),
                                     .choice("augment", augmentations, default: "none", help: "augmentation (standard adds ±10° rotations and erasing)"),
                                     .double("mixup", "ALPHA", default: 0.4, range: .atLeast(0), help: "mixup's Beta(α, α); 0 turns it off"),
                                     .int("patience", "EPOCHS", default: 3, range: 0...100, help: "early stopping's patience; 0 turns it off"),
                                     .seed(default: defaultSeed),
                                     .json("one JSON line per epoch and a summary line")],
                           run: train),
                Subcommand("bench", summary: "seconds for one epoch of the simple CNN with dropout, flips and padded crops here vs the same loop in torch (augmentation by hand in tensors)",
                           options: [.int("images", default: 10_000, range: 640...50_000, help: "training images in the epoch"),
                                     .int("rounds", default: 2, range: 1...10, help: "alternating rounds (median reported)"),
                                     .json("one JSON summary line")],
                           run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(ablate: { _ in }, train: { _ in }, bench: { _ in })
}
