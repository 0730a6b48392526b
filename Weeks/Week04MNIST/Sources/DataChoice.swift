// The command line's shared choices, in the library so the tests can check their errors: which
// dataset to load (--data, else MNIST if present, else Fashion-MNIST), --hidden, --weights, and the
// validated training options.

import Foundation
import Shared

public struct LoadedData {
    public var name: String
    public var classNames: [String]
    public var train: ImageSplit
    public var test: ImageSplit
}

public enum DataChoice {
    /// --data DIR, else MNIST if present, else Fashion-MNIST; says which on stderr.
    public static func load(_ invocation: Invocation, quiet: Bool = false) throws -> LoadedData {
        let name: String
        let split: (train: ImageSplit, test: ImageSplit)
        if let folder = invocation.string("data") {
            let url = URL(fileURLWithPath: folder, isDirectory: true)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("--data: '\(folder)' is not a folder (it must hold the four IDX files)")
            }
            split = try ImageDatasets.load(from: url)
            name = url.lastPathComponent
        } else if Dataset.mnist.isPresent {
            split = try ImageDatasets.load(.mnist)
            name = "MNIST"
        } else {
            split = try ImageDatasets.load(.fashionMNIST)
            name = "Fashion-MNIST"
        }
        guard split.train.images.rowLength == 784, split.test.images.rowLength == 784 else {
            throw UsageError("the images are \(split.train.images.rowLength) pixels; this MLP expects 28×28 = 784")
        }
        let isFashion = name.lowercased().contains("fashion")
        let classNames = isFashion ? ImageDatasets.fashionMNISTClasses : (0..<10).map(String.init)
        if !quiet {
            let note = name == "Fashion-MNIST" ? " (drop MNIST's IDX files into Datasets/mnist to use MNIST)" : ""
            FileHandle.standardError.write(Data("data: \(name), \(split.train.labels.count) train / \(split.test.labels.count) test images\(note)\n".utf8))
        }
        if let bad = (split.train.labels + split.test.labels).first(where: { $0 < 0 || $0 > 9 }) {
            throw UsageError("label \(bad) found; this classifier has 10 classes (0…9)")
        }
        return LoadedData(name: name, classNames: classNames, train: split.train, test: split.test)
    }

    public static func hidden(_ invocation: Invocation) throws -> [Int] {
        guard let values = try invocation.doubles("hidden") else { return [256, 128] }
        let widths = values.map { Int($0) }
        guard !widths.isEmpty, zip(values, widths).allSatisfy({ $0 == Double($1) && $1 >= 1 && $1 <= 8192 }) else {
            throw UsageError("--hidden expects widths between 1 and 8192 such as 256,128")
        }
        return widths
    }

    public static func weightsURL(_ invocation: Invocation) throws -> URL {
        if let path = invocation.string("weights") { return URL(fileURLWithPath: path) }
        return try Project.outputDirectory("Week04MNIST").appendingPathComponent("mlp.safetensors")
    }
}

/// `train`'s flags, validated: a bad value is a UsageError (one line, exit 2), never a crash.
public struct TrainingOptions: Sendable {
    public static let defaultEpochs = 15
    public static let defaultSeed = 42

    public var epochs: Int
    public var batchSize: Int
    public var lr: Double
    public var seed: Int
    public var hidden: [Int]
    public var limit: Int?

    public init(_ invocation: Invocation) throws {
        epochs = try invocation.int("epochs", default: TrainingOptions.defaultEpochs)
        batchSize = try invocation.int("batch-size", default: 128)
        lr = try invocation.double("lr", default: 1e-3)
        seed = try invocation.int("seed", default: TrainingOptions.defaultSeed)
        hidden = try DataChoice.hidden(invocation)
        limit = invocation.string("limit") == nil ? nil : try invocation.int("limit", default: 0)
        guard epochs >= 1 && epochs <= 1000 else { throw UsageError("--epochs must be between 1 and 1000, got \(epochs)") }
        guard batchSize >= 1 && batchSize <= 60000 else { throw UsageError("--batch-size must be between 1 and 60000, got \(batchSize)") }
        guard lr > 0 && lr <= 10 else { throw UsageError("--lr must be in (0, 10], got \(lr)") }
        guard seed >= 0 else { throw UsageError("--seed must be ≥ 0, got \(seed)") }
        if let limit, limit < 1 { throw UsageError("--limit must be at least 1, got \(limit)") }
    }
}
