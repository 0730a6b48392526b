// The executable's commands and options, declared in the library so the tests can drive the
// parser (bad flags) without launching a process. The handlers live in the App and are passed in;
// `train`, the first, runs when no command is named.

import Shared

public enum Week13CommandLine {
    public static let scheduleKinds = ["all", "constant", "step", "exponential", "warmup-cosine", "one-cycle", "plateau"]

    /// The settings of a run (shared by `train` and the `worker` it starts, which must train the same run).
    static let runOptions: [Option] = [
        .epochs(default: 3, range: .within(1...100)),
        .batchSize(default: 128, range: 1...60_000, help: "images per step"),
        .lr(default: 0.002, range: .above(0, atMost: 1), help: "peak learning rate (after warm-up)"),
        .double("min-lr", "LR", default: 0.0001, range: .atLeast(0), help: "learning rate at the end of the cosine"),
        .int("warmup", "STEPS", default: 100, range: .atLeast(0), help: "linear warm-up steps"),
        .ints("hidden", "N,N", default: [256, 128], range: .within(1...4096), help: "hidden layer widths"),
        .seed(default: 13, help: "seed of the initialisation and the loader's shuffling"),
        .limit(help: "train on the first N training images only"),
        .flag("no-prefetch", "collate each batch on the training thread")]

    public static func cli(train: @escaping Subcommand.Handler, resume: @escaping Subcommand.Handler,
                           schedule: @escaping Subcommand.Handler, gradcheck: @escaping Subcommand.Handler,
                           inspect: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler,
                           worker: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week13Modules",
            summary: "a deep-learning library's plumbing: LR schedules, DataLoader with prefetch, weight init, resumable checkpoints, layer gradcheck",
            commands: [
                Subcommand("train", summary: "Fashion-MNIST MLP with warm-up + cosine: an uninterrupted run, then one in a worker process that checkpoints mid-way and is killed (SIGKILL), resumed from disk and finished; the two curves compared",
                           options: runOptions + [
                                     .int("stop-at", "STEP", range: .atLeast(1), whenAbsent: "half of the run's steps",
                                          help: "step after which the worker saves its checkpoint (and is then killed)"),
                                     .out(default: "Output/Week13Modules/checkpoint", "DIR", help: "checkpoint folder"),
                                     .json("one JSON line per epoch of each run and a summary line")],
                           run: train),
                Subcommand("worker", summary: "the process `train` starts and kills: one run from scratch that saves its checkpoint after --stop-at steps and trains on; prints a JSON line per step and one when the checkpoint is on disk",
                           options: runOptions + [
                                     .int("stop-at", "STEP", default: 100, range: .atLeast(1), help: "step after which the checkpoint is saved"),
                                     .out(default: "Output/Week13Modules/checkpoint", "DIR", help: "checkpoint folder")],
                           run: worker),
                Subcommand("resume", arguments: "DIR", positionals: 1...1,
                           summary: "continue the checkpoint in DIR to the end of its run (settings from its metadata)",
                           options: [.flag("no-prefetch", "collate each batch on the training thread"),
                                     .json("one JSON summary line")],
                           run: resume),
                Subcommand("schedule", summary: "print and plot learning-rate curves (SVG), the same values as torch.optim.lr_scheduler's",
                           options: [.choice("kind", scheduleKinds, default: "all", help: "which schedule"),
                                     .int("steps", default: 1000, range: 2...1_000_000, help: "scheduler steps"),
                                     .lr(default: 0.1, range: .above(0), help: "base (or peak) learning rate"),
                                     .json("one JSON line per schedule with every value")],
                           run: schedule),
                Subcommand("gradcheck", summary: "every layer of weeks 4–7 against central differences: OK / NOT OK with the max relative error",
                           options: [.seed(default: 1, help: "seed of the layers and inputs"), .json("one JSON line per layer")],
                           run: gradcheck),
                Subcommand("inspect", arguments: "FILE", positionals: 1...1, summary: "the tensors and metadata of a safetensors file",
                           options: [.json("one JSON line")], run: inspect),
                Subcommand("bench", summary: "seconds per Fashion-MNIST epoch: DataLoader + MLP here (prefetch on and off) vs torch's DataLoader loop",
                           options: [.int("rounds", default: 2, range: 1...10, help: "alternating rounds (median reported)"),
                                     .json("one JSON summary line")],
                           run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(train: { _ in }, resume: { _ in }, schedule: { _ in }, gradcheck: { _ in },
                                   inspect: { _ in }, bench: { _ in }, worker: { _ in })
}
