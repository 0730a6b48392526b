// The executable's commands and options, declared in the library so the tests can drive the
// parser (bad flags) without launching a process. The handlers live in the App and are passed in;
// `train`, the first, runs when no command is named.

import Foundation
import Shared

public enum Week17CommandLine {
    public static let runFolder = "Output/Week17TinyGPT/run"
    public static let tokenizerFile = "tokenizer.bpe"

    /// Which text, how it is split, how it is tokenised.
    static func corpusOptions() -> [Option] {
        [.string("sections", "DIR,DIR", default: "tutorial,reference,howto,faq", help: "folders of Datasets/python-docs to read (empty: none)"),
         .string("news", "FILE,FILE", default: "NEWS", help: "files of Datasets/python-news, cut into releases (NEWS, HISTORY; empty: none)"),
         .int("hold-out-every", "K", default: 10, range: 2...1000, help: "every K-th docs file and every K-th NEWS release is held out"),
         .int("vocab", default: 2048, range: 257...65536, help: "BPE vocabulary size (256 bytes + merges)"),
         .int("bpe-bytes", default: 1_000_000, range: 1...1_000_000_000, help: "train BPE on the first N bytes of the training side")]
    }

    /// The model's shape.
    static func modelOptions(layers: Int, width: Int, context: Int, dropout: Double) -> [Option] {
        [.int("layers", default: layers, range: 1...64, help: "transformer blocks (n_layer)"),
         .int("heads", default: 4, range: 1...64, help: "attention heads (n_head; must divide --width)"),
         .int("width", "C", default: width, range: 8...4096, help: "residual width (n_embd)"),
         .int("context", "T", default: context, range: 2...4096, help: "context length (block_size)"),
         .double("dropout", "P", default: dropout, range: .atLeast(0, below: 1), help: "dropout on embeddings and sublayer outputs")]
    }

    public static func cli(train: @escaping Subcommand.Handler, generate: @escaping Subcommand.Handler,
                           bench: @escaping Subcommand.Handler, export: @escaping Subcommand.Handler,
                           compare: @escaping Subcommand.Handler, scaling: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week17TinyGPT",
            summary: "a decoder-only transformer (week 7's blocks as week 8's GPT-2) trained from scratch on the Python docs and NEWS with byte-level BPE",
            commands: [
                Subcommand("train", summary: "train BPE and the GPT (AdamW with decay groups, warm-up + cosine, clipping, dropout), evaluate held-out documents every N steps with a sample, print nats/token and bits/byte, save a resumable checkpoint",
                           options: corpusOptions() + modelOptions(layers: 4, width: 128, context: 64, dropout: 0) + [
                               .int("steps", default: 1500, range: 1...10_000_000, help: "optimizer steps"),
                               .batchSize(default: 16, range: 1...4096, help: "windows per step (B)"),
                               .lr(default: 0.002, range: .above(0, atMost: 1), help: "peak learning rate (warm-up + cosine to lr/10)"),
                               .int("warmup", "STEPS", default: 100, range: 0...10_000_000, help: "linear warm-up steps"),
                               .double("weight-decay", "λ", default: 0.1, range: .atLeast(0), help: "AdamW decay of the ≥ 2-D tensors"),
                               .double("clip", "NORM", default: 1, range: .above(0), help: "gradient-norm clip"),
                               .int("eval-every", "STEPS", default: 500, range: 1...10_000_000, help: "held-out evaluation (and a sample) interval"),
                               .int("eval-windows", "N", default: 128, range: 1...1_000_000, help: "held-out windows per interim evaluation (the final one uses all)"),
                               .int("sample-length", "TOKENS", default: 80, range: 0...100_000, help: "tokens per sample"),
                               .double("temperature", default: 0.8, range: .atLeast(0), help: "sampling temperature (0 is greedy)"),
                               .seed(default: 17, help: "seed of the initialisation, the batches, dropout and the samples"),
                               .out(default: runFolder, "DIR", help: "run folder (checkpoint and tokenizer)"),
                               .flag("resume", "continue the run saved in --out (its settings; the corpus options must match)"),
                               .json("one JSON line per evaluation and a summary line")],
                           run: train),
                Subcommand("generate", arguments: "PROMPT", positionals: 0...1, summary: "continue PROMPT with the trained model (KV cache; greedy or temperature)",
                           options: [.path("model", "DIR", default: runFolder, help: "run folder written by train"),
                                     .int("length", "TOKENS", default: 120, range: 1...100_000, help: "tokens to generate"),
                                     .double("temperature", default: 0.8, range: .atLeast(0), help: "softmax temperature (0 is greedy)"),
                                     .seed(default: 0, help: "seed of the draws"),
                                     .flag("no-cache", "recompute the whole window at every step (same tokens, slower)"),
                                     .json("one JSON line")],
                           run: generate),
                Subcommand("bench", summary: "one training step of nanoGPT's CPU config (4 layers, 4 heads, 128 wide, context 64, batch 12) here and in PyTorch, side by side: median ms and ratio",
                           options: [.int("vocab", default: 1024, range: 2...65536, help: "vocabulary size of the benchmark model"),
                                     .batchSize(default: 12, range: 1...4096, help: "windows per step"),
                                     .int("steps", default: 20, range: 3...1000, help: "timed steps per engine (median reported)"),
                                     .json("one JSON line")],
                           run: bench),
                Subcommand("export", arguments: "DIR", positionals: 1...1, summary: "write the trained model as a Hugging Face GPT-2 folder (config.json, model.safetensors) and the BPE merges; reload it with week 8's loader and check the logits",
                           options: [.path("model", "DIR", default: runFolder, help: "run folder written by train"),
                                     .json("one JSON line")],
                           run: export),
                Subcommand("compare", summary: "week 15's LSTM vs this GPT at (about) equal parameters and equal training time, on the same held-out bytes: bits/byte",
                           options: corpusOptions() + [
                               .double("seconds", default: 90, range: .above(0), help: "training time budget of each model"),
                               .int("parameters", default: 400_000, range: 1000...100_000_000, help: "target parameter count of both models"),
                               .seed(default: 17, help: "seed of both runs"),
                               .json("one JSON line per model")],
                           run: compare),
                Subcommand("scaling", summary: "train ≥ 4 model sizes for the same steps, fit L(N) = a·N^(−α) + c to held-out loss vs non-embedding parameters, plot log-log (SVG)",
                           options: corpusOptions() + [
                               .ints("widths", "C,C,…", default: [32, 64, 96, 128], range: .within(8...4096), help: "model widths (layers fixed)"),
                               .int("layers", default: 2, range: 1...64, help: "transformer blocks of every size"),
                               .int("steps", default: 600, range: 1...10_000_000, help: "optimizer steps per size"),
                               .seed(default: 17, help: "seed of every run"),
                               .json("one JSON line per size and the fit")],
                           run: scaling),
            ])
    }

    /// A path option's file: absolute as given, relative to the project root otherwise.
    public static func file(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : Project.root.appendingPathComponent(path)
    }

    /// The comma-separated list of an option ("" is none).
    public static func list(_ invocation: Invocation, _ name: String) -> [String] {
        invocation.string(name).split(separator: ",").map { String($0) }
    }

    /// The split the corpus options name.
    public static func split(_ invocation: Invocation) throws -> CorpusSplit {
        let sections = list(invocation, "sections"), news = list(invocation, "news")
        guard !sections.isEmpty || !news.isEmpty else { throw UsageError("--sections and --news are both empty: no text to train on") }
        return try PythonCorpus.split(sections: sections, newsFiles: news, holdOutEvery: invocation.int("hold-out-every"))
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(train: { _ in }, generate: { _ in }, bench: { _ in }, export: { _ in },
                                   compare: { _ in }, scaling: { _ in })
}
