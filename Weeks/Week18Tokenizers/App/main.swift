// Week18Tokenizers: the executable. With no command it trains week 8's byte-level BPE and this
// week's Unigram on the Python docs, prints bytes/token on held-out docs by vocabulary size, sample
// segmentations (Viterbi and sampled), what unseen characters become, and writes merge trees; the
// other commands export a tokenizer.json for Hugging Face and encode with GPT-2-style files, and bench times training and encoding beside HF tokenizers.

import Foundation
import Shared
import Week08LLMEngineering
import Week18Tokenizers

Week18CommandLine.cli(demo: Demo.run, export: Commands.export, encode: Commands.encode, bench: Bench.run).main()
