// The executable's commands and options, declared in the library so the tests can drive the
// parser (bad flags) without launching a process. The handlers live in the App and are passed in;
// `train`, the first, runs when no command is named. `worker` and `launch` share the worker's
// options: launch passes them on to every worker it starts.

import Shared

public enum Week16CommandLine {
    public static let precisions = Precision.allCases.map(\.rawValue)
    public static let dataChoices = ["fashion-mnist", "synthetic"]

    /// What one worker trains; `launch` takes the same options and hands them on.
    public static let workerOptions: [Option] = [
        .int("steps", default: 200, range: 1...1_000_000, help: "optimizer steps (global batches)"),
        .batchSize(default: 128, range: 1...60_000, help: "global batch: images per step over all workers"),
        .lr(default: 0.002, range: .above(0, atMost: 1), help: "peak learning rate (warm-up + cosine, week 13's)"),
        .int("warmup", "STEPS", default: 20, range: .atLeast(0), help: "linear warm-up steps"),
        .ints("hidden", "N,N", default: [256, 128], range: .within(1...4096), help: "hidden layer widths of the MLP"),
        .seed(default: 16, help: "seed of the initialisation and the loader's shuffling"),
        .choice("precision", precisions, default: "float32", help: "storage of weights and activations in the forward"),
        .choice("data", dataChoices, default: "fashion-mnist", help: "Datasets/fashion-mnist, or a small seeded synthetic set"),
        .int("save-at", "STEP", range: .atLeast(1), whenAbsent: "never", help: "rank 0 saves a checkpoint after this step (into --checkpoint)"),
        .path("checkpoint", "DIR", default: "Output/Week16TrainingAtScale/checkpoint", help: "checkpoint folder for --save-at"),
        .path("resume", "DIR", whenAbsent: "a fresh run", help: "continue the checkpoint in DIR (its settings replace the flags above)"),
        .out(default: "Output/Week16TrainingAtScale/run", "DIR", help: "rank 0 writes model.safetensors and summary.json here"),
        .flag("profile", "time every layer's forward and backward, the all-reduce and the update; write a trace per rank"),
        .int("crash-rank", "R", range: .atLeast(0), whenAbsent: "none", help: "failure drill: this rank exits abruptly at --crash-at"),
        .int("crash-at", "STEP", default: 2, range: .atLeast(1), help: "failure drill: the step after which --crash-rank exits"),
        .double("timeout", "SECONDS", default: 30, range: .above(0, atMost: 3600), help: "bound on every socket wait (rendezvous and all-reduce)"),
        .json("one JSON summary line from rank 0"),
    ]

    public static func cli(train: @escaping Subcommand.Handler, worker: @escaping Subcommand.Handler,
                           launch: @escaping Subcommand.Handler, resume: @escaping Subcommand.Handler,
                           bench: @escaping Subcommand.Handler, profile: @escaping Subcommand.Handler,
                           memory: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week16TrainingAtScale",
            summary: "training at scale: mixed precision with loss scaling, data parallelism over a TCP ring all-reduce, gradient checkpointing, resume, profiling",
            commands: [
                Subcommand("train", summary: "the tour on Fashion-MNIST: 1 vs 2 worker processes (equal), mixed-precision and checkpointing tables, a profile",
                           options: [.int("steps", default: 469, range: 1...100_000, help: "steps of each data-parallel run (469 = one epoch at batch 128)"),
                                     .ints("workers", "N,N", default: [1, 2], range: .within(1...8), help: "worker counts to run (the first is the reference)"),
                                     .int("precision-steps", "STEPS", default: 938, range: 1...100_000, help: "steps of each mixed-precision run"),
                                     .ints("depths", "D,D", default: [4, 8, 16, 32], range: .within(1...256), help: "hidden layers of the checkpointing table"),
                                     .seed(default: 16, help: "seed of every run"),
                                     .json("JSON lines: one per table row and a summary")],
                           run: train),
                Subcommand("worker", summary: "one rank of a data-parallel run (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT from the environment, as torchrun sets them)",
                           options: workerOptions, run: worker),
                Subcommand("launch", summary: "start --workers worker processes on this machine with torchrun's environment and wait for them",
                           options: [.int("workers", default: 2, range: 1...16, help: "worker processes"),
                                     .int("master-port", "PORT", range: 1...65535, whenAbsent: "a free port", help: "rank 0's rendezvous port")]
                               + workerOptions,
                           run: launch),
                Subcommand("resume", arguments: "DIR", positionals: 1...1,
                           summary: "continue a saved data-parallel run with --workers workers (settings from the checkpoint)",
                           options: [.int("workers", default: 2, range: 1...16, help: "worker processes"),
                                     .int("steps", range: 1...1_000_000, whenAbsent: "the saved run's", help: "total steps of the run"),
                                     .out(default: "Output/Week16TrainingAtScale/resumed", "DIR", help: "rank 0 writes model.safetensors and summary.json here"),
                                     .json("one JSON summary line from rank 0")],
                           run: resume),
                Subcommand("bench", summary: "ring all-reduce time and bandwidth by message size, 2 processes on loopback, vs torch.distributed (gloo) in the same run",
                           options: [.int("workers", default: 2, range: 2...8, help: "processes in the ring"),
                                     .ints("sizes", "N,N", default: [1024, 16_384, 262_144, 1_048_576, 4_194_304], range: .within(1...67_108_864),
                                           help: "message sizes in float32 elements"),
                                     .int("repeats", default: 20, range: 1...1000, help: "all-reduces per size (median reported)"),
                                     .flag("as-worker", "internal: run as one rank of the bench (bench itself sets torchrun's environment)"),
                                     .json("one JSON line per size")],
                           run: bench),
                Subcommand("profile", summary: "a profiled data-parallel run: time per op type (table) and one Chrome trace JSON of all ranks",
                           options: [.int("workers", default: 2, range: 1...8, help: "worker processes"),
                                     .int("steps", default: 40, range: 1...10_000, help: "profiled steps"),
                                     .json("one JSON line per op type")],
                           run: profile),
                Subcommand("memory", summary: "one training step of a deep MLP, plain or checkpointed; prints this process's peak resident memory (run one per configuration)",
                           options: [.int("depth", default: 16, range: 1...512, help: "hidden layers"),
                                     .int("width", default: 512, range: 1...8192, help: "hidden width"),
                                     .batchSize(default: 1024, range: 1...65_536, help: "rows of the random batch"),
                                     .int("segment", "LAYERS", range: .atLeast(1), whenAbsent: "no checkpointing",
                                          help: "checkpoint segments of this many layers (0 < LAYERS); √layers is memory-optimal"),
                                     .seed(default: 16, help: "seed of the weights and the batch"),
                                     .json("one JSON line")],
                           run: memory),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(train: { _ in }, worker: { _ in }, launch: { _ in }, resume: { _ in },
                                   bench: { _ in }, profile: { _ in }, memory: { _ in })
}
