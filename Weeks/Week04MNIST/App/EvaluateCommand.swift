// `evaluate` and `predict`: load saved weights into the same architecture and use them.

import Foundation
import Shared
import Week04MNIST

enum EvaluateCommand {
    static func loadModel(_ invocation: Invocation) throws -> (Sequential, URL) {
        let url = try DataChoice.weightsURL(invocation)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw UsageError("no weights at \(Project.display(url)): run `swift run Week04MNIST train` first or pass --weights FILE")
        }
        // Without --hidden, the architecture recorded in the file's metadata ("784-256-128-10").
        var hidden = DataChoice.hidden(invocation)
        if !invocation.isGiven("hidden"), let recorded = try Safetensors.read(url).metadata["architecture"] {
            let sizes = recorded.split(separator: "-").compactMap { Int($0) }
            if sizes.count >= 3 && sizes.allSatisfy({ $0 > 0 && $0 <= 8192 }) { hidden = Array(sizes.dropFirst().dropLast()) }
        }
        var rng = SplitMix64(seed: 0)
        let model = MLP.make(sizes: [784] + hidden + [10], rng: &rng)
        try Checkpoint.load(into: model, from: url)
        return (model, url)
    }

    static func run(_ invocation: Invocation) throws {
        let (model, url) = try loadModel(invocation)
        let json = invocation.flag("json")
        let data = try DataChoice.load(invocation, quiet: json)
        let result = try Trainer.evaluate(model: model, images: data.test.images, labels: data.test.labels)
        if json {
            print(JSONText.line([("test_accuracy", .number(result.accuracy)), ("test_loss", .number(result.loss)),
                                 ("parameters", .int(model.parameterCount))]))
            return
        }
        print(String(format: "%@: test accuracy %.4f, loss %.4f on %d %@ images\n", Project.display(url), result.accuracy,
                     result.loss, data.test.labels.count, data.name))
        let confusion = ConfusionMatrix(labels: data.test.labels, predictions: result.predictions, classes: 10)
        print(render(confusion, classNames: data.classNames))
    }

    static func predict(_ invocation: Invocation) throws {
        let (model, _) = try loadModel(invocation)
        let data = try DataChoice.load(invocation)
        let index = invocation.int("image")
        guard index < data.test.labels.count else {
            throw UsageError("--image must be between 0 and \(data.test.labels.count - 1)")
        }
        let pixels = try data.test.images.rows(index..<(index + 1))
        let probabilities = try Autograd.noGrad { try model(Variable(pixels)).softmax().value.storage }
        let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
        print("test image \(index): true class \(data.classNames[data.test.labels[index]])")
        for c in ranked.prefix(3) { print(String(format: "  %6.2f%%  %@", 100 * Double(probabilities[c]), data.classNames[c])) }
        let png = try Project.outputDirectory("Week04MNIST").appendingPathComponent("test-\(index).png")
        try AtomicFile.write(ImageFile.png(pixels.storage, width: 28, height: 28), to: png)
        print("wrote \(Project.display(png))")
    }

    static func render(_ confusion: ConfusionMatrix, classNames: [String]) -> String {
        var table = TextTable(["true \\ predicted"] + (0..<10).map(String.init) + ["recall"])
        for (c, row) in confusion.counts.enumerated() {
            table.add(["\(c) \(classNames[c])"] + row.map(String.init) + [String(format: "%.3f", confusion.perClassAccuracy[c])])
        }
        return table.render()
    }
}
