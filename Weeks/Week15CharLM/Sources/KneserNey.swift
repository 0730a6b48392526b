// Interpolated Kneser–Ney n-gram model over character ids (one absolute discount per order,
// Chen & Goodman's "interpolated KN", not the three-discount "modified KN").
//
// For the highest order n, with h the n−1 previous characters and c(·) raw counts:
//   P_n(w | h) = max(c(h w) − D_n, 0) / c(h •)  +  D_n · N1+(h •) / c(h •) · P_{n−1}(w | h')
// where h' drops h's oldest character, c(h •) = Σ_w c(h w) and N1+(h •) = #{w : c(h w) > 0}.
// Lower orders k < n use the same formula with *continuation* counts in place of c:
//   c_k(g) = N1+(• g) = the number of distinct characters seen before the k-gram g,
// and the recursion ends in the uniform distribution P_0(w) = 1/V.
// A context never seen at order k (c(h •) = 0) gives P_k = P_{k−1}: the model backs off fully.
// Discounts: D_k = n1 / (n1 + 2·n2), with n1, n2 the number of k-grams whose (raw or continuation)
// count is exactly 1 and 2 (Ney, Essen & Kneser's estimate); 0 < D_k < 1, so every P_k sums to 1.
//
// The training text is read as one stream (files concatenated), as the LSTM reads it.
// k-grams are keys Σ id_i · V^i in UInt64, so V^n must fit: V ≤ 256 and n ≤ 8.
//
// What this file does not do: no modified KN (three discounts), no pruning, no sentence-boundary
// symbols, no smoothing of the top order's counts beyond the discount.

import Foundation

public enum NGramError: Error, CustomStringConvertible, Equatable {
    case badOrder(Int)
    case idOutOfRange(Int)

    public var description: String {
        switch self {
        case let .badOrder(n): return "n-gram order \(n) is not in 1…8"
        case let .idOutOfRange(id): return "character id \(id) is outside the model's vocabulary"
        }
    }
}

public final class KneserNeyModel {
    public let order: Int
    public let vocabularySize: Int
    /// D_k for k = 1…n (index k − 1).
    public let discounts: [Double]
    /// counts[k−1][key of k-gram]: raw counts for k = n, continuation counts below.
    let counts: [[UInt64: Int]]
    /// contexts[k−1][key of (k−1)-gram]: (Σ_w count, number of w with count > 0) at order k.
    let contexts: [[UInt64: (total: Int, types: Int)]]

    public init(order: Int, vocabularySize: Int, train ids: [Int]) throws {
        guard (1...8).contains(order), vocabularySize >= 1, vocabularySize <= 256 else { throw NGramError.badOrder(order) }
        if let bad = ids.first(where: { $0 < 0 || $0 >= vocabularySize }) { throw NGramError.idOutOfRange(bad) }
        self.order = order
        self.vocabularySize = vocabularySize
        let v = UInt64(vocabularySize)
        // Raw counts of the top order; every k-gram's key is built from its newest character backwards.
        var top: [UInt64: Int] = [:]
        if ids.count >= order {
            for end in (order - 1)..<ids.count {
                top[Self.key(ids, end: end, length: order, base: v), default: 0] += 1
            }
        }
        var byOrder = [[UInt64: Int]](repeating: [:], count: order)
        byOrder[order - 1] = top
        // Continuation counts: each distinct (k+1)-gram adds one to its k-character suffix.
        if order >= 2 {
            for k in stride(from: order - 1, through: 1, by: -1) {
                var lower: [UInt64: Int] = [:]
                let modulus = Self.power(v, k)
                for key in byOrder[k].keys { lower[key % modulus, default: 0] += 1 }
                byOrder[k - 1] = lower
            }
        }
        counts = byOrder
        var stats = [[UInt64: (total: Int, types: Int)]](repeating: [:], count: order)
        var ds: [Double] = []
        for k in 1...order {
            var table: [UInt64: (total: Int, types: Int)] = [:]
            var n1 = 0, n2 = 0
            for (key, c) in byOrder[k - 1] {
                let context = key / v  // drops the newest character w
                let old = table[context] ?? (0, 0)
                table[context] = (old.total + c, old.types + 1)
                if c == 1 { n1 += 1 } else if c == 2 { n2 += 1 }
            }
            stats[k - 1] = table
            ds.append(n1 + n2 == 0 ? 0.5 : Double(n1) / Double(n1 + 2 * n2))
        }
        contexts = stats
        discounts = ds
    }

    /// P(w | history): the last n−1 ids of `history` are the context (fewer at the start of a text).
    public func probability(of w: Int, after history: ArraySlice<Int>) -> Double {
        // exercise kneser-ney-probability: Compute the interpolated Kneser–Ney probability of a character after a history, from the model's counts and discounts.
        // hint: Start from the uniform 1/V and climb the orders k = 1…n, each time interpolating the new order's estimate with the one below.
        // hint: At order k the context is the last k − 1 characters; build its key incrementally (newest character in the lowest digit) and stop climbing as soon as the history is too short or the context was never seen.
        // hint: With c the count of context+w, total and types the context's sum of counts and number of distinct followers: p ← max(c − D_k, 0)/total + D_k · types/total · p.
        // tests: NGramTests/testBigramByHand, NGramTests/testEqualsANaiveImplementationAndSumsToOne
        let v = UInt64(vocabularySize)
        var p = 1 / Double(vocabularySize)
        var contextKey: UInt64 = 0  // the (k−1)-gram before w, newest character in the lowest digit
        var scale: UInt64 = 1
        let available = history.count
        for k in 1...order {
            if k >= 2 {
                guard k - 1 <= available else { break }
                contextKey += UInt64(history[history.endIndex - (k - 1)]) * scale
                scale *= v
            }
            guard let stats = contexts[k - 1][contextKey] else { break }  // unseen: higher orders are too
            let c = Double(counts[k - 1][contextKey * v + UInt64(w)] ?? 0)
            let d = discounts[k - 1], total = Double(stats.total)
            p = max(c - d, 0) / total + d * Double(stats.types) / total * p
        }
        return p
        // end exercise kneser-ney-probability
    }

    /// The whole distribution over the vocabulary after `history`.
    public func distribution(after history: ArraySlice<Int>) -> [Double] {
        (0..<vocabularySize).map { probability(of: $0, after: history) }
    }

    /// Mean −ln P over `ids`, each character conditioned on the ones before it in `ids`.
    public func crossEntropy(_ ids: [Int]) -> Double {
        // exercise held-out-cross-entropy: Score a held-out id sequence: the mean −ln P of each character given the ones before it (nats per char).
        // hint: Each character is conditioned on at most the n − 1 ids just before it in the same sequence; the first ones have shorter histories.
        // hint: Sum −log P in Double and divide by the length; an empty sequence scores 0. Bits per char is this divided by ln 2 (ModelScore).
        // tests: NGramTests/testHeldOutCrossEntropyOfTheHandBigram
        guard !ids.isEmpty else { return 0 }
        var sum = 0.0
        for i in ids.indices {
            let start = max(0, i - (order - 1))
            sum -= Foundation.log(probability(of: ids[i], after: ids[start..<i]))
        }
        return sum / Double(ids.count)
        // end exercise held-out-cross-entropy
    }

    /// Key of the k-gram ending at `end`: Σ_{j<k} ids[end − j] · V^j (newest in the lowest digit).
    static func key(_ ids: [Int], end: Int, length: Int, base: UInt64) -> UInt64 {
        var key: UInt64 = 0
        var scale: UInt64 = 1
        for j in 0..<length {
            key += UInt64(ids[end - j]) * scale
            scale *= base
        }
        return key
    }

    static func power(_ base: UInt64, _ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= base }
        return result
    }
}
