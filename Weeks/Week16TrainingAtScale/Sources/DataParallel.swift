// Data parallelism over a ProcessGroup (Goyal et al.'s recipe, torch DDP's semantics): every
// worker holds the same replica and the same loader state, so every worker sees the same global
// batch; worker r takes its rows, and the replicas stay equal because they apply the same
// all-reduced gradient.
//
//   global batch B (same order on every rank, week 13's seeded DataLoader)
//   rank r: rows [r·B/N, (r+1)·B/N) ─► loss_r = mean CE over its rows · (rows_r / B)
//   backward ─► g_r = ∂loss_r/∂θ ─► all-reduce: g = Σ_r g_r = ∂(mean CE over B)/∂θ ─► AdamW
//
// Σ_r (rows_r/B) · mean_r = mean over B, so N workers take the step one worker takes on the whole
// batch; only the order of the float additions differs (equal within rounding, not bit for bit).
// The step's loss travels in the same all-reduce as the gradients (one extra element), so every
// rank logs the global batch's loss.
//
// What this file does not do: no overlap of the all-reduce with backward (DDP's buckets), no
// gradient compression, no uneven shards beyond ±1 row.

import Shared
import Week04MNIST
import Week13Modules

public final class DataParallelTrainer {
    public let group: ProcessGroup
    public let run: TrainingRun
    /// The global batch's mean loss of the last step (what one worker would have logged).
    public private(set) var lastLoss: Float = .nan
    private var shardLoss: Float = .nan
    /// Seconds spent in all-reduce so far.
    public private(set) var allReduceSeconds = 0.0

    /// Sets `run` up as rank `group.rank`: it wraps the run's batch loss (keep any reduced-precision
    /// loss installed before) and puts the all-reduce before any existing `afterBackward`.
    public init(run: TrainingRun, group: ProcessGroup) throws {
        guard run.settings.batchSize >= group.worldSize else {
            throw ClusterError.badEnvironment("batch size \(run.settings.batchSize) is smaller than WORLD_SIZE \(group.worldSize)")
        }
        self.run = run
        self.group = group
        let inner = run.batchLoss, previousHook = run.loop.afterBackward
        let (rank, size) = (group.rank, group.worldSize)
        let parameters = run.model.parameters
        run.batchLoss = { [unowned self] batch in
            let rows = Self.shard(batch.labels.count, rank: rank, worldSize: size)
            let mine = ImageBatch(x: try batch.x.rows(rows), labels: Array(batch.labels[rows]))
            let fraction = Float(rows.count) / Float(batch.labels.count)
            let loss = try inner(mine).scaled(fraction)
            shardLoss = loss.scalar
            return loss
        }
        run.loop.afterBackward = { [unowned self] in
            let start = Timing.now()
            var flat = Self.flatten(parameters)
            flat.append(shardLoss)
            try group.allReduceSum(&flat)
            lastLoss = flat.removeLast()
            try Self.unflatten(flat, into: parameters)
            allReduceSeconds += Timing.now() - start
            return try previousHook?() ?? true
        }
    }

    /// Rows of a batch of `count` that `rank` of `worldSize` takes.
    public static func shard(_ count: Int, rank: Int, worldSize: Int) -> Range<Int> {
        ProcessGroup.chunk(rank, of: worldSize, count: count)
    }

    /// Every parameter's gradient (zeros where there is none) in one buffer, in parameter order.
    static func flatten(_ parameters: [Variable]) -> [Float] {
        var flat: [Float] = []
        flat.reserveCapacity(parameters.reduce(1) { $0 + $1.value.count })
        for p in parameters {
            if let g = p.grad { flat += g.storage } else { flat += [Float](repeating: 0, count: p.value.count) }
        }
        return flat
    }

    static func unflatten(_ flat: [Float], into parameters: [Variable]) throws {
        var offset = 0
        for p in parameters {
            let n = p.value.count
            p.grad = try Tensor(shape: p.shape, storage: Array(flat[offset..<(offset + n)]))
            offset += n
        }
    }
}
