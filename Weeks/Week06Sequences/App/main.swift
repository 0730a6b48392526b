// Week06Sequences: the executable. With no command it runs the vanishing-gradient experiment, trains
// the char-level LSTM on the Python tutorial and the GRU forecaster on sunspots.

import Foundation
import Shared
import Week06Sequences

/// The default run: each part with its own defaults and the one seed.
func runAll(_ invocation: Invocation) throws {
    let seed = invocation.int("seed")
    try VanishingCommand.run(try Week06CommandLine.defaultRun("vanishing", seed: seed))
    print("")
    try CharLMCommand.run(try Week06CommandLine.defaultRun("charlm", seed: seed))
    print("")
    try ForecastCommand.run(try Week06CommandLine.defaultRun("forecast", seed: seed))
}

Week06CommandLine.cli(all: runAll, vanishing: VanishingCommand.run, charlm: CharLMCommand.run, sample: CharLMCommand.sample,
                      forecast: ForecastCommand.run, bench: BenchCommand.run).main()
