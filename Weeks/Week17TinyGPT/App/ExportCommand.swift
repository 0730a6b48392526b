// `export DIR`: the trained model as a Hugging Face GPT-2 folder (config.json + model.safetensors
// under GPT2LMHeadModel's names, through week 7's CheckpointLayout.gpt2, as week 8 writes it) with
// the BPE merges beside it; then loaded back with week 8's `GPT2Model.load(folder:)` and its
// logits compared with the trained model's on a held-out-style prompt.
// Loading it in transformers: GPT2LMHeadModel.from_pretrained(DIR) (the gate's fixture test shows
// the logits agree; Tests/Fixtures/make_reference.py has the command).

import Foundation
import Shared
import Week08LLMEngineering
import Week17TinyGPT

enum ExportCommand {
    static func run(_ invocation: Invocation) throws {
        let source = Week17CommandLine.file(invocation.string("model"))
        let target = Week17CommandLine.file(invocation.positionals[0])
        let model = try GPTRun.loadModel(from: source)
        let tokenizer = try BPETokenizer.load(source.appendingPathComponent(Week17CommandLine.tokenizerFile))
        try model.gpt.saveHuggingFace(folder: target)
        try tokenizer.save(to: target.appendingPathComponent(Week17CommandLine.tokenizerFile))
        let reloaded = try TinyGPT(gpt: try GPT2Model.load(folder: target))
        let ids = Array(tokenizer.encode("The :func:`open` function returns a file object.").prefix(model.config.context))
        let a = try model.gpt.logits(for: ids).storage, b = try reloaded.gpt.logits(for: ids).storage
        let difference = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        if invocation.flag("json") {
            print(JSONText.line([("command", .string("export")), ("folder", .string(Project.display(target))),
                                 ("parameters", .int(model.config.parameterCount)), ("reload_max_abs_difference", .number(Double(difference)))]))
            return
        }
        print("wrote \(Project.display(target)): config.json, model.safetensors (GPT2LMHeadModel names), \(Week17CommandLine.tokenizerFile)")
        print(String(format: "reloaded with week 8's GPT2Model.load: logits of %d tokens differ by at most %.2g", ids.count, Double(difference)))
        print("in Python: transformers.GPT2LMHeadModel.from_pretrained(\"\(Project.display(target))\")")
    }
}
