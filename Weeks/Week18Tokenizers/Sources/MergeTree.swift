// How a BPE token was built: the tree of merges under it, as text.
//
//   "Ġreturn" 412
//   ├─ "Ġre" 268
//   │  ├─ "Ġ" 32
//   │  └─ "re" 260 …
//   └─ "turn" 390
//
// Leaves are bytes (ids < 256). Token text uses GPT-2's byte alphabet (Ġ is a space, Ċ a newline),
// so the lines show exactly what the merges see. Not here: an SVG drawing.

import Week08LLMEngineering

extension BPETokenizer {
    /// The merge tree of `id`, one node per line (`depth` levels below the root at most).
    public func mergeTree(_ id: Int, depth: Int = 6) -> String {
        var lines: [String] = []
        func label(_ id: Int) -> String { "\"\(ByteLevel.encode(vocabulary[id]))\" \(id)" }
        func walk(_ id: Int, prefix: String, level: Int) {
            guard id >= 256, level < depth else { return }
            let pair = merges[id - 256]
            for (k, child) in [pair.left, pair.right].enumerated() {
                let last = k == 1
                lines.append(prefix + (last ? "└─ " : "├─ ") + label(child))
                walk(child, prefix: prefix + (last ? "   " : "│  "), level: level + 1)
            }
        }
        lines.append(label(id))
        walk(id, prefix: "", level: 0)
        return lines.joined(separator: "\n")
    }
}

/// Bytes of UTF-8 per token: how much a tokenizer compresses (GPT-2 on English ≈ 4).
public func bytesPerToken(_ text: String, tokens: Int) -> Double {
    tokens == 0 ? 0 : Double(text.utf8.count) / Double(tokens)
}
