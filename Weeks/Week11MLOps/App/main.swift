// Week11MLOps: the executable. With no command it runs the whole loop on loopback: server up,
// model trained (or loaded), 2,000-request load test, metrics scraped, dashboard written, clean
// shutdown. `serve`, `load` and `dashboard` do each step on their own.

import Foundation
import Shared
import Week11MLOps

Week11CommandLine.cli.main { invocation in
    switch invocation.command {
    case "serve": try ServeCommand.run(invocation)
    case "load": try LoadCommand.run(invocation)
    case "dashboard": try DashboardCommand.run(invocation)
    default: try DemoCommand.run(invocation)
    }
}
