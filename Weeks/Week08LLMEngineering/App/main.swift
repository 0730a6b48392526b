// Week08LLMEngineering: the executable. With no command it runs the week's tour on the Python
// docs (tokenize, embed, similarity and search with all-MiniLM-L6-v2, BPE training, RoPE, KV
// cache, MQA/GQA); the other commands work on the user's own texts, files and GPT-2 checkpoints.

import Foundation
import Shared
import Week08LLMEngineering

let jsonFlag = Option.flag("json", "one JSON line per result")
let modelOption = Option.value("model", "DIR", "a sentence-transformers BERT folder (default Datasets/minilm)")

let cli = CLI(
    program: "Week08LLMEngineering",
    summary: "LLM engineering: WordPiece and BPE tokenizers, MiniLM sentence embeddings, RoPE, KV cache, MQA/GQA, GPT-2",
    commands: [
        Subcommand("demo", summary: "the week's tour: tokenize and embed Python-docs sentences, cosine table, semantic search, BPE merges, RoPE, KV cache, MQA/GQA table",
                   options: [.value("seed", "S", "seed of the random attention weights (default 0)")]),
        Subcommand("tokenize", arguments: "TEXT…", positionals: 1...10_000,
                   summary: "WordPiece ids ([CLS] … [SEP], at most 256) of each text, as all-MiniLM-L6-v2 tokenizes it",
                   options: [jsonFlag, modelOption]),
        Subcommand("embed", arguments: "TEXT…", positionals: 1...10_000,
                   summary: "384-float sentence embedding (mean pooling + L2 norm) of each text with all-MiniLM-L6-v2",
                   options: [jsonFlag, modelOption, .value("batch-size", "N", "texts per forward pass (default 32)")]),
        Subcommand("gpt2-logits", summary: "next-token logits at every position of --ids under a GPT-2 checkpoint",
                   options: [.value("model", "DIR", "GPT-2 folder: config.json + model.safetensors (required)"),
                             .value("ids", "I,J,…", "token ids, comma-separated (required)"), jsonFlag]),
        Subcommand("generate", summary: "continue --prompt-ids with a GPT-2 checkpoint (greedy, or seeded temperature sampling), with a KV cache",
                   options: [.value("model", "DIR", "GPT-2 folder: config.json + model.safetensors (required)"),
                             .value("prompt-ids", "I,J,…", "prompt token ids, comma-separated (required)"),
                             .value("max-new-tokens", "N", "tokens to generate (default 20)"),
                             .value("temperature", "T", "0 = greedy (default); > 0 samples from softmax(logits/T)"),
                             .value("seed", "S", "sampling seed (default 0)"),
                             .flag("no-cache", "recompute the whole sequence at every step (slow; same tokens)"), jsonFlag]),
        Subcommand("bpe", summary: "train a byte-level BPE on a text file; print merges and compression; save the merges",
                   options: [.value("file", "F", "UTF-8 text to train on (required)"),
                             .value("vocab-size", "N", "final vocabulary size ≥ 256 (default 512)"),
                             .value("out", "FILE", "where to save merges (default Output/Week08LLMEngineering/<file>.bpe)"), jsonFlag]),
        Subcommand("bench", summary: "embedding throughput vs sentence-transformers (batch 32, 2 threads), KV cache vs recompute, MQA/GQA table",
                   options: [.value("sentences", "N", "~20-word sentences to embed (default 512)"),
                             .value("model", "DIR", "a GPT-2 folder for the KV-cache timing (default: random GPT-2 weights)"), jsonFlag]),
    ])

cli.main { invocation in
    switch invocation.command {
    case "demo": try Demo.run(seed: UInt64(try invocation.int("seed", default: 0)))
    case "tokenize": try Commands.tokenize(invocation)
    case "embed": try Commands.embed(invocation)
    case "gpt2-logits": try Commands.gpt2Logits(invocation)
    case "generate": try Commands.generate(invocation)
    case "bpe": try Commands.bpe(invocation)
    default: try Bench.run(invocation)
    }
}
