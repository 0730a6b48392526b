// Splitting a loop between the machine's cores, for the element-wise tails of layers (GELU,
// softmax, LayerNorm rows) that would otherwise leave the second core to spin while BLAS waits.
// Each part owns a contiguous range, so the results are bit-identical to the serial loop; small
// jobs stay on the calling thread, where a thread hand-off would cost more than it saves.

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
}
