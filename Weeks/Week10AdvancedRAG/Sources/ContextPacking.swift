// Packing retrieved chunks into a context window of `budget` tokens (WordPiece tokens of the
// embedder, the unit an LLM prompt would be limited in).
//
//   1. walk the ranked chunks best first;
//   2. skip a near-duplicate: a chunk whose word set overlaps an already packed chunk's by
//      Jaccard ≥ 0.6 (overlapping windows, repeated boilerplate);
//   3. skip a chunk that does not fit in what is left of the budget (a smaller one further down
//      may still fit), stop when the ranking is exhausted or the budget is full;
//   4. order the packed chunks by source (file, then line) so the context reads like the docs,
//      and number them [1], [2], … — the citation keys an answer refers to.
//
// Each packed chunk costs tokens(header line + text); the header is "[n] file:line § section".

import Foundation

public struct PackedChunk: Sendable, Equatable {
    public var citation: Int
    public var chunk: Chunk
    public var tokens: Int
    /// Its position in the ranking it was packed from (1 = best).
    public var rank: Int
}

public struct PackedContext: Sendable, Equatable {
    public var chunks: [PackedChunk]
    public var budget: Int
    public var usedTokens: Int { chunks.map(\.tokens).reduce(0, +) }
    public var skippedDuplicates: Int

    /// The prompt-ready context text.
    public var text: String {
        chunks.map { "[\($0.citation)] \($0.chunk.citation)\n\($0.chunk.text)" }.joined(separator: "\n\n")
    }
}

public enum ContextPacker {
    public static func header(_ chunk: Chunk, citation: Int) -> String { "[\(citation)] \(chunk.citation)" }

    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    public static func pack(_ ranked: [Chunk], budget: Int, duplicateThreshold: Double = 0.6,
                            tokenCount: (String) -> Int) -> PackedContext {
        var chosen: [(chunk: Chunk, tokens: Int, rank: Int)] = []
        var wordSets: [Set<String>] = []
        var used = 0
        var duplicates = 0
        for (position, chunk) in ranked.enumerated() {
            if used >= budget { break }
            let words = Set(chunk.text.lowercased().split(separator: " ").map(String.init))
            if wordSets.contains(where: { jaccard($0, words) >= duplicateThreshold }) {
                duplicates += 1
                continue
            }
            // The citation number is not known yet; "[99]" costs what any small number costs.
            let cost = tokenCount(header(chunk, citation: 99) + "\n" + chunk.text)
            guard used + cost <= budget else { continue }
            chosen.append((chunk, cost, position + 1))
            wordSets.append(words)
            used += cost
        }
        let ordered = chosen.sorted { ($0.chunk.file, $0.chunk.line, $0.chunk.id) < ($1.chunk.file, $1.chunk.line, $1.chunk.id) }
        return PackedContext(chunks: ordered.enumerated().map {
            PackedChunk(citation: $0.offset + 1, chunk: $0.element.chunk, tokens: $0.element.tokens, rank: $0.element.rank)
        }, budget: budget, skippedDuplicates: duplicates)
    }
}
