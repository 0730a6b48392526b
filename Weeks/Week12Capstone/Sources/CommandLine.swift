// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named.

import Shared

public enum Week12CommandLine {
    static let docsOption = Option.path("docs", "DIR", whenAbsent: "Datasets/python-docs", help: "folder of .rst/.txt/.md files")
    static let indexOption = Option.path("index", "DIR", whenAbsent: "Output/Week12Capstone/index/<docs folder>-<hash>", help: "index folder")
    static let kOption = Option.int("k", "K", default: QueryRequest.defaultK, range: 1...QueryRequest.maxK, help: "passages returned / cut-off of recall@k and nDCG@k")
    static let jsonFlag = Option.json("machine-readable JSON output")
    static let rerankFlag = Option.flag("rerank", "re-rank the fused top 30 with week 10's cross-feature scorer (slower; lower recall here)")
    static let questionsOption = Option.path("questions", "FILE", whenAbsent: "week 10's labelled set",
                                             help: "JSON Lines {\"question\": …, \"relevant\": [\"library/json.rst.txt\"]}")

    public static func cli(demo: @escaping Subcommand.Handler, ingest: @escaping Subcommand.Handler,
                           serve: @escaping Subcommand.Handler, query: @escaping Subcommand.Handler,
                           eval: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week12Capstone",
            summary: "the Q1 capstone: ingest the Python docs, serve retrieval-augmented answers over HTTP, evaluate, load-test",
            commands: [
                Subcommand("demo", summary: "ingest (or reuse) → serve on a loopback port → labelled questions over HTTP → report → load test",
                           options: [docsOption, questionsOption,
                                     .int("requests", default: 60, range: .atLeast(1), help: "load-test requests"),
                                     .int("concurrency", "C", default: 4, range: 1...64, help: "load-test client threads"), rerankFlag],
                           run: demo),
                Subcommand("ingest", summary: "chunk, embed (MiniLM) and index a folder of docs; reuses the index when nothing changed",
                           options: [docsOption, .out(whenAbsent: "Output/Week12Capstone/index/…", "DIR", help: "index folder to write"), jsonFlag],
                           run: ingest),
                Subcommand("serve", summary: "the HTTP service: GET /health, /ready, /metrics; POST /query {\"question\": …, \"k\": 5}",
                           options: [.int("port", "P", default: 8080, range: 0...65535, help: "port to listen on (0 = any free port)"), indexOption, docsOption,
                                     .string("host", "ADDR", default: "127.0.0.1", help: "address to bind"),
                                     .int("workers", default: 8, range: 1...256, help: "worker threads"),
                                     .path("log", "FILE", whenAbsent: "stderr", help: "append the JSON request log to FILE"), rerankFlag],
                           run: serve),
                Subcommand("query", arguments: "\"QUESTION\"", positionals: 1...1, summary: "answer one question in-process with the served pipeline",
                           options: [kOption, jsonFlag, indexOption, docsOption, rerankFlag], run: query),
                Subcommand("eval", summary: "recall@k, MRR, nDCG@k of every retriever and of the service; writes the Markdown/HTML report",
                           options: [questionsOption, kOption, jsonFlag, indexOption, docsOption, rerankFlag], run: eval),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, ingest: { _ in }, serve: { _ in }, query: { _ in }, eval: { _ in })
}
