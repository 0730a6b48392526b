// `sample`: rebuilds the model a checkpoint's metadata describes, loads it, feeds --prime and
// draws --length characters from softmax(logits / --temperature).

import Foundation
import Shared
import Week15CharLM

enum SampleCommand {
    static func run(_ invocation: Invocation) throws {
        let url = Week15CommandLine.file(invocation.string("weights"))
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw UsageError("no checkpoint at \(url.path) (run `swift run Week15CharLM train` first or pass --weights)")
        }
        let (model, vocabulary, _) = try CharCheckpoint.load(url)
        let prime = try vocabulary.encode(Array(invocation.string("prime").utf8))
        guard !prime.isEmpty else { throw UsageError("--prime must not be empty") }
        var rng = SplitMix64(seed: UInt64(invocation.int("seed")))
        let ids = try model.sample(prime: prime, length: invocation.int("length"), temperature: invocation.double("temperature"), rng: &rng)
        let text = vocabulary.decode(prime + ids)
        if invocation.flag("json") {
            print(JSONText.line([("command", .string("sample")), ("temperature", .number(invocation.double("temperature"))), ("text", .string(text))]))
        } else {
            print(text)
        }
    }
}
