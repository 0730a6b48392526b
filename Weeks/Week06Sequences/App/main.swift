// Week06Sequences: the executable. With no command it runs the vanishing-gradient experiment, trains
// the char-level LSTM on the Python tutorial and the GRU forecaster on sunspots.

import Foundation
import Shared
import Week06Sequences

Week06CommandLine.cli.main { invocation in
    switch invocation.command {
    case "vanishing": try VanishingCommand.run(invocation)
    case "charlm": try CharLMCommand.run(invocation)
    case "sample": try CharLMCommand.sample(invocation)
    case "forecast": try ForecastCommand.run(invocation)
    case "bench": try BenchCommand.run(invocation)
    default:
        try VanishingCommand.run(invocation)
        print("")
        try CharLMCommand.run(invocation)
        print("")
        try ForecastCommand.run(invocation)
    }
}
