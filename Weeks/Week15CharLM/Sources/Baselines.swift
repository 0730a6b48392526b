// The baseline table: every model's held-out cross-entropy on the same split, in the three units
// people quote — nats/char (the training loss), bits/char = nats / ln 2, perplexity = e^nats.
// Baselines: add-one unigram (week 6's) and interpolated Kneser–Ney n-grams of orders 2…n.
//
// What this file does not do: no training of the neural model (the App's train command), no
// significance test between rows.

import Foundation
import Week06Sequences

public struct ModelScore: Sendable {
    public let name: String
    public let nats: Double
    public var bits: Double { nats / Foundation.log(2.0) }
    public var perplexity: Double { Foundation.exp(nats) }

    public init(name: String, nats: Double) {
        self.name = name
        self.nats = nats
    }
}

public enum Baselines {
    /// Unigram and KN orders `orders` trained on `split.train`, scored on `split.validation`.
    public static func scores(_ split: DocsSplit, orders: [Int]) throws -> [ModelScore] {
        let v = split.vocabulary.count
        var out = [ModelScore(name: "unigram (add-one)",
                              nats: CharCorpus.unigramCrossEntropy(train: split.train, evaluate: split.validation, vocabularySize: v))]
        for n in orders {
            let model = try KneserNeyModel(order: n, vocabularySize: v, train: split.train)
            out.append(ModelScore(name: "\(n)-gram, interpolated Kneser–Ney", nats: model.crossEntropy(split.validation)))
        }
        return out
    }
}
