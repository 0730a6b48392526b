// Helpers the commands share: where the server is, loading or training the model.

import Foundation
import Shared
import Week11MLOps
import Week11MLOpsService

enum Common {
    /// --url http://HOST:PORT, else --port P on 127.0.0.1.
    static func target(_ invocation: Invocation) throws -> (host: String, port: Int) {
        if let url = invocation.optionalString("url") {
            guard !invocation.isGiven("port") else { throw UsageError("give --port or --url, not both") }
            do { return try parseServiceURL(url) } catch { throw UsageError("--url: \(error)") }
        }
        return ("127.0.0.1", invocation.int("port"))
    }

    /// --model FILE, or the week-4 MLP trained for one epoch and saved as Output/Week11MLOps/mlp.safetensors.
    static func loadOrTrain(_ invocation: Invocation, quietProgress: Bool = false) throws -> ImageClassifier {
        if let path = invocation.optionalString("model") {
            let url = URL(fileURLWithPath: path)
            let classifier = try ImageClassifier.load(from: url)
            FileHandle.standardError.write(Data("model: \(classifier.name) from \(Project.display(url))\n".utf8))
            return classifier
        }
        let seed = invocation.int("seed")
        let url = try Project.outputDirectory("Week11MLOps").appendingPathComponent("mlp.safetensors")
        let bar = quietProgress ? nil : ProgressBar("training MLP 784-256-128-10, 1 epoch (seed \(seed))", total: 469)
        let start = Date()
        let (classifier, accuracy) = try QuickTraining.trainMLP(seed: UInt64(seed), saveTo: url) { done, _ in bar?.update(done) }
        bar?.finish()
        FileHandle.standardError.write(Data(String(format: "model: trained in %.1f s, test accuracy %.4f, saved %@\n",
                                                   Date().timeIntervalSince(start), accuracy, Project.display(url)).utf8))
        return classifier
    }
}
