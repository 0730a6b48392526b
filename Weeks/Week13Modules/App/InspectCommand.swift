// `inspect FILE`: what a safetensors file holds — metadata, then each tensor's name, dtype and shape.

import Foundation
import Shared

enum InspectCommand {
    static func run(_ invocation: Invocation) throws {
        let url = URL(fileURLWithPath: invocation.positionals[0])
        guard FileManager.default.fileExists(atPath: url.path) else { throw DataFileError.missing(path: url.path) }
        let file = try Safetensors.read(url)
        if invocation.flag("json") {
            let tensors = file.names.map { name in
                JSONValue.object([("name", .string(name)), ("dtype", .string(file.entries[name]!.dtype)),
                                  ("shape", .array(file.entries[name]!.shape.map { .int($0) }))])
            }
            let metadata = file.metadata.keys.sorted().map { ($0, JSONValue.string(file.metadata[$0]!)) }
            print(JSONText.line([("tensors", .array(tensors)), ("metadata", .object(metadata))]))
            return
        }
        print("\(Project.display(url)): \(file.names.count) tensors")
        for key in file.metadata.keys.sorted() { print("  meta  \(key) = \(file.metadata[key]!)") }
        for name in file.names {
            let entry = file.entries[name]!
            print("  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(entry.dtype) \(entry.shape)")
        }
    }
}
