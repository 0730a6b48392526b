// What every command shares: the corpus folder, the chunker settings, the embedder and the index.

import Foundation
import Shared
import Week10AdvancedRAG

enum Session {
    static func corpus(_ invocation: Invocation) throws -> URL {
        if let docs = invocation.optionalString("docs") { return URL(fileURLWithPath: docs, isDirectory: true) }
        return try Dataset.pythonDocs.locate()
    }

    static func chunker(_ invocation: Invocation) throws -> ChunkerConfig {
        let kind = ChunkerConfig.Kind(rawValue: invocation.string("chunker"))!
        let words = invocation.int("max-words")
        let overlap = invocation.int("overlap")
        guard overlap < words else { throw UsageError("--overlap must be in 0..<max-words") }
        return ChunkerConfig(kind: kind, maxWords: words, overlapWords: overlap)
    }

    static func k(_ invocation: Invocation) throws -> Int {
        let k = invocation.int("k")
        return k
    }

    /// Loads (or builds) the index and says where it lives and how long it took.
    static func open(corpus: URL, chunker: ChunkerConfig, fusion: HybridFusion = .standard, quiet: Bool = false) throws -> Retriever {
        let embedder = try DefaultEmbedder.make()
        let folder = try IndexStore.folder(corpus: corpus, chunker: chunker)
        let t0 = Timing.now()
        let (index, report) = try IndexStore.loadOrBuild(corpus: corpus, chunker: chunker, embedder: embedder, folder: folder)
        let seconds = Timing.now() - t0
        let how = report.loadedFromCache
            ? "loaded from cache"
            : String(format: "built: chunking %.1f s, embedding %d chunks %.1f s (%.1f chunks/s)%@", report.chunkSeconds,
                     report.embedded, report.embedSeconds, Double(report.embedded) / max(report.embedSeconds, 1e-9),
                     report.reused > 0 ? ", \(report.reused) reused" : "")
        let line = String(format: "index: %d files, %d chunks (%@), %@; BM25 %.2f s; total %.1f s → %@", report.files,
                          report.chunks, chunker.signature, how, report.bm25Seconds, seconds, Project.display(report.folder))
        if quiet {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        } else {
            print(line)
        }
        let retriever = Retriever(index: index, embedder: embedder)
        retriever.fusion = fusion
        return retriever
    }

    /// `--fusion rrf|convex`, `--alpha A` (convex: the dense weight), `--rrf-k K`, `--bm25-weight W` (rrf).
    static func fusion(_ invocation: Invocation) throws -> HybridFusion {
        if invocation.string("fusion") == "rrf" {
            return .rrf(k: invocation.double("rrf-k"), bm25Weight: invocation.double("bm25-weight"))
        }
        return .convex(alpha: invocation.double("alpha"))
    }

    /// One line on stderr as each retriever's evaluation finishes (the table follows at the end).
    static func reportMethod(_ m: MethodEvaluation) {
        let line = String(format: "%@: recall %.3f, MRR %.3f, nDCG %.3f, %.1f ms/query\n", m.method.rawValue,
                          m.mean.recall, m.mean.reciprocalRank, m.mean.ndcg, m.secondsPerQuery * 1000)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
