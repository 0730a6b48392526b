// TF-IDF features for the bag-of-words baseline, with scikit-learn's TfidfVectorizer defaults:
//
//   tf(t, d)  = count of term t in document d
//   idf(t)    = ln((1 + n) / (1 + df(t))) + 1              (smooth_idf, n training documents)
//   x(d)      = tf(·, d) ⊙ idf, divided by its L2 norm     (norm="l2")
//
// The vocabulary is the `maxFeatures` terms most frequent over the training documents (ties
// alphabetical, as max_features), tokens are week 7's WordVocabulary.tokenize (lowercase words,
// punctuation apart). Features come out dense (week 3's Features) for its LogisticRegression.
//
// Does not: n-grams, sublinear tf, min_df/max_df, stop words.

import Foundation
import Week03ClassicalML
import Week07Transformer

public struct TfIdfVectorizer: Sendable {
    public let terms: [String]
    public let idf: [Double]
    let index: [String: Int]

    /// Fits the vocabulary and idf on `documents`.
    public init(fitting documents: [String], maxFeatures: Int) {
        var total: [String: Int] = [:], documentFrequency: [String: Int] = [:]
        for d in documents {
            let tokens = WordVocabulary.tokenize(d)
            for t in tokens { total[t, default: 0] += 1 }
            for t in Set(tokens) { documentFrequency[t, default: 0] += 1 }
        }
        terms = total.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maxFeatures).map(\.key)
        let n = Double(documents.count)
        idf = terms.map { Foundation.log((1 + n) / (1 + Double(documentFrequency[$0] ?? 0))) + 1 }
        index = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($1, $0) })
    }

    /// [documents.count, terms.count], every row L2-normalised (all zeros when no term is known).
    public func transform(_ documents: [String]) -> Features {
        // exercise tfidf-transform: Turn documents into TF-IDF rows over the fitted terms, each row L2-normalised.
        // hint: Every occurrence of a known term adds that term's idf to its column (tf · idf, counted one token at a time).
        // hint: Then divide the row by its Euclidean length; a document with no known term stays all zeros.
        // tests: TfIdfTests/testTwoDocumentsByHand
        let d = terms.count
        var values = [Double](repeating: 0, count: documents.count * d)
        for (i, document) in documents.enumerated() {
            for t in WordVocabulary.tokenize(document) {
                if let j = index[t] { values[i * d + j] += idf[j] }
            }
            let row = (i * d)..<((i + 1) * d)
            let norm = values[row].reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for j in row { values[j] /= norm } }
        }
        return Features(rows: documents.count, columns: d, values: values)
        // end exercise tfidf-transform
    }
}
