// Splitting a loop between the machine's cores, for the element-wise tails of layers (GELU,
// softmax, LayerNorm rows) that would otherwise leave the second core to spin while BLAS waits.
// Each part owns a contiguous range, so the results are bit-identical to the serial loop; small
// jobs stay on the calling thread, where a thread hand-off would cost more than it saves.
//
// Two splits, kept apart because they cut ranges differently (a caller whose per-part work is
// not independent of where the cut falls would see different results if one replaced the other):
//   forRanges  min(2, active cores) parts of ⌈count / parts⌉ items; the first part is the larger.
//   split      always two halves, 0..<count/2 and count/2..<count (the second is the larger),
//              even on one core; week 5's convolution, pooling and batch-norm kernels use it.

import Foundation

public enum Parallel {
    /// Parts a loop is split into: the active cores, at most 2 (the machines this course targets).
    public static let parts = Swift.max(1, Swift.min(2, ProcessInfo.processInfo.activeProcessorCount))

    /// Calls `body` on disjoint ranges that cover 0..<count — in parallel when count × costPerItem
    /// (roughly, floating-point operations) is at least 65,536, else once, on this thread.
    public static func forRanges(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let n = count > 1 && count * costPerItem >= 1 << 16 ? Swift.min(parts, count) : 1
        if n == 1 {
            body(0..<count)
            return
        }
        let step = (count + n - 1) / n
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body  // the ranges are disjoint: no shared mutable state
            DispatchQueue.concurrentPerform(iterations: n) { p in
                work((p * step)..<Swift.min(count, (p + 1) * step))
            }
        }
    }

    /// Calls `body` on the two halves of 0..<count on two threads when count ≥ 2 and
    /// count × work is at least 65,536, else once with 0..<count, on this thread.
    public static func split(_ count: Int, work: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count >= 2, count * work >= 1 << 16 else {
            body(0..<count)
            return
        }
        let half = count / 2
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            body(part == 0 ? 0..<half : half..<count)
        }
    }
}
