// Three pretraining objectives on the same word-level corpus and the same model (week 7's
// MaskedLanguageModel: encoder + tied output head evaluated at chosen positions only):
//
//   clm    causal LM (GPT):    ids w₁…wₙ, causal attention, predict w_{t+1} at every t < n
//            L = −(1/(n−1)) Σ_t log p(w_{t+1} | w_≤t)
//   mlm    masked LM (BERT):   week 7's Masking.corrupt (15 %, 80/10/10), bidirectional attention,
//            predict the original word at the chosen positions
//   span   span corruption (T5) on a decoder-only model (as UL2 runs it): noise spans (15 % of
//            the words, mean span length 3) are replaced by sentinels ⟨0⟩, ⟨1⟩, … and the model,
//            causal, reads "corrupted [SEP] target" and predicts the target:
//              words     a b c d e f g h          noise: c d, g
//              input     a b ⟨0⟩ e f ⟨1⟩ h
//              target    ⟨0⟩ c d ⟨1⟩ g ⟨2⟩
//              sequence  a b ⟨0⟩ e f ⟨1⟩ h [SEP] ⟨0⟩ c d ⟨1⟩ g ⟨2⟩, loss at the positions that
//                        predict each target token (from [SEP] up to the token before ⟨2⟩)
//
// Span lengths follow T5's random_spans_noise_mask: m = round(rate · n) noise words in
// s = round(m / meanSpan) spans; the noise and the n − m kept words are each cut into s random
// non-empty runs and interleaved, kept run first. Sentinels are ids vocabulary.count ….
//
// Does not: an encoder–decoder (T5 proper), prefix-LM attention, or packing several entries in a window.

import Foundation
import Shared
import Week04MNIST
import Week07Transformer

public enum Objective: String, CaseIterable, Sendable {
    case clm, mlm, span

    /// Attention of the objective's model: causal for clm and span.
    public var causal: Bool { self != .mlm }
}

/// One batch of an objective: padded ids, flat positions (b·T + t) whose outputs are scored, and
/// the ids they must predict.
public struct ObjectiveBatch: Sendable {
    public var inputIDs: [[Int]]
    public var attentionMask: [[Int]]
    public var positions: [Int]
    public var labels: [Int]
}

public enum Objectives {
    /// Sentinel ids added after the vocabulary (⟨0⟩ … ⟨sentinels − 1⟩).
    public static let sentinels = 16

    /// The batch `objective` makes of `rows` (word ids, no padding). `words` is the vocabulary size
    /// without sentinels (MLM's random replacements are drawn from it).
    public static func batch(_ objective: Objective, rows: [[Int]], words: Int, rate: Double = 0.15,
                             rng: inout SplitMix64) -> ObjectiveBatch {
        switch objective {
        case .clm:
            var positions: [Int] = [], labels: [Int] = []
            let (ids, mask) = padded(rows)
            let t = ids.first?.count ?? 0
            for (b, row) in rows.enumerated() where row.count >= 2 {
                for i in 0..<(row.count - 1) {
                    positions.append(b * t + i)
                    labels.append(row[i + 1])
                }
            }
            return ObjectiveBatch(inputIDs: ids, attentionMask: mask, positions: positions, labels: labels)
        case .mlm:
            let m = Masking.corrupt(padded(rows).ids, vocabularySize: words, rate: rate, rng: &rng)
            return ObjectiveBatch(inputIDs: m.inputIDs, attentionMask: m.attentionMask, positions: m.positions, labels: m.labels)
        case .span:
            var sequences: [[Int]] = [], targetStarts: [Int] = []
            for row in rows {
                let noise = randomSpanMask(length: row.count, rate: rate, meanSpan: 3, rng: &rng)
                let (input, target) = spanCorruption(row, noise: noise, sentinelBase: words)
                targetStarts.append(input.count + 1)
                sequences.append(input + [WordVocabulary.sep] + target)
            }
            let (ids, mask) = padded(sequences)
            let t = ids.first?.count ?? 0
            var positions: [Int] = [], labels: [Int] = []
            for (b, sequence) in sequences.enumerated() {
                for i in targetStarts[b]..<sequence.count {  // the output at i − 1 predicts sequence[i]
                    positions.append(b * t + i - 1)
                    labels.append(sequence[i])
                }
            }
            return ObjectiveBatch(inputIDs: ids, attentionMask: mask, positions: positions, labels: labels)
        }
    }

    /// Rows padded with [PAD] to the longest, and the 1/0 attention mask.
    static func padded(_ rows: [[Int]]) -> (ids: [[Int]], mask: [[Int]]) {
        EncoderClassifier.pad(rows, with: WordVocabulary.pad)
    }

    /// T5's input and target for `tokens` with the noise mask (see the header); each noise run
    /// becomes one sentinel, and the target ends with one more.
    public static func spanCorruption(_ tokens: [Int], noise: [Bool], sentinelBase: Int) -> (input: [Int], target: [Int]) {
        // exercise span-corruption: Build T5's input and target: each noise run becomes one sentinel in the input and is spelled out after that sentinel in the target.
        // hint: Walk the tokens once; a noise token that starts a run (the previous one was not noise) emits the next sentinel into both sequences.
        // hint: Kept tokens go to the input only, noise tokens to the target only.
        // hint: The target ends with one more sentinel (the next unused one, capped at the last sentinel id).
        // tests: ObjectivesTests/testSpanCorruptionOfTheHeaderExample, ObjectivesTests/testSpanBatchScoresTheTargetOnly
        var input: [Int] = [], target: [Int] = []
        var sentinel = 0
        for (i, token) in tokens.enumerated() {
            if noise[i] {
                if i == 0 || !noise[i - 1] {
                    input.append(sentinelBase + sentinel)
                    target.append(sentinelBase + sentinel)
                    sentinel += 1
                }
                target.append(token)
            } else {
                input.append(token)
            }
        }
        target.append(sentinelBase + min(sentinel, sentinels - 1))
        return (input, target)
        // end exercise span-corruption
    }

    /// T5's random_spans_noise_mask: round(rate · n) noise positions in round(noise / meanSpan)
    /// runs (at least 1 of each; capped so that every kept run is non-empty and sentinels suffice).
    public static func randomSpanMask(length n: Int, rate: Double, meanSpan: Double, rng: inout SplitMix64) -> [Bool] {
        guard n >= 2 else { return [Bool](repeating: false, count: n) }
        let noise = min(n - 1, max(1, Int((rate * Double(n)).rounded())))
        let spans = min(sentinels - 1, noise, n - noise, max(1, Int((Double(noise) / meanSpan).rounded())))
        let noiseRuns = randomPartition(noise, parts: spans, rng: &rng)
        let keptRuns = randomPartition(n - noise, parts: spans, rng: &rng)
        var mask: [Bool] = []
        for (kept, noisy) in zip(keptRuns, noiseRuns) {
            mask += [Bool](repeating: false, count: kept)
            mask += [Bool](repeating: true, count: noisy)
        }
        return mask
    }

    /// `total` cut into `parts` random positive parts (parts − 1 distinct cut points in 1..<total).
    static func randomPartition(_ total: Int, parts: Int, rng: inout SplitMix64) -> [Int] {
        let cuts = Array(rng.permutation(total - 1).prefix(parts - 1)).map { $0 + 1 }.sorted()
        let bounds = [0] + cuts + [total]
        return zip(bounds.dropFirst(), bounds).map { $0 - $1 }
    }
}
