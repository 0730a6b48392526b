// Week04MNIST: the executable. With no command it trains the MLP on Fashion-MNIST (MNIST when its
// IDX files are in Datasets/mnist); the other commands evaluate or use saved weights, check every
// op's gradient, compare speed with numpy, and show the scalar engine.

import Foundation
import Shared
import Week04MNIST

Week04CommandLine.cli(train: TrainCommand.run, evaluate: EvaluateCommand.run, predict: EvaluateCommand.predict,
                      gradcheck: GradCheckCommand.run, bench: BenchCommand.run, micrograd: { _ in try MicrogradCommand.run() }).main()
