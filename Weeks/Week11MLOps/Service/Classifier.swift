// The model behind /predict: a week-4 MLP or a week-5 CNN loaded from the safetensors checkpoint
// their `train` commands write, or a week-4 MLP trained here for one epoch when no file is given.
//
// The checkpoint's "architecture" metadata says which network to build: "784-256-128-10" (week 4's
// MLP widths) or "simple" / "resnet" (week 5's CNNs). `Checkpoint.load` then checks every tensor's
// name and shape, so a file from another model fails with one clear line.
//
// Inference runs one image at a time under a lock: the layers are shared objects, and a forward
// pass of the MLP takes well under a millisecond, so serialising them costs little next to the
// HTTP and JSON work around it.

import Foundation
import Shared
import Week04MNIST
import Week05CNN
import Week11MLOps

public final class ImageClassifier: @unchecked Sendable {
    public let model: Sequential
    /// "mlp 784-256-128-10" or "cnn simple".
    public let name: String
    public let classNames: [String]
    private let lock = NSLock()

    public init(model: Sequential, name: String, classNames: [String] = ImageDatasets.fashionMNISTClasses) {
        self.model = model
        self.name = name
        self.classNames = classNames
    }

    /// An MLP with seeded random weights (the tests' stand-in for a trained model).
    public static func randomMLP(sizes: [Int] = [784, 64, 10], seed: UInt64) -> ImageClassifier {
        var rng = SplitMix64(seed: seed)
        return ImageClassifier(model: MLP.make(sizes: sizes, rng: &rng), name: "mlp " + sizes.map(String.init).joined(separator: "-"))
    }

    /// A week-4 MLP or week-5 CNN checkpoint.
    public static func load(from url: URL) throws -> ImageClassifier {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataFileError.missing(path: url.path)
        }
        let metadata = try Safetensors.read(url).metadata
        let architecture = metadata["architecture"] ?? "784-256-128-10"
        let isFashion = (metadata["dataset"] ?? "Fashion-MNIST").lowercased().contains("fashion")
        let classNames = isFashion ? ImageDatasets.fashionMNISTClasses : (0..<10).map(String.init)
        var rng = SplitMix64(seed: 0)
        let model: Sequential
        let name: String
        if let cnn = Architecture(rawValue: architecture) {
            model = cnn.make(rng: &rng)
            name = "cnn \(architecture)"
        } else {
            let sizes = architecture.split(separator: "-").compactMap { Int($0) }
            guard sizes.count >= 2, sizes.count == architecture.split(separator: "-").count, sizes.first == 784, sizes.last == 10,
                  sizes.allSatisfy({ $0 > 0 && $0 <= 8192 }) else {
                throw DataFileError.malformed(path: url.path, reason: "architecture '\(architecture)' is neither a 784-…-10 MLP nor a week-5 CNN (simple, resnet)")
            }
            model = MLP.make(sizes: sizes, rng: &rng)
            name = "mlp \(architecture)"
        }
        try Checkpoint.load(into: model, from: url)
        return ImageClassifier(model: model, name: name, classNames: classNames)
    }

    /// Class probabilities (softmax of the logits) for one 28×28 image given as 784 values in 0…1.
    public func probabilities(_ pixels: [Float]) throws -> [Float] {
        precondition(pixels.count == 784, "an image is 784 pixels")
        let x = try Tensor(shape: [1, 784], storage: pixels)
        lock.lock()
        defer { lock.unlock() }
        return try Autograd.noGrad { try model(Variable(x)).softmax().value.storage }
    }

    /// The most probable class (the first one on a tie) and all ten probabilities.
    public func predict(_ pixels: [Float]) throws -> (label: Int, probabilities: [Float]) {
        let p = try probabilities(pixels)
        var best = 0
        for i in p.indices where p[i] > p[best] { best = i }
        return (best, p)
    }
}

/// Training the week-4 MLP at start-up when `serve` is given no model file.
public enum QuickTraining {
    /// One epoch (by default) of Adam on Fashion-MNIST; saves the weights to `url` and returns the
    /// classifier with its test accuracy. `progress(batchesDone, batches)` after every batch.
    public static func trainMLP(epochs: Int = 1, seed: UInt64 = 42, saveTo url: URL,
                                progress: (Int, Int) -> Void = { _, _ in }) throws -> (ImageClassifier, accuracy: Double) {
        let data = try ImageDatasets.load(.fashionMNIST)
        var rng = SplitMix64(seed: seed)
        let sizes = [784, 256, 128, 10]
        let model = MLP.make(sizes: sizes, rng: &rng)
        let optimizer = Adam(model.parameters, lr: 0.001)
        let batches = (data.train.labels.count + 127) / 128
        for epoch in 0..<epochs {
            optimizer.lr = Trainer.cosineLR(base: 0.001, epoch: epoch, epochs: epochs)
            _ = try Trainer.trainEpoch(model: model, optimizer: optimizer, images: data.train.images, labels: data.train.labels,
                                       batchSize: 128, rng: &rng) { done, _ in progress(epoch * batches + done, epochs * batches) }
        }
        let test = try Trainer.evaluate(model: model, images: data.test.images, labels: data.test.labels)
        try Checkpoint.save(model, to: url, metadata: ["architecture": sizes.map(String.init).joined(separator: "-"),
                                                        "dataset": "Fashion-MNIST", "seed": String(seed), "epochs": String(epochs),
                                                        "test_accuracy": String(format: "%.4f", test.accuracy)])
        return (ImageClassifier(model: model, name: "mlp 784-256-128-10"), test.accuracy)
    }
}
