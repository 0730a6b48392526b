// The executable's commands and options, declared in the library so the tests can drive the
// parser (bad flags) without launching a process. The handlers live in the App and are passed in;
// `train`, the first, runs when no command is named.

import Foundation
import Shared

public enum Week15CommandLine {
    public static let defaultSections = ["tutorial", "reference", "howto", "faq"]
    public static let checkpoint = "Output/Week15CharLM/charlm.safetensors"

    static func corpusOptions() -> [Option] {
        [.string("sections", "DIR,DIR", default: defaultSections.joined(separator: ","), help: "folders of Datasets/python-docs to read"),
         .int("hold-out-every", "K", default: 10, range: 2...1000, help: "every K-th file (sorted by path) is held out")]
    }

    public static func cli(train: @escaping Subcommand.Handler, sample: @escaping Subcommand.Handler,
                           ngram: @escaping Subcommand.Handler, export: @escaping Subcommand.Handler,
                           bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week15CharLM",
            summary: "character-level LSTM/GRU language models on the Python docs with truncated BPTT, against unigram and Kneser–Ney 5-gram baselines",
            commands: [
                Subcommand("train", summary: "train the char model (held-out files for validation), log held-out bits/char and ‖g‖ as it trains, print the baseline table, sample, save the checkpoint",
                           options: corpusOptions() + [
                               .choice("cell", ["lstm", "gru"], default: "lstm", help: "recurrent cell"),
                               .int("hidden", default: 256, range: 1...2048, help: "hidden size H"),
                               .int("embedding", default: 32, range: 1...1024, help: "embedding size D"),
                               .int("steps", default: 3500, range: 1...1_000_000, help: "optimizer steps"),
                               .batchSize(default: 32, range: 1...1024, help: "streams per step (B)"),
                               .int("length", "T", default: 64, range: 1...4096, help: "BPTT chunk length T"),
                               .lr(default: 0.004, range: .above(0, atMost: 1), help: "peak learning rate (warm-up + cosine)"),
                               .double("clip", "NORM", default: 1, range: .above(0), help: "gradient-norm clip"),
                               .int("eval-every", "STEPS", default: 250, range: 1...1_000_000, help: "held-out evaluation interval"),
                               .int("order", default: 5, range: 1...8, help: "n of the Kneser–Ney baseline"),
                               .doubles("temperatures", "T,T", default: [0.5, 0.8, 1.0], range: .atLeast(0), help: "sampling temperatures"),
                               .int("sample-length", default: 200, range: 0...100_000, help: "characters per sample"),
                               .seed(default: 15, help: "seed of the initialisation and the samples"),
                               .out(default: checkpoint, "FILE", help: "checkpoint file"),
                               .json("one JSON line per evaluation and a summary line")],
                           run: train),
                Subcommand("sample", summary: "sample from a saved checkpoint",
                           options: [.path("weights", "FILE", default: checkpoint, help: "checkpoint written by train"),
                                     .double("temperature", default: 0.8, range: .atLeast(0), help: "softmax temperature (0 is argmax)"),
                                     .int("length", default: 300, range: 1...100_000, help: "characters to draw"),
                                     .string("prime", default: "The ", help: "text fed before sampling"),
                                     .seed(default: 0, help: "seed of the draws"),
                                     .json("one JSON line")],
                           run: sample),
                Subcommand("ngram", summary: "the baseline table only: unigram and Kneser–Ney n-grams (n = 1…order) on the same split",
                           options: corpusOptions() + [.int("order", default: 5, range: 1...8, help: "highest n"),
                                                       .json("one JSON line per model")],
                           run: ngram),
                Subcommand("export", summary: "write a checkpoint under torch.nn.LSTM/GRU names (weight_ih_l0, …) for safetensors.torch.load_file",
                           options: [.path("weights", "FILE", default: checkpoint, help: "checkpoint written by train"),
                                     .out(default: "Output/Week15CharLM/charlm-torch.safetensors", "FILE", help: "torch-named file"),
                                     .json("one JSON line")],
                           run: export),
                Subcommand("bench", summary: "LSTM training step (forward, BPTT, clip, Adam) here vs torch.nn.LSTM for the same shapes: median ms and ratio",
                           options: [.int("hidden", default: 256, range: 1...2048, help: "hidden size H"),
                                     .batchSize(default: 32, range: 1...1024, help: "streams per step (B)"),
                                     .int("length", "T", default: 64, range: 1...4096, help: "BPTT chunk length T"),
                                     .int("steps", default: 20, range: 3...1000, help: "timed steps per engine (median reported)"),
                                     .json("one JSON line")],
                           run: bench),
            ])
    }

    /// A path option's file: absolute as given, relative to the project root otherwise.
    public static func file(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : Project.root.appendingPathComponent(path)
    }

    /// The corpus the `--sections` and `--hold-out-every` options name.
    public static func split(_ invocation: Invocation) throws -> DocsSplit {
        let sections = invocation.string("sections").split(separator: ",").map { String($0) }
        guard !sections.isEmpty else { throw UsageError("--sections needs at least one folder of Datasets/python-docs") }
        return try DocsSplit.load(root: try Dataset.pythonDocs.locate(), sections: sections,
                                  holdOutEvery: invocation.int("hold-out-every"))
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(train: { _ in }, sample: { _ in }, ngram: { _ in }, export: { _ in }, bench: { _ in })
}
