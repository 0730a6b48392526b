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
        if let folder = invocation.optionalString("data") {
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

    /// --hidden: train's declared default, or (evaluate/predict) the given widths, else 256,128.
    public static func hidden(_ invocation: Invocation) -> [Int] {
        invocation.command == "train" ? invocation.ints("hidden") : invocation.optionalInts("hidden") ?? [256, 128]
    }

    public static func weightsURL(_ invocation: Invocation) throws -> URL {
        if let path = invocation.optionalString("weights") { return URL(fileURLWithPath: path) }
        return try Project.outputDirectory("Week04MNIST").appendingPathComponent("mlp.safetensors")
    }
}

/// `train`'s flags; the parser has checked their ranges (a bad value is a UsageError: one line, exit 2).
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
        epochs = invocation.int("epochs")
        batchSize = invocation.int("batch-size")
        lr = invocation.double("lr")
        seed = invocation.int("seed")
        hidden = DataChoice.hidden(invocation)
        limit = invocation.optionalInt("limit")
    }
}
