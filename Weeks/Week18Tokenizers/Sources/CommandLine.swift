// The executable's commands and options, declared in the library so the tests can drive the
// parser without launching a process. The handlers live in the App; `demo`, the first, runs when
// no command is named.

import Shared

public enum Week18CommandLine {
    static let jsonFlag = Option.json("one JSON line with the figures")

    public static func cli(demo: @escaping Subcommand.Handler, export: @escaping Subcommand.Handler,
                           encode: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week18Tokenizers",
            summary: "tokenizers: byte-level BPE and Unigram on the Python docs, special tokens, merge trees, compression, Hugging Face interop",
            commands: [
                Subcommand("demo", summary: "train BPE and Unigram on the Python docs; compression (bytes/token) by vocab size on held-out docs; segmentations; OOV; merge trees",
                           options: [.int("bytes", default: 400_000, range: .atLeast(10_000), help: "bytes of library docs to train on"),
                                     .ints("vocab-sizes", default: [512, 1024, 2048], range: .atLeast(257), help: "vocabulary sizes of the table"),
                                     .seed(default: 0, help: "seed of the sampled Unigram segmentations"), jsonFlag],
                           run: demo),
                Subcommand("export", summary: "train a byte-level BPE on a text file and write a Hugging Face tokenizer.json",
                           options: [.path("file", "F", help: "UTF-8 text to train on (required)"),
                                     .int("vocab-size", default: 512, range: .atLeast(256), help: "BPE vocabulary (bytes + merges), special tokens not counted"),
                                     .string("special", "S", default: "<|endoftext|>", help: "a special token, appended after the BPE's ids"),
                                     .out(whenAbsent: "Output/Week18Tokenizers/tokenizer.json", "FILE", help: "where to write tokenizer.json")],
                           run: export),
                Subcommand("encode", arguments: "TEXT…", positionals: 1...10_000,
                           summary: "ids of each text under a GPT-2-style folder (vocab.json + merges.txt), as HF's ByteLevel BPE encodes it",
                           options: [.path("model", "DIR", help: "folder with vocab.json and merges.txt (required)"), jsonFlag],
                           run: encode),
                Subcommand("bench", summary: "BPE training time and encode MB/s (1 and 2 threads) beside Hugging Face tokenizers on the same docs",
                           options: [.int("bytes", default: 5_000_000, range: .atLeast(10_000), help: "bytes of library docs"),
                                     .int("vocab-size", default: 4096, range: .atLeast(257), help: "vocabulary to train"), jsonFlag],
                           run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, export: { _ in }, encode: { _ in }, bench: { _ in })
}
