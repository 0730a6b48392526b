// Week12Capstone: the Q1 capstone, an end-to-end RAG service over the Python docs.
// With no command: ingest (or reuse) → serve on a loopback port → the labelled questions over
// HTTP → evaluation report → a short load test → clean shutdown.

import Foundation
import Shared

let docsOption = Option.value("docs", "DIR", "folder of .rst/.txt/.md files (default Datasets/python-docs)")
let indexOption = Option.value("index", "DIR", "index folder (default Output/Week12Capstone/index/<docs folder>-<hash>)")
let kOption = Option.value("k", "K", "passages returned / cut-off of recall@k and nDCG@k (default 5, at most 20)")
let jsonFlag = Option.flag("json", "machine-readable JSON output")
let rerankFlag = Option.flag("rerank", "re-rank the fused top 30 with week 10's cross-feature scorer (slower; lower recall here)")
let questionsOption = Option.value("questions", "FILE", "JSON Lines {\"question\": …, \"relevant\": [\"library/json.rst.txt\"]} (default week 10's labelled set)")

let cli = CLI(
    program: "Week12Capstone",
    summary: "the Q1 capstone: ingest the Python docs, serve retrieval-augmented answers over HTTP, evaluate, load-test",
    commands: [
        Subcommand("demo", summary: "ingest (or reuse) → serve on a loopback port → labelled questions over HTTP → report → load test",
                   options: [docsOption, questionsOption, .value("requests", "N", "load-test requests (default 60)"),
                             .value("concurrency", "C", "load-test client threads (default 4)"), rerankFlag]),
        Subcommand("ingest", summary: "chunk, embed (MiniLM) and index a folder of docs; reuses the index when nothing changed",
                   options: [docsOption, .value("out", "DIR", "index folder to write (default Output/Week12Capstone/index/…)"), jsonFlag]),
        Subcommand("serve", summary: "the HTTP service: GET /health, /ready, /metrics; POST /query {\"question\": …, \"k\": 5}",
                   options: [.value("port", "P", "port to listen on (default 8080; 0 = any free port)"), indexOption, docsOption,
                             .value("host", "ADDR", "address to bind (default 127.0.0.1)"),
                             .value("workers", "N", "worker threads (default 8)"),
                             .value("log", "FILE", "append the JSON request log to FILE (default stderr)"), rerankFlag]),
        Subcommand("query", arguments: "\"QUESTION\"", positionals: 1...1, summary: "answer one question in-process with the served pipeline",
                   options: [kOption, jsonFlag, indexOption, docsOption, rerankFlag]),
        Subcommand("eval", summary: "recall@k, MRR, nDCG@k of every retriever and of the service; writes the Markdown/HTML report",
                   options: [questionsOption, kOption, jsonFlag, indexOption, docsOption, rerankFlag]),
    ])

cli.main { invocation in
    switch invocation.command {
    case "ingest": try Commands.ingest(invocation)
    case "serve": try Commands.serve(invocation)
    case "query": try Commands.query(invocation)
    case "eval": try Commands.evaluate(invocation)
    default: try Demo.run(invocation)
    }
}
