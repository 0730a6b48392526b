// The dataset of a GPT: one long stream of token ids, cut into windows of T + 1 tokens. A window
// gives T inputs and the T targets shifted by one (the next token at every position), so one
// forward trains T predictions at once — the causal mask keeps position t from seeing t + 1…
//
//   tokens   … 17 4 99 250 8 31 …         window at s:  inputs  tokens[s ..< s + T]
//                                                       targets tokens[s + 1 ..< s + T + 1]
//
//   randomBatch    B windows at uniformly drawn starts s ∈ [0, count − T − 1] (nanoGPT's
//                  get_batch), from a caller's seeded generator: training
//   evaluation     consecutive non-overlapping windows from the start, s = 0, T, 2T, … (every
//                  target token scored once, each with the context of its own window): held-out loss
//
// What this file does not do: no document boundaries (an end-of-text token is the corpus's
// business), no padding (every window is full), no sliding-window evaluation with overlap.

import Foundation
import Shared

public enum TokenWindowsError: Error, CustomStringConvertible, Equatable {
    case tooShort(tokens: Int, context: Int)

    public var description: String {
        switch self {
        case let .tooShort(tokens, context):
            return "\(tokens) tokens cannot fill one window of context \(context) (it needs \(context + 1)); use more text or a shorter --context"
        }
    }
}

/// Inputs and next-token targets of B windows, each [B][T].
public struct WindowBatch: Sendable, Equatable {
    public var inputs: [[Int]]
    public var targets: [[Int]]

    public init(inputs: [[Int]], targets: [[Int]]) {
        self.inputs = inputs
        self.targets = targets
    }
}

public struct TokenWindows: Sendable {
    public let tokens: [Int]
    public let context: Int

    public init(tokens: [Int], context: Int) throws {
        guard context > 0, tokens.count > context else { throw TokenWindowsError.tooShort(tokens: tokens.count, context: context) }
        self.tokens = tokens
        self.context = context
    }

    /// The window at `start`: tokens[start ..< start + T] and the same shifted by one.
    public func window(at start: Int) -> (inputs: [Int], targets: [Int]) {
        // exercise token-window: Cut the window at `start` into its T input tokens and its T next-token targets.
        // hint: Both are T-long slices of the same stream; the targets start one token later.
        // hint: The last window starts at count − T − 1, so its last target is the stream's last token.
        // tests: TokenWindowsTests/testWindowsAreShiftedByOne, TokenWindowsTests/testEvaluationWindowsCoverTheStreamOnce
        let inputs = Array(tokens[start..<(start + context)])
        let targets = Array(tokens[(start + 1)..<(start + context + 1)])
        return (inputs, targets)
        // end exercise token-window
    }

    /// How many starts a random window can have: count − T.
    public var startCount: Int { tokens.count - context }

    /// B windows at random starts (nanoGPT's get_batch), drawn from `rng`.
    public func randomBatch(_ size: Int, rng: inout SplitMix64) -> WindowBatch {
        var batch = WindowBatch(inputs: [], targets: [])
        for _ in 0..<size {
            let w = window(at: rng.nextInt(below: startCount))
            batch.inputs.append(w.inputs)
            batch.targets.append(w.targets)
        }
        return batch
    }

    /// Non-overlapping windows s = 0, T, 2T, … (at most `limit`), grouped into batches of `batchSize`.
    public func evaluationBatches(batchSize: Int, limit: Int = .max) -> [WindowBatch] {
        let count = min(limit, (tokens.count - 1) / context)
        var batches: [WindowBatch] = []
        var start = 0
        while start < count {
            let end = min(count, start + batchSize)
            var batch = WindowBatch(inputs: [], targets: [])
            for k in start..<end {
                let w = window(at: k * context)
                batch.inputs.append(w.inputs)
                batch.targets.append(w.targets)
            }
            batches.append(batch)
            start = end
        }
        return batches
    }
}
