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
//   items      whole jobs, one worker per core taking the next job when done (inside them,
//              forRanges stays serial and BLAS uses one thread).

import Foundation

public enum Parallel {
    /// Parts a loop is split into: the active cores, at most 2 (the machines this course targets).
    public static let parts = Swift.max(1, Swift.min(2, ProcessInfo.processInfo.activeProcessorCount))

    /// True inside `Parallel.items`' workers: every core already has a worker, so `forRanges`
    /// runs its loop on the calling thread instead of splitting it again.
    @TaskLocal public static var serial = false

    /// Calls `body(i)` for every i in 0..<count, on one worker per core that takes the next i as
    /// it finishes the last (so unequal items balance), with OpenBLAS on one thread and `forRanges`
    /// serial inside: whole independent jobs side by side (week 8's embedding batches), where
    /// splitting each job's loops and GEMMs over the cores would make them wait for each other.
    /// The first error thrown stops the workers taking new items and is rethrown. Process-wide
    /// (BLAS's thread count), so nothing else may use BLAS meanwhile.
    public static func items(_ count: Int, _ body: (Int) throws -> Void) throws {
        let workers = Swift.min(parts, count)
        guard workers > 1 else {
            for i in 0..<count { try body(i) }
            return
        }
        let state = ItemQueue(count: count)
        try BLAS.singleThreaded {
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let work = body  // the caller's items are independent jobs
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    Parallel.$serial.withValue(true) {
                        while let i = state.next() {
                            do { try work(i) } catch { state.fail(error) }
                        }
                    }
                }
            }
            if let error = state.error { throw error }
        }
    }

    /// Calls `body` on disjoint ranges that cover 0..<count — in parallel when count × costPerItem
    /// (roughly, floating-point operations) is at least 65,536, else once, on this thread.
    public static func forRanges(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let n = !serial && count > 1 && count * costPerItem >= 1 << 16 ? Swift.min(parts, count) : 1
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

/// The next item for `Parallel.items`' workers, and the first error one of them hit.
private final class ItemQueue: @unchecked Sendable {  // every field is read and written under `lock`
    private let lock = NSLock()
    private let count: Int
    private var taken = 0
    private var firstError: (any Error)?

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard firstError == nil, taken < count else { return nil }
        taken += 1
        return taken - 1
    }

    func fail(_ error: any Error) {
        lock.lock()
        if firstError == nil { firstError = error }
        lock.unlock()
    }

    var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return firstError
    }
}
