// export: BPE on a file → tokenizer.json; encode: texts → ids under vocab.json + merges.txt.

import Foundation
import Shared
import Week08LLMEngineering
import Week18Tokenizers

enum Commands {
    static func export(_ invocation: Invocation) throws {
        let file = URL(fileURLWithPath: try invocation.requiredString("file"))
        let text = try FileIO.readText(file)
        let bpe = try IncrementalBPE.train(text, vocabularySize: invocation.int("vocab-size"))
        let tokenizer = SpecialTokenizer(base: bpe, specials: [invocation.string("special")])
        let out = URL(fileURLWithPath: invocation.optionalString("out") ?? "Output/Week18Tokenizers/tokenizer.json")
        try AtomicFile.write(try tokenizer.huggingFaceJSON(), to: out)
        print("wrote \(out.path): \(bpe.merges.count) merges, \(tokenizer.vocabularySize) ids (special \(JSONText.quote(tokenizer.specials[0])) = \(bpe.vocabularySize))")
    }

    static func encode(_ invocation: Invocation) throws {
        let files = try GPT2Files(folder: URL(fileURLWithPath: try invocation.requiredString("model")))
        for text in invocation.positionals {
            let ids = files.encode(text)
            if invocation.flag("json") {
                print(JSONText.line([("text", .string(text)), ("input_ids", .array(ids.map { .int($0) }))]))
            } else {
                print("\(JSONText.quote(text)) → \(ids.map(String.init).joined(separator: " "))")
            }
        }
    }
}
