// `generate PROMPT`: the trained model continues the prompt (KV-cache decoding; --no-cache
// recomputes every step and gives the same tokens), greedy at temperature 0.

import Foundation
import Shared
import Week08LLMEngineering
import Week17TinyGPT

enum GenerateCommand {
    static func run(_ invocation: Invocation) throws {
        let folder = Week17CommandLine.file(invocation.string("model"))
        let model = try GPTRun.loadModel(from: folder)
        let tokenizer = try BPETokenizer.load(folder.appendingPathComponent(Week17CommandLine.tokenizerFile))
        let prompt = invocation.positionals.first ?? "The"
        let ids = tokenizer.encode(prompt)
        guard !ids.isEmpty else { throw UsageError("the prompt is empty: give some text to continue") }
        let useCache = !invocation.flag("no-cache")
        let start = Timing.now()
        let generated = try model.generate(prompt: ids, maxNewTokens: invocation.int("length"), temperature: invocation.double("temperature"),
                                           seed: UInt64(invocation.int("seed")), useCache: useCache)
        let seconds = Timing.now() - start
        let text = tokenizer.decode(ids + generated)
        if invocation.flag("json") {
            print(JSONText.line([("command", .string("generate")), ("prompt", .string(prompt)), ("text", .string(text)),
                                 ("tokens", .int(generated.count)), ("kv_cache", .bool(useCache)),
                                 ("ms_per_token", .number(1000 * seconds / Double(max(1, generated.count))))]))
            return
        }
        print(text)
        FileHandle.standardError.write(Data(String(format: "%d tokens in %.2f s (%.1f ms/token, %@)\n", generated.count, seconds,
                                                   1000 * seconds / Double(max(1, generated.count)), useCache ? "KV cache" : "full recompute").utf8))
    }
}
