// `chunk FILE`: how one file is cut, to see what the retrievers index.

import Foundation
import Shared
import Week10AdvancedRAG

enum ChunkCommand {
    static func run(_ invocation: Invocation) throws {
        let url = URL(fileURLWithPath: invocation.positionals[0])
        let config = try Session.chunker(invocation)
        let text = String(decoding: try FileIO.readBytes(url), as: UTF8.self)
        let chunks = Chunker.chunk(SourceDocument(path: url.lastPathComponent, text: text), config: config)
        if invocation.flag("json") {
            for c in chunks {
                print(JSONText.line([("id", .int(c.id)), ("line", .int(c.line)), ("section", .string(c.heading)),
                                     ("words", .int(c.text.split(separator: " ").count)), ("text", .string(c.text))]))
            }
            return
        }
        let words = chunks.map { $0.text.split(separator: " ").count }
        print("\(Project.display(url)): \(chunks.count) chunks (\(config.signature)), words per chunk min \(words.min() ?? 0), "
              + "mean \(words.isEmpty ? 0 : words.reduce(0, +) / words.count), max \(words.max() ?? 0)")
        for c in chunks {
            print("--- chunk \(c.id)  line \(c.line)\(c.section.isEmpty ? "" : "  § " + c.heading)  (\(c.text.split(separator: " ").count) words)")
            print(c.text)
        }
    }
}
