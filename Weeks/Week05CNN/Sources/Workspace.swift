// Scratch memory a layer keeps from one batch to the next.
//
// Why: a training step of the simple CNN moves ~100 MB through im2col matrices, GEMM outputs and
// their gradients. Allocating those as fresh arrays every batch costs page faults and zero-fills
// that rival the GEMMs themselves, so each convolution owns a `ConvWorkspace` whose buffers grow
// to the largest batch seen and are then reused. Only the tensors that leave the op (its output,
// the gradients it returns) are allocated per batch.
//
// The rule that keeps reuse safe: a workspace holds the state of the layer's *latest* forward
// pass. A backward closure remembers the workspace's `generation` at its forward pass; if the
// layer ran forward again in between (two calls before one backward, as a gradient check does),
// the closure recomputes what it needs from its captured input instead of reading stale buffers.
//
// The memory-bound loops between the GEMMs run on both cores through Shared's `Parallel.split`
// (two halves on two threads; OpenBLAS threads the GEMMs themselves), with Shared's
// `SharedPointer`/`SharedConstPointer` carrying the buffers into the worker threads.

import Dispatch
import Shared

/// A grow-only Float buffer (contents are undefined after `reserve`).
public final class ScratchBuffer: @unchecked Sendable {
    public private(set) var pointer: UnsafeMutablePointer<Float>
    public private(set) var capacity: Int

    public init() {
        pointer = .allocate(capacity: 1)
        capacity = 1
    }

    deinit { pointer.deallocate() }

    /// At least `count` floats; the old contents are dropped when it grows.
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            pointer.deallocate()
            pointer = .allocate(capacity: count)
            capacity = count
        }
        return pointer
    }
}

/// The buffers of one convolution layer (see the file header for the reuse rule).
public final class ConvWorkspace: @unchecked Sendable {
    /// im2col(x) of the latest forward pass, [C·k·k, B·outH·outW]; kept for ∂W.
    public let cols = ScratchBuffer()
    /// The forward GEMM's output [O, B·outH·outW], and in backward ∂L/∂Y in the same layout.
    public let product = ScratchBuffer()
    /// ∂cols = Wᵀ · G in backward.
    public let dCols = ScratchBuffer()
    /// Increments at every forward pass.
    public private(set) var generation = 0

    public init() {}

    func nextGeneration() -> Int {
        generation += 1
        return generation
    }
}
