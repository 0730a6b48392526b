// Week11MLOps: the executable. With no command it runs the whole loop on loopback: server up,
// model trained (or loaded), 2,000-request load test, metrics scraped, dashboard written, clean
// shutdown. `serve`, `load` and `dashboard` do each step on their own.

import Foundation
import Shared
import Week11MLOps

Week11CommandLine.cli(demo: DemoCommand.run, serve: ServeCommand.run, load: LoadCommand.run, dashboard: DashboardCommand.run).main()
