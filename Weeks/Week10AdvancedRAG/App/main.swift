// Week10AdvancedRAG: the executable. With no command it indexes the Python docs, evaluates every
// retriever on the committed question set and answers two example questions with citations.

import Foundation
import Shared
import Week10AdvancedRAG

let docsOption = Option.value("docs", "DIR", "folder of .rst/.txt/.md files to index (default Datasets/python-docs)")
let chunkerOption = Option.value("chunker", "KIND", "fixed, sentence or structure (default structure)")
let wordsOption = Option.value("max-words", "N", "chunk size in words (default 120)")
let overlapOption = Option.value("overlap", "N", "fixed chunker: words shared by neighbouring windows (default 30)")
let kOption = Option.value("k", "K", "cut-off for recall@k and nDCG@k / passages shown (default 5)")
let jsonFlag = Option.flag("json", "machine-readable JSON output")
let fusionOptions: [Option] = [
    .value("fusion", "KIND", "how hybrid merges BM25 and dense: convex (default) or rrf"),
    .value("alpha", "A", "convex fusion: weight of the dense score, 0…1 (default 0.8)"),
    .value("rrf-k", "K", "rrf fusion: the constant k in 1/(k + rank) (default 60)"),
    .value("bm25-weight", "W", "rrf fusion: weight of the BM25 list's votes (default 1)"),
]

let cli = CLI(
    program: "Week10AdvancedRAG",
    summary: "advanced RAG: chunking, BM25, MiniLM dense retrieval, hybrid fusion (convex or RRF), re-ranking, HyDE-style expansion, context packing, evaluation",
    commands: [
        Subcommand("demo", summary: "index the Python docs, compare chunkers and retrievers on the labelled questions, answer two examples",
                   options: [docsOption, kOption] + fusionOptions),
        Subcommand("query", arguments: "\"QUESTION\"", positionals: 1...1,
                   summary: "ranked passages with their files, a packed context and an extractive answer with citations",
                   options: [kOption, jsonFlag, docsOption, chunkerOption, wordsOption, overlapOption,
                             .value("method", "NAME", "bm25, dense, hybrid, hybrid+rerank or +hyde (default hybrid)"),
                             .value("budget", "TOKENS", "context window budget in WordPiece tokens (default 512)"),
                             .value("answer", "TEXT", "check this answer's groundedness against the packed context instead of the extractive one")]
                            + fusionOptions),
        Subcommand("eval", summary: "recall@k, MRR and nDCG@k of every retriever on a question file; last line is the best pipeline's JSON",
                   options: [.value("questions", "FILE", "JSON Lines {\"question\": …, \"relevant\": [\"library/json.rst.txt\"]} (default the committed set)"),
                             .value("methods", "A,B,…", "retrievers to evaluate (default all: bm25,dense,hybrid,hybrid+rerank,+hyde)"),
                             kOption, jsonFlag, docsOption, chunkerOption, wordsOption, overlapOption] + fusionOptions),
        Subcommand("chunk", arguments: "FILE", positionals: 1...1, summary: "show how a text/reST file is cut into chunks",
                   options: [chunkerOption, wordsOption, overlapOption, jsonFlag]),
    ])

cli.main { invocation in
    switch invocation.command {
    case "demo": try Demo.run(invocation)
    case "query": try QueryCommand.run(invocation)
    case "eval": try EvalCommand.run(invocation)
    default: try ChunkCommand.run(invocation)
    }
}
