// Week05CNN: the executable. With no command it trains the small ResNet on Fashion-MNIST with
// augmentation; `--arch simple` trains the reference CNN; `bench` times the simple CNN against PyTorch.

import Foundation
import Shared
import Week05CNN

MemoryPolicy.keepFreedBuffers()
Week05CommandLine.cli.main { invocation in
    switch invocation.command {
    case "bench": try BenchCommand.run(invocation)
    default: try TrainCommand.run(invocation)
    }
}
