// Week05CNN: the executable. With no command it trains the small ResNet on Fashion-MNIST with
// augmentation; `--arch simple` trains the reference CNN; `bench` times the simple CNN against PyTorch.

import Foundation
import Shared
import Week05CNN

MemoryPolicy.keepFreedBuffers()
Week05CommandLine.cli(train: TrainCommand.run, bench: BenchCommand.run).main()
