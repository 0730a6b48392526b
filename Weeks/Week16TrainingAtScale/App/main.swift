// Week16TrainingAtScale: the executable. With no command it runs the tour (TrainCommand.swift);
// `worker` is one rank of a data-parallel run, `launch` starts N of them (torchrun on one
// machine), `resume` continues a saved run, `bench` times the ring all-reduce against
// torch.distributed, `profile` traces a run, `memory` measures one configuration's peak memory.

import Shared
import Week16TrainingAtScale

Week16CommandLine.cli(train: TrainCommand.run, worker: WorkerCommand.run, launch: LaunchCommand.run,
                      resume: ResumeCommand.run, bench: BenchCommand.run, profile: ProfileCommand.run,
                      memory: MemoryCommand.run).main()
