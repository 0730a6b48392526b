// `export`: the checkpoint's tensors under torch.nn.LSTM/GRU's state_dict names (TorchLayout),
// written atomically; the metadata keeps the vocabulary and sizes.

import Foundation
import Shared
import Week15CharLM

enum ExportCommand {
    static func run(_ invocation: Invocation) throws {
        let url = Week15CommandLine.file(invocation.string("weights"))
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw UsageError("no checkpoint at \(url.path) (run `swift run Week15CharLM train` first or pass --weights)")
        }
        let (model, _, metadata) = try CharCheckpoint.load(url)
        let out = Week15CommandLine.file(invocation.string("out"))
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TorchLayout.export(model, to: out, metadata: metadata)
        let names = try TorchLayout.torchTensors(model).keys.sorted()
        if invocation.flag("json") {
            print(JSONText.line([("command", .string("export")), ("file", .string(out.path)), ("tensors", .array(names.map { .string($0) }))]))
        } else {
            print("wrote \(Project.display(out)): " + names.joined(separator: ", "))
        }
    }
}
