// The char model's checkpoint: one safetensors file with the module tree's names (embedding,
// cell.weight_ih, …, head.bias) and, in its metadata, what is needed to rebuild the model before
// loading it: the cell kind, sizes and the byte vocabulary. Written atomically (Safetensors.write
// goes through AtomicFile: a temporary file renamed over the old one), so a crash mid-write
// leaves the previous checkpoint, never half a file.
//
// What this file does not do: no optimizer state (sample and export need only the weights; a
// resumable run is week 13's TrainingCheckpoint), no torch names (TorchLayout.swift).

import Foundation
import Shared
import Week04MNIST
import Week06Sequences

public enum CharCheckpointError: Error, CustomStringConvertible {
    case notACharModel(String)

    public var description: String {
        switch self {
        case let .notACharModel(path): return "\(path) has no cell/hidden/embedding/vocabulary metadata: it was not written by `Week15CharLM train`"
        }
    }
}

public enum CharCheckpoint {
    public static func save(_ model: CharLM, vocabulary: Vocabulary, to url: URL, extra: [String: String] = [:]) throws {
        var metadata = extra
        metadata["cell"] = model.cell.kind.rawValue
        metadata["hidden"] = String(model.cell.hiddenSize)
        metadata["embedding"] = String(model.cell.inputSize)
        metadata["vocabulary"] = vocabulary.bytes.map(String.init).joined(separator: ",")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Checkpoint.save(model, to: url, metadata: metadata)
    }

    /// Rebuilds the model the metadata describes and loads its weights (strict names and shapes).
    public static func load(_ url: URL) throws -> (model: CharLM, vocabulary: Vocabulary, metadata: [String: String]) {
        let file = try Safetensors.read(url)
        let m = file.metadata
        guard let kind = m["cell"].flatMap(CellKind.init(rawValue:)), kind != .rnn,
              let hidden = m["hidden"].flatMap(Int.init), hidden > 0,
              let embedding = m["embedding"].flatMap(Int.init), embedding > 0,
              let text = m["vocabulary"] else { throw CharCheckpointError.notACharModel(url.path) }
        let bytes = text.split(separator: ",").compactMap { UInt8($0) }
        guard !bytes.isEmpty else { throw CharCheckpointError.notACharModel(url.path) }
        let vocabulary = Vocabulary(bytes: bytes)
        var rng = SplitMix64(seed: 0)
        let model = CharLM(vocabularySize: vocabulary.count, embeddingSize: embedding, hiddenSize: hidden, kind: kind, rng: &rng)
        try Checkpoint.load(into: model, from: url)
        return (model, vocabulary, m)
    }
}
