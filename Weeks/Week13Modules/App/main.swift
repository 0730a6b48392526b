// Week13Modules: the executable. With no command it trains the Fashion-MNIST MLP twice under
// warm-up + cosine — once straight through, once in a worker process that checkpoints mid-way and
// is killed, reloaded from disk and finished — and shows the two curves are the same; the other
// commands resume a checkpoint, plot schedules, gradcheck every layer of weeks 4–7, inspect
// safetensors and time the DataLoader (`worker` is the process `train` kills).

import Shared
import Week13Modules

Week13CommandLine.cli(train: TrainCommand.run, resume: TrainCommand.resume, schedule: ScheduleCommand.run,
                      gradcheck: GradCheckCommand.run, inspect: InspectCommand.run, bench: BenchCommand.run,
                      worker: WorkerCommand.run).main()
