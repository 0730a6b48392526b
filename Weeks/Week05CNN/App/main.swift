// Week05CNN: the executable. With no command it trains the reference CNN on Fashion-MNIST with
// augmentation; `--arch resnet` trains the small ResNet; `bench` times the im2col step against numpy.

import Foundation
import Shared
import Week05CNN

Week05CommandLine.cli.main { invocation in
    switch invocation.command {
    case "bench": try BenchCommand.run(invocation)
    default: try TrainCommand.run(invocation)
    }
}
