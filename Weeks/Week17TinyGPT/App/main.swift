// Week17TinyGPT: the executable. With no command it trains BPE and a tiny GPT on the Python docs
// and NEWS (held-out documents for evaluation), prints held-out nats/token and bits/byte as they
// fall, samples, and saves a resumable checkpoint; the other commands generate from it, export it
// to Hugging Face's GPT-2 format, time a training step against PyTorch, compare it with week 15's
// LSTM, and fit a scaling law.

import Shared
import Week17TinyGPT

MemoryPolicy.keepFreedBuffers()  // a training step's multi-MB activations stay in the heap (Shared)

Week17CommandLine.cli(train: TrainCommand.run, generate: GenerateCommand.run, bench: BenchCommand.run,
                      export: ExportCommand.run, compare: CompareCommand.run, scaling: ScalingCommand.run).main()
