// Week09VectorDB: the executable. With no command it runs the week's tour on Fashion-MNIST (the
// recall/QPS table of exact, LSH and HNSW search, persistence, the contrastive and CLIP toys);
// the other commands build, search and edit indexes of the user's own .npy vectors.

import Foundation
import Shared
import Week09VectorDB

let indexOptions: [Option] = [
    .value("index", "KIND", "hnsw (default), lsh or exact"),
    .value("metric", "METRIC", "l2 (default), ip or cosine"),
    .value("m", "M", "HNSW neighbours per node (default 16)"),
    .value("ef-construction", "EF", "HNSW candidate list while building (default 200)"),
    .value("tables", "T", "LSH tables (default 24)"),
    .value("bits", "B", "LSH bits per table (default 12)"),
    .value("threads", "N", "build threads (default 2)"),
    .value("seed", "S", "level / hyperplane seed (default 100)"),
]

let cli = CLI(
    program: "Week09VectorDB",
    summary: "vector search from scratch: exact (BLAS), LSH and HNSW indexes; recall/QPS; InfoNCE and a CLIP-style toy",
    commands: [
        Subcommand("demo", summary: "the week's tour on Fashion-MNIST: recall/QPS table and plot, persistence, contrastive and CLIP toys",
                   options: [.value("seed", "S", "seed of the toys' training (default 9)"),
                             .value("steps", "N", "training steps of each toy (default 300)"),
                             .value("queries", "Q", "test images used as queries (default 1000)")]),
        Subcommand("bench", summary: "recall@k and queries/s of exact, LSH and HNSW, with hnswlib side by side",
                   options: [.value("data", "BASE.npy", "base vectors [n, d] (default: the 60,000 Fashion-MNIST training images)"),
                             .value("queries", "Q.npy", "query vectors [q, d] (default: 1,000 Fashion-MNIST test images)"),
                             .value("k", "K", "neighbours per query (default 10)"),
                             .value("m", "M", "HNSW M (default 16)"),
                             .value("ef-construction", "EF", "HNSW efConstruction (default 200)"),
                             .value("ef", "E,E,…", "search ef values (default 10,16,24,32,48,64,96,128)"),
                             .value("threads", "N", "build and query threads, ours and hnswlib's (default 2)"),
                             .flag("no-reference", "skip hnswlib"),
                             .flag("json", "one JSON line per measurement")]),
        Subcommand("build", arguments: "FILE.npy", positionals: 1...1, summary: "index the rows of FILE.npy (ids = row numbers) → an index file",
                   options: [.value("out", "INDEX", "where to write the index (default Output/Week09VectorDB/<file>.<kind>)")] + indexOptions),
        Subcommand("search", arguments: "INDEX QUERIES.npy", positionals: 2...2, summary: "the k nearest ids of each query row",
                   options: [.value("k", "K", "neighbours per query (default 10)"),
                             .value("ef", "E", "HNSW candidate list (default: the one saved in the index)"),
                             .value("probes", "P", "LSH extra buckets per table (default: the saved value)"),
                             .value("threads", "N", "query threads (default 2)"),
                             .flag("json", "one JSON line per query")]),
        Subcommand("delete", arguments: "INDEX IDS", positionals: 2...2,
                   summary: "remove ids (comma-separated) and rewrite the index atomically"),
    ])

cli.main { invocation in
    switch invocation.command {
    case "demo": try Demo.run(invocation)
    case "bench": try BenchCommand.run(invocation)
    case "build": try IndexCommands.build(invocation)
    case "search": try IndexCommands.search(invocation)
    default: try IndexCommands.delete(invocation)
    }
}
