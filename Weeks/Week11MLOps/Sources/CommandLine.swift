// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named.

import Shared

public enum Week11CommandLine {
    static let portOption = Option.int("port", "P", default: 8080, range: 0...65535, help: "the server's port on 127.0.0.1")
    static let urlOption = Option.string("url", "URL", help: "the server as http://HOST:PORT (instead of --port)")
    static let requestsOption = Option.int("requests", default: 2000, range: 1...10_000_000, help: "requests in the load test")
    static let modelOption = Option.path("model", "FILE", whenAbsent: "train the MLP for 1 epoch, save it under Output/Week11MLOps/",
                                         help: "a week-4 MLP or week-5 CNN checkpoint")
    static let workersOption = Option.int("workers", "W", default: 16, range: 1...1024, help: "worker threads = connections served at once")
    static let seedOption = Option.seed(default: 42, help: "seed for the start-up training")

    public static func cli(demo: @escaping Subcommand.Handler, serve: @escaping Subcommand.Handler,
                           load: @escaping Subcommand.Handler, dashboard: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week11MLOps",
            summary: "a model service on raw sockets: /health, /ready, /predict, Prometheus /metrics, JSON logs, load test, dashboard",
            commands: [
                Subcommand("demo", summary: "start the server on an ephemeral loopback port, train or load the model, run the load test, write the dashboard, shut down",
                           options: [requestsOption,
                                     .int("concurrency", "C", default: 8, range: 1...1024, help: "client connections"),
                                     modelOption, workersOption, seedOption],
                           run: demo),
                Subcommand("serve", summary: "serve the model until SIGINT/SIGTERM (JSON request logs on stderr)",
                           options: [portOption,
                                     .string("host", "ADDR", default: "127.0.0.1", help: "address to bind (0.0.0.0 in a container)"),
                                     modelOption, workersOption,
                                     .path("log", "FILE", whenAbsent: "stderr", help: "append the JSON request log to FILE"),
                                     seedOption],
                           run: serve),
                Subcommand("load", summary: "closed-loop load test of POST /predict with Fashion-MNIST test images over kept-alive connections",
                           options: [portOption, urlOption, requestsOption,
                                     .int("concurrency", "C", default: 8, range: 1...1024, help: "client connections, one thread each"),
                                     .json("one JSON summary line")],
                           run: load),
                Subcommand("dashboard", arguments: "[METRICS_FILE…]", positionals: 0...1000,
                           summary: "scrape /metrics for a while (or read saved scrapes) and write an HTML dashboard with SVG charts",
                           options: [portOption, urlOption,
                                     .double("seconds", "S", default: 10, range: .above(0, atMost: 86_400), help: "how long to scrape a live server"),
                                     .double("interval", "I", default: 1, range: .above(0, atMost: 3600),
                                             help: "seconds between scrapes; also the spacing assumed between files")],
                           run: dashboard),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, serve: { _ in }, load: { _ in }, dashboard: { _ in })
}
