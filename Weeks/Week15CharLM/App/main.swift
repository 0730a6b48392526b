// Week15CharLM: the executable. With no command it trains the character-level LSTM on the Python
// docs (held-out files for validation) next to unigram and Kneser–Ney 5-gram baselines, prints
// held-out bits/char as it falls and samples at several temperatures; the other commands sample
// from the checkpoint, print the baseline table alone, export under torch's names and time the
// training step against torch.nn.LSTM.

import Shared
import Week15CharLM

MemoryPolicy.keepFreedBuffers()  // a training step's multi-MB activations stay in the heap (Shared)

Week15CommandLine.cli(train: TrainCommand.run, sample: SampleCommand.run, ngram: NGramCommand.run,
                      export: ExportCommand.run, bench: BenchCommand.run).main()
