// A DataLoader (torch.utils.data.DataLoader's core): an epoch is an order of the example indices
// 0..<count, cut into batches, each turned into a training batch by a collate function.
//
//   order      shuffle: one Fisher–Yates permutation drawn from the loader's generator per epoch;
//              otherwise 0, 1, 2, …
//   batches    consecutive slices of `batchSize`; the last, shorter one is dropped with `dropLast`
//   collate    [Int] → Batch (e.g. gather rows of the image tensor and their labels)
//   prefetch   while the body trains on batch k, a background thread collates batch k + 1:
//
//       main:        collate 0 │ body(0)           │ body(1)           │ body(2) …
//       background:            │ collate 1 ──┐     │ collate 2 ──┐     │
//                                            └ wait ┘            └ wait ┘
//
// With or without prefetch the batches are the same values in the same order; only when they are
// built changes. A checkpoint resumes an epoch mid-way by saving the generator's snapshot from
// before the epoch's permutation (`epochStartSnapshot`) and the batch position; `resume` restores it.
//
// What this file does not do: no worker pool (one background thread, one batch ahead), no
// samplers beyond shuffle / in order, no pinned memory.

import Dispatch
import Foundation
import Shared

public final class DataLoader<Batch: Sendable> {
    public let count: Int
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public var prefetch: Bool
    public let collate: @Sendable ([Int]) throws -> Batch
    private var rng: SplitMix64
    /// The generator as it stood before the current epoch's permutation was drawn.
    public private(set) var epochStartSnapshot: [UInt64]

    public init(count: Int, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64,
                prefetch: Bool = true, collate: @escaping @Sendable ([Int]) throws -> Batch) throws {
        guard count > 0, batchSize > 0 else {
            throw DataLoaderError.invalid("a DataLoader needs at least one example and a positive batch size (got \(count), \(batchSize))")
        }
        guard !dropLast || batchSize <= count else {
            throw DataLoaderError.invalid("batch size \(batchSize) with drop-last leaves no batch of \(count) examples")
        }
        (self.count, self.batchSize, self.shuffle, self.dropLast) = (count, batchSize, shuffle, dropLast)
        (self.prefetch, self.collate) = (prefetch, collate)
        rng = SplitMix64(seed: seed)
        epochStartSnapshot = rng.snapshot
    }

    /// Batches in one epoch: ⌊count / B⌋ with drop-last, else ⌈count / B⌉.
    public var batchesPerEpoch: Int { dropLast ? count / batchSize : (count + batchSize - 1) / batchSize }

    /// The next epoch's batches of indices (draws the permutation when shuffling).
    public func nextEpoch() -> [[Int]] {
        epochStartSnapshot = rng.snapshot
        let order = shuffle ? rng.permutation(count) : Array(0..<count)
        return (0..<batchesPerEpoch).map { b in Array(order[(b * batchSize)..<Swift.min((b + 1) * batchSize, count)]) }
    }

    /// Puts the generator back to a saved `epochStartSnapshot`, so `nextEpoch()` repeats that epoch.
    public func resume(fromEpochStart snapshot: [UInt64]) throws {
        guard let restored = SplitMix64(snapshot: snapshot) else {
            throw DataLoaderError.invalid("a generator snapshot has 3 words, this one has \(snapshot.count)")
        }
        rng = restored
    }

    /// The generator now (after the current epoch's permutation): the next epoch's start.
    public var snapshot: [UInt64] { rng.snapshot }

    /// Runs `body(k, batch)` for the batches k in `range` (all by default) of `epoch` (from
    /// `nextEpoch()`), in order.
    public func forEach(_ epoch: [[Int]], range: Range<Int>? = nil, _ body: (Int, Batch) throws -> Void) throws {
        let range = (range ?? 0..<epoch.count).clamped(to: 0..<epoch.count)
        guard !range.isEmpty else { return }
        guard prefetch else {
            for k in range { try body(k, try collate(epoch[k])) }
            return
        }
        var current = try collate(epoch[range.lowerBound])
        for k in range {
            let next = k + 1 < range.upperBound ? Prefetch(collate, epoch[k + 1]) : nil
            try body(k, current)
            if let next { current = try next.wait() }
        }
    }
}

/// One batch being collated on a background thread.
final class Prefetch<Batch: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<Batch, any Error>?

    init(_ collate: @escaping @Sendable ([Int]) throws -> Batch, _ indices: [Int]) {
        group.enter()
        Thread.detachNewThread { [self] in
            result = Result { try collate(indices) }
            group.leave()
        }
    }

    /// The batch, once the background thread has finished it (rethrows its error).
    func wait() throws -> Batch {
        group.wait()
        return try result!.get()
    }
}

public enum DataLoaderError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case let .invalid(message): return message
        }
    }
}
