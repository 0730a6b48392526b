// `resume DIR`: continues the data-parallel run saved in DIR (week 13's model.safetensors and
// training.safetensors plus data_parallel.json) with --workers worker processes. Any number of
// workers resumes it: the checkpoint holds the global batch and one replica.

import Foundation
import Shared
import Week16TrainingAtScale

enum ResumeCommand {
    static func run(_ invocation: Invocation) throws {
        let folder = WorkerCommand.resolve(invocation.positionals[0])
        _ = try DataParallelRun.savedState(in: folder)  // a missing or bad folder fails here, once
        var arguments = ["--resume", folder.path, "--out", invocation.string("out")]
        if let steps = invocation.optionalInt("steps") { arguments += ["--steps", String(steps)] }
        if invocation.flag("json") { arguments.append("--json") }
        try LaunchCommand.launch(workers: invocation.int("workers"), port: try LaunchCommand.freePort(), arguments: arguments, grace: 35)
    }
}
