// Saving and loading a module's tensors as safetensors: the tree's name (Module.namedTensors(),
// parameters and buffers, torch's state_dict keys) → Float32 tensor.
// Loading is strict: every parameter must be in the file with the same shape, and the file must
// hold nothing else, so a checkpoint from a different architecture fails with a message that
// names the first tensor that does not fit (instead of silently training from half-loaded weights).

import Foundation
import Shared

public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case missingTensor(name: String, path: String)
    case shapeMismatch(name: String, expected: [Int], found: [Int], path: String)
    case unexpectedTensor(name: String, path: String)

    public var description: String {
        switch self {
        case let .missingTensor(name, path):
            return "\(path): no tensor '\(name)' (the model expects it; was the file saved from a different architecture?)"
        case let .shapeMismatch(name, expected, found, path):
            return "\(path): tensor '\(name)' has shape \(found), the model expects \(expected) (check --hidden)"
        case let .unexpectedTensor(name, path):
            return "\(path): tensor '\(name)' is not a parameter of this model"
        }
    }
}

public enum Checkpoint {
    public static func save(_ module: any Module, to url: URL, metadata: [String: String] = [:]) throws {
        var tensors: [String: Tensor] = [:]
        for p in module.namedTensors() { tensors[p.name] = p.value.value }
        try Safetensors.write(tensors, metadata: metadata, to: url)
    }

    /// Reads every parameter of `module` from `url` (checks all names and shapes before changing any).
    @discardableResult
    public static func load(into module: any Module, from url: URL) throws -> [String: String] {
        try load(into: module, bytes: try FileIO.readBytes(url), path: url.path)
    }

    /// The same from the bytes of a file (`path` names it in errors). Sizes and offsets are
    /// validated by `Safetensors.parse`, non-finite weights refused by `SafetensorsFile.tensor`.
    @discardableResult
    public static func load(into module: any Module, bytes: [UInt8], path: String) throws -> [String: String] {
        let file = try Safetensors.parse(bytes, path: path)
        let url = URL(fileURLWithPath: path)
        let parameters = module.namedTensors()
        var loaded: [Tensor] = []
        for p in parameters {
            guard let entry = file.entries[p.name] else { throw CheckpointError.missingTensor(name: p.name, path: url.path) }
            guard entry.shape == p.value.shape else {
                throw CheckpointError.shapeMismatch(name: p.name, expected: p.value.shape, found: entry.shape, path: url.path)
            }
            loaded.append(try file.tensor(p.name))
        }
        let known = Set(parameters.map(\.name))
        if let extra = file.names.first(where: { !known.contains($0) }) {
            throw CheckpointError.unexpectedTensor(name: extra, path: url.path)
        }
        for (p, t) in zip(parameters, loaded) { p.value.value = t }
        return file.metadata
    }
}
