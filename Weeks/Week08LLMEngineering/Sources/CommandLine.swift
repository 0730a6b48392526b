// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named.

import Shared

public enum Week08CommandLine {
    static let jsonFlag = Option.json("one JSON line per result")
    static let modelOption = Option.path("model", "DIR", whenAbsent: "Datasets/minilm", help: "a sentence-transformers BERT folder")
    static let gpt2Option = Option.path("model", "DIR", help: "GPT-2 folder: config.json + model.safetensors (required)")

    public static func cli(demo: @escaping Subcommand.Handler, tokenize: @escaping Subcommand.Handler,
                           embed: @escaping Subcommand.Handler, gpt2Logits: @escaping Subcommand.Handler,
                           generate: @escaping Subcommand.Handler, bpe: @escaping Subcommand.Handler,
                           bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week08LLMEngineering",
            summary: "LLM engineering: WordPiece and BPE tokenizers, MiniLM sentence embeddings, RoPE, KV cache, MQA/GQA, GPT-2",
            commands: [
                Subcommand("demo", summary: "the week's tour: tokenize and embed Python-docs sentences, cosine table, semantic search, BPE merges, RoPE, KV cache, MQA/GQA table",
                           options: [.seed(default: 0, help: "seed of the random attention weights")], run: demo),
                Subcommand("tokenize", arguments: "TEXT…", positionals: 1...10_000,
                           summary: "WordPiece ids ([CLS] … [SEP], at most 256) of each text, as all-MiniLM-L6-v2 tokenizes it",
                           options: [jsonFlag, modelOption], run: tokenize),
                Subcommand("embed", arguments: "TEXT…", positionals: 1...10_000,
                           summary: "384-float sentence embedding (mean pooling + L2 norm) of each text with all-MiniLM-L6-v2",
                           options: [jsonFlag, modelOption, .batchSize(default: 32, help: "texts per forward pass")], run: embed),
                Subcommand("gpt2-logits", summary: "next-token logits at every position of --ids under a GPT-2 checkpoint",
                           options: [gpt2Option, .ints("ids", "I,J,…", range: .atLeast(0), help: "token ids, comma-separated (required)"), jsonFlag], run: gpt2Logits),
                Subcommand("generate", summary: "continue --prompt-ids with a GPT-2 checkpoint (greedy, or seeded temperature sampling), with a KV cache",
                           options: [gpt2Option,
                                     .ints("prompt-ids", "I,J,…", range: .atLeast(0), help: "prompt token ids, comma-separated (required)"),
                                     .int("max-new-tokens", default: 20, range: .atLeast(0), help: "tokens to generate"),
                                     .double("temperature", "T", default: 0, range: .atLeast(0), help: "0 = greedy; > 0 samples from softmax(logits/T)"),
                                     .seed(default: 0, help: "sampling seed"),
                                     .flag("no-cache", "recompute the whole sequence at every step (slow; same tokens)"), jsonFlag],
                           run: generate),
                Subcommand("bpe", summary: "train a byte-level BPE on a text file; print merges and compression; save the merges",
                           options: [.path("file", "F", help: "UTF-8 text to train on (required)"),
                                     .int("vocab-size", default: 512, range: .atLeast(256), help: "final vocabulary size (the 256 bytes and the merges)"),
                                     .out(whenAbsent: "Output/Week08LLMEngineering/<file>.bpe", "FILE", help: "where to save merges"), jsonFlag],
                           run: bpe),
                Subcommand("bench", summary: "embedding throughput vs sentence-transformers (batch 32, 2 threads), KV cache vs recompute, MQA/GQA table",
                           options: [.int("sentences", default: 512, range: .atLeast(32), help: "~20-word sentences to embed"),
                                     .int("pairs", default: 5, range: 1...50, help: "paired runs (ours, then sentence-transformers) whose median ratio is reported"),
                                     .path("model", "DIR", whenAbsent: "random GPT-2 weights", help: "a GPT-2 folder for the KV-cache timing"), jsonFlag],
                           run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, tokenize: { _ in }, embed: { _ in }, gpt2Logits: { _ in }, generate: { _ in },
                                   bpe: { _ in }, bench: { _ in })
}
