// The executable's commands and options, in the library so the tests can drive the parser.

import Shared

public enum Week11CommandLine {
    static let portOption = Option.value("port", "P", "the server's port on 127.0.0.1 (default 8080)")
    static let urlOption = Option.value("url", "URL", "the server as http://HOST:PORT (instead of --port)")

    public static let cli = CLI(
        program: "Week11MLOps",
        summary: "a model service on raw sockets: /health, /ready, /predict, Prometheus /metrics, JSON logs, load test, dashboard",
        commands: [
            Subcommand("demo", summary: "start the server on an ephemeral loopback port, train or load the model, run the load test, write the dashboard, shut down",
                       options: [.value("requests", "N", "requests in the load test (default 2000)"),
                                 .value("concurrency", "C", "client connections (default 8)"),
                                 .value("model", "FILE", "a week-4 MLP or week-5 CNN checkpoint (default: train the MLP for 1 epoch)"),
                                 .value("workers", "W", "server worker threads (default 16)"),
                                 .value("seed", "S", "seed for the start-up training (default 42)")]),
            Subcommand("serve", summary: "serve the model until SIGINT/SIGTERM (JSON request logs on stderr)",
                       options: [portOption,
                                 .value("host", "ADDR", "address to bind (default 127.0.0.1; 0.0.0.0 in a container)"),
                                 .value("model", "FILE", "a week-4 MLP or week-5 CNN checkpoint (default: train the MLP for 1 epoch, save it under Output/Week11MLOps/)"),
                                 .value("workers", "W", "worker threads = connections served at once (default 16)"),
                                 .value("log", "FILE", "append the JSON request log to FILE instead of stderr"),
                                 .value("seed", "S", "seed for the start-up training (default 42)")]),
            Subcommand("load", summary: "closed-loop load test of POST /predict with Fashion-MNIST test images over kept-alive connections",
                       options: [portOption, urlOption,
                                 .value("requests", "N", "requests in total (default 2000)"),
                                 .value("concurrency", "C", "client connections, one thread each (default 8)"),
                                 .flag("json", "one JSON summary line")]),
            Subcommand("dashboard", arguments: "[METRICS_FILE…]", positionals: 0...1000,
                       summary: "scrape /metrics for a while (or read saved scrapes) and write an HTML dashboard with SVG charts",
                       options: [portOption, urlOption,
                                 .value("seconds", "S", "how long to scrape a live server (default 10)"),
                                 .value("interval", "I", "seconds between scrapes (default 1; also the spacing assumed between files)")]),
        ])
}
