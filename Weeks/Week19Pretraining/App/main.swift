// Week19Pretraining: the executable. With no command it fine-tunes pretrained all-MiniLM-L6-v2
// (top blocks + a class-weighted head) to classify Python NEWS entries by component, trained on
// older releases and scored on the newest, beside frozen-MiniLM and TF-IDF logistic baselines;
// `objectives` pretrains one tiny model per objective (CLM, MLM, span corruption) and probes each;
// `split` prints the release-based split.

import Shared
import Week19Pretraining

MemoryPolicy.keepFreedBuffers()  // a training step's activations stay in the heap (Shared)

Week19CommandLine.cli(classify: Classify.run, objectives: ObjectivesCommand.run, split: SplitCommand.run).main()
