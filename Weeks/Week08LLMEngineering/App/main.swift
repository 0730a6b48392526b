// Week08LLMEngineering: the executable. With no command it runs the week's tour on the Python
// docs (tokenize, embed, similarity and search with all-MiniLM-L6-v2, BPE training, RoPE, KV
// cache, MQA/GQA); the other commands work on the user's own texts, files and GPT-2 checkpoints.

import Foundation
import Shared
import Week08LLMEngineering

Week08CommandLine.cli(demo: { try Demo.run(seed: UInt64($0.int("seed"))) }, tokenize: Commands.tokenize, embed: Commands.embed,
                      gpt2Logits: Commands.gpt2Logits, generate: Commands.generate, bpe: Commands.bpe, bench: Bench.run).main()
