// Which dataset to load and the flags every command shares (--data, --hidden, --weights).

import Foundation
import Shared
import Week04MNIST

struct LoadedData {
    var name: String
    var classNames: [String]
    var train: ImageSplit
    var test: ImageSplit
}

enum DataChoice {
    /// --data DIR, else MNIST if present, else Fashion-MNIST; says which on stderr.
    static func load(_ invocation: Invocation, quiet: Bool = false) throws -> LoadedData {
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

    static func hidden(_ invocation: Invocation) throws -> [Int] {
        guard let values = try invocation.doubles("hidden") else { return [256, 128] }
        let widths = values.map { Int($0) }
        guard !widths.isEmpty, zip(values, widths).allSatisfy({ $0 == Double($1) && $1 >= 1 && $1 <= 8192 }) else {
            throw UsageError("--hidden expects widths between 1 and 8192 such as 256,128")
        }
        return widths
    }

    static func weightsURL(_ invocation: Invocation) throws -> URL {
        if let path = invocation.string("weights") { return URL(fileURLWithPath: path) }
        return try Project.outputDirectory("Week04MNIST").appendingPathComponent("mlp.safetensors")
    }
}
