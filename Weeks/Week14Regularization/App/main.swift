// Week14Regularization: the executable. With no command it runs the ablation: the week's CNN on a
// fixed Fashion-MNIST subset with each regulariser switched on in turn and then the helpful ones
// together, a table of each one's train/validation gap and the curves as SVG; `train` runs one
// configuration (all of Fashion-MNIST with --full, or CIFAR-10's binary batches), `bench` times
// an epoch with augmentation against torch.

import Shared
import Week14Regularization

Week14CommandLine.cli(ablate: AblateCommand.run, train: TrainCommand.run, bench: BenchCommand.run).main()
