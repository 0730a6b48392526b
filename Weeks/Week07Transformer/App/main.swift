// Week07Transformer: the executable. With no command it pretrains a small BERT on the Python
// docs (masked LM), fills in masked words and writes attention heatmaps; the other commands
// pretrain with other sizes, query a saved model and benchmark against torch.

import Foundation
import Shared
import Week07Transformer

MemoryPolicy.keepFreedBuffers()  // a training step's multi-MB activations stay in the heap (Shared)
Week07CommandLine.cli(demo: DemoCommand.run, pretrain: PretrainCommand.run, fill: FillCommand.run,
                      attention: AttentionCommand.run, bench: BenchCommand.run).main()
