// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named.

import Shared

public enum Week09CommandLine {
    static let sweep = SweepPlan()

    static let indexOptions: [Option] = [
        .choice("index", ["hnsw", "lsh", "exact"], default: "hnsw", help: "the index kind"),
        .choice("metric", Metric.allCases.map(\.rawValue), default: Metric.l2.rawValue, help: "distance"),
        .int("m", "M", default: 16, range: 2...1024, help: "HNSW neighbours per node"),
        .int("ef-construction", "EF", default: 200, range: .atLeast(1), help: "HNSW candidate list while building"),
        .int("tables", "T", default: 24, range: .atLeast(1), help: "LSH tables"),
        .int("bits", "B", default: 12, range: 1...64, help: "LSH bits per table"),
        .int("threads", default: 2, range: .atLeast(1), help: "build threads"),
        .seed(default: 100, help: "level / hyperplane seed"),
    ]

    public static func cli(demo: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler,
                           build: @escaping Subcommand.Handler, search: @escaping Subcommand.Handler,
                           delete: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week09VectorDB",
            summary: "vector search from scratch: exact (BLAS), LSH and HNSW indexes; recall/QPS; InfoNCE and a CLIP-style toy",
            commands: [
                Subcommand("demo", summary: "the week's tour on Fashion-MNIST: recall/QPS table and plot, persistence, contrastive and CLIP toys",
                           options: [.seed(default: 9, help: "seed of the toys' training"),
                                     .int("steps", default: 300, range: .atLeast(1), help: "training steps of each toy"),
                                     .int("queries", "Q", default: 1000, range: .atLeast(1), help: "test images used as queries")],
                           run: demo),
                Subcommand("bench", summary: "recall@k and queries/s of exact, LSH and HNSW, with hnswlib side by side",
                           options: [.path("data", "BASE.npy", whenAbsent: "the 60,000 Fashion-MNIST training images", help: "base vectors [n, d]"),
                                     .path("queries", "Q.npy", whenAbsent: "1,000 Fashion-MNIST test images", help: "query vectors [q, d]"),
                                     .int("k", "K", default: sweep.k, range: .atLeast(1), help: "neighbours per query"),
                                     .int("m", "M", default: sweep.ms[0], range: 2...1024, help: "HNSW M"),
                                     .int("ef-construction", "EF", default: sweep.efConstruction, range: .atLeast(1), help: "HNSW efConstruction"),
                                     .ints("ef", "E,E,…", default: sweep.efs, range: .atLeast(1), help: "search ef values"),
                                     .int("threads", default: sweep.threads, range: .atLeast(1), help: "build and query threads, ours and hnswlib's"),
                                     .flag("no-reference", "skip hnswlib"),
                                     .json("one JSON line per measurement")],
                           run: bench),
                Subcommand("build", arguments: "FILE.npy", positionals: 1...1, summary: "index the rows of FILE.npy (ids = row numbers) → an index file",
                           options: [.out(whenAbsent: "Output/Week09VectorDB/<file>.<kind>", "INDEX", help: "where to write the index")] + indexOptions,
                           run: build),
                Subcommand("search", arguments: "INDEX QUERIES.npy", positionals: 2...2, summary: "the k nearest ids of each query row",
                           options: [.int("k", "K", default: 10, range: .atLeast(1), help: "neighbours per query"),
                                     .int("ef", "E", range: .atLeast(1), whenAbsent: "the one saved in the index", help: "HNSW candidate list"),
                                     .int("probes", "P", range: .atLeast(0), whenAbsent: "the saved value", help: "LSH extra buckets per table, at most its bits"),
                                     .int("threads", default: 2, range: .atLeast(1), help: "query threads"),
                                     .json("one JSON line per query")],
                           run: search),
                Subcommand("delete", arguments: "INDEX IDS", positionals: 2...2,
                           summary: "remove ids (comma-separated) and rewrite the index atomically", run: delete),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, bench: { _ in }, build: { _ in }, search: { _ in }, delete: { _ in })
}
