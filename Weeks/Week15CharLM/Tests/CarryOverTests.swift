// State carry-over: a chunk of 2T run at once gives the same logits and final state as two
// chunks of T with the first one's final state passed (detached, as in training) to the second,
// for the LSTM on both engines and for the GRU; and the stream batcher hands the second chunk
// exactly the characters that follow the first in every stream.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import XCTest

final class CarryOverTests: XCTestCase {
    func model(_ kind: CellKind, fused: Bool) -> CharLM {
        var rng = SplitMix64(seed: 151)
        let model = CharLM(vocabularySize: 11, embeddingSize: 5, hiddenSize: 7, kind: kind, rng: &rng)
        model.engine = fused ? .fused : .tape
        return model
    }

    func testTwoChunksEqualOneLongSequence() throws {
        var rng = SplitMix64(seed: 152)
        let (batch, t) = (3, 8)
        let ids = (0..<(2 * t)).map { _ in (0..<batch).map { _ in rng.nextInt(below: 11) } }
        for (kind, fused) in [(CellKind.lstm, false), (.lstm, true), (.gru, false)] {
            let m = model(kind, fused: fused)
            let whole = try m.logits(inputs: ids, state: m.cell.zeroState(batch: batch))
            let first = try m.logits(inputs: Array(ids[..<t]), state: m.cell.zeroState(batch: batch))
            let second = try m.logits(inputs: Array(ids[t...]), state: first.state.detached())
            let joined = first.logits.value.storage + second.logits.value.storage
            assertClose(joined, whole.logits.value.storage, rtol: 1e-6, atol: 1e-7, "\(kind) fused \(fused)")
            assertClose(second.state.h.value, whole.state.h.value, rtol: 1e-6, atol: 1e-7)
            // Without the carried state the second chunk differs: the test can see a dropped state.
            let fresh = try m.logits(inputs: Array(ids[t...]), state: m.cell.zeroState(batch: batch))
            let gap = zip(fresh.logits.value.storage, second.logits.value.storage).map { abs($0 - $1) }.max() ?? 0
            XCTAssertGreaterThan(gap, 1e-3, "\(kind)")
        }
    }

    func testBatcherContinuesEachStream() throws {
        let ids = Array(0..<41)  // 2 streams of 20, chunks of 5
        var batcher = try StreamBatcher(ids: ids, batch: 2, steps: 5)
        let a = batcher.next(), b = batcher.next()
        XCTAssertEqual(a.inputs.map { $0[0] }, [0, 1, 2, 3, 4])
        XCTAssertEqual(b.inputs.map { $0[0] }, [5, 6, 7, 8, 9])
        XCTAssertEqual(b.inputs.map { $0[1] }, [25, 26, 27, 28, 29])
        XCTAssertEqual(b.targets.map { $0[1] }, [26, 27, 28, 29, 30])
    }
}
