// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named.

import Shared

public enum Week10CommandLine {
    static let docsOption = Option.path("docs", "DIR", whenAbsent: "Datasets/python-docs", help: "folder of .rst/.txt/.md files to index")
    static let chunkerOptions: [Option] = [
        .choice("chunker", ChunkerConfig.Kind.allCases.map(\.rawValue), default: ChunkerConfig.Kind.structure.rawValue, help: "how files are cut"),
        .int("max-words", default: ChunkerConfig().maxWords, range: .atLeast(8), help: "chunk size in words"),
        .int("overlap", default: ChunkerConfig().overlapWords, range: .atLeast(0), help: "fixed chunker: words shared by neighbouring windows, capped at half of --max-words"),
    ]
    static let kOption = Option.int("k", "K", default: 5, range: 1...100, help: "cut-off for recall@k and nDCG@k / passages shown")
    static let jsonFlag = Option.json("machine-readable JSON output")
    static let fusionOptions: [Option] = [
        .choice("fusion", ["convex", "rrf"], default: "convex", help: "how hybrid merges BM25 and dense"),
        .double("alpha", "A", default: HybridFusion.standardAlpha, range: 0...1, help: "convex fusion: weight of the dense score"),
        .double("rrf-k", "K", default: 60, range: .above(0), help: "rrf fusion: the constant k in 1/(k + rank)"),
        .double("bm25-weight", "W", default: 1, range: .atLeast(0), help: "rrf fusion: weight of the BM25 list's votes"),
    ]
    static let methodNames = RetrievalMethod.allCases.map(\.rawValue)

    public static func cli(demo: @escaping Subcommand.Handler, query: @escaping Subcommand.Handler,
                           eval: @escaping Subcommand.Handler, chunk: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week10AdvancedRAG",
            summary: "advanced RAG: chunking, BM25, MiniLM dense retrieval, hybrid fusion (convex or RRF), re-ranking, HyDE-style expansion, context packing, evaluation",
            commands: [
                Subcommand("demo", summary: "index the Python docs, compare chunkers and retrievers on the labelled questions, answer two examples",
                           options: [docsOption, kOption] + fusionOptions, run: demo),
                Subcommand("query", arguments: "\"QUESTION\"", positionals: 1...1,
                           summary: "ranked passages with their files, a packed context and an extractive answer with citations",
                           options: [kOption, jsonFlag, docsOption] + chunkerOptions + [
                               .choice("method", methodNames, default: RetrievalMethod.hybrid.rawValue, help: "the retriever"),
                               .int("budget", "TOKENS", default: 512, range: .atLeast(16), help: "context window budget in WordPiece tokens"),
                               .string("answer", "TEXT", help: "check this answer's groundedness against the packed context instead of the extractive one"),
                           ] + fusionOptions,
                           run: query),
                Subcommand("eval", summary: "recall@k, MRR and nDCG@k of every retriever on a question file; last line is the best pipeline's JSON",
                           options: [.path("questions", "FILE", whenAbsent: "the committed set",
                                           help: "JSON Lines {\"question\": …, \"relevant\": [\"library/json.rst.txt\"]}"),
                                     .string("methods", "A,B,…", default: methodNames.joined(separator: ","), help: "retrievers to evaluate"),
                                     kOption, jsonFlag, docsOption] + chunkerOptions + fusionOptions,
                           run: eval),
                Subcommand("chunk", arguments: "FILE", positionals: 1...1, summary: "show how a text/reST file is cut into chunks",
                           options: chunkerOptions + [jsonFlag], run: chunk),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, query: { _ in }, eval: { _ in }, chunk: { _ in })
}
