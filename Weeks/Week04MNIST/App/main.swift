// Week04MNIST: the executable. With no command it trains the MLP on Fashion-MNIST (MNIST when its
// IDX files are in Datasets/mnist); the other commands evaluate or use saved weights, check every
// op's gradient, compare speed with numpy, and show the scalar engine.

import Foundation
import Shared
import Week04MNIST

let cli = Week04CommandLine.cli

cli.main { invocation in
    switch invocation.command {
    case "train": try TrainCommand.run(invocation)
    case "evaluate": try EvaluateCommand.run(invocation)
    case "predict": try EvaluateCommand.predict(invocation)
    case "gradcheck": try GradCheckCommand.run(invocation)
    case "bench": try BenchCommand.run(invocation)
    default: try MicrogradCommand.run()
    }
}
