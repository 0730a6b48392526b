// The held-out score against a naive one computed here (log-softmax in Double over the decoding
// forward, one window at a time), and bits per byte on a hand-worked example.

import Foundation
import Shared
import TestSupport
import Week17TinyGPT
import XCTest

final class EvaluationTests: XCTestCase {
    func testHeldOutScoreSumsTheNatsOfEveryTargetToken() throws {
        let config = TinyGPTConfig(vocabularySize: 19, context: 6, width: 16, layers: 1, heads: 2, dropout: 0.5)
        let model = try TinyGPT(config: config, seed: 3)
        var rng = SplitMix64(seed: 1)
        let tokens = (0..<40).map { _ in rng.nextInt(below: 19) }
        let windows = try TokenWindows(tokens: tokens, context: 6)
        let bytes: (Int) -> Int = { 1 + $0 % 3 }
        let score = try model.evaluate(windows.evaluationBatches(batchSize: 2), bytes: bytes)
        // naive: 6 windows of 6; each target's −log softmax from the window's own logits
        var nats = 0.0, byteCount = 0
        for k in 0..<6 {
            let inputs = Array(tokens[(6 * k)..<(6 * k + 6)]), targets = Array(tokens[(6 * k + 1)..<(6 * k + 7)])
            let logits = try model.gpt.logits(for: inputs).storage
            for t in 0..<6 {
                let row = logits[(19 * t)..<(19 * t + 19)].map(Double.init)
                let top = row.max()!
                let logSum = Foundation.log(row.map { Foundation.exp($0 - top) }.reduce(0, +)) + top
                nats += logSum - row[targets[t]]
                byteCount += bytes(targets[t])
            }
        }
        XCTAssertEqual(score.tokens, 36)
        XCTAssertEqual(score.bytes, byteCount)
        assertClose(score.nats, nats, rtol: 1e-5, "dropout is off and every target counts once")
        assertClose(score.natsPerToken, nats / 36, rtol: 1e-5)
    }

    func testBitsPerByteOnAHandWorkedExample() {
        // 4 tokens with 8 bits of loss in all (8 ln 2 nats), standing for 4 bytes: 2 bits/byte;
        // the same loss over 16 bytes (longer tokens): 0.5 bits/byte; per token 2 ln 2 nats (perplexity 4)
        let score = HeldOutScore(nats: 8 * log(2.0), tokens: 4, bytes: 4)
        assertClose(score.bitsPerByte, 2, rtol: 1e-12)
        assertClose(HeldOutScore(nats: 8 * log(2.0), tokens: 4, bytes: 16).bitsPerByte, 0.5, rtol: 1e-12)
        assertClose(HeldOutScore(nats: 3, tokens: 2, bytes: 5).bitsPerByte, 3 / log(2.0) / 5, rtol: 1e-12)
        assertClose(score.natsPerToken, 2 * log(2.0), rtol: 1e-12)
        assertClose(score.perplexity, 4, rtol: 1e-12)
    }
}
