// `roadmap`: the learner's progress tool. All the logic is in RoadmapKit; this only connects it
// to the real process (arguments, environment, terminal) and exits with its status.

import Foundation
import RoadmapKit

let status = RoadmapCLI.main(Array(CommandLine.arguments.dropFirst()), environment: .live())
exit(status)
