// `memory`: one forward and backward of a deep MLP (784 → depth × width → 10, ReLU) on a random
// batch, plain or in checkpointed segments (three times: the median time is reported), then this
// process's peak resident memory (VmHWM).
// The tour runs it once per configuration in a fresh process, so each peak is that
// configuration's alone. Weights, gradients and the batch are the same in both modes; the
// difference is the activations the tape keeps.

import Foundation
import Shared
import Week04MNIST
import Week16TrainingAtScale

enum MemoryCommand {
    static func run(_ invocation: Invocation) throws {
        let (depth, width, batch) = (invocation.int("depth"), invocation.int("width"), invocation.int("batch-size"))
        var rng = SplitMix64(seed: UInt64(invocation.int("seed")))
        let model = MLP.make(sizes: [784] + Array(repeating: width, count: depth) + [10], rng: &rng)
        let x = Tensor.randomUniform([batch, 784], using: &rng)
        let labels = (0..<batch).map { $0 % 10 }
        let segment = invocation.optionalInt("segment")
        let layer: any Layer = segment.map { CheckpointedSequential(model, segmentLength: $0) } ?? model
        // One step; the tape lives inside this call only, so a step never overlaps the previous one's.
        func step() throws -> Float {
            model.zeroGrad()
            let loss = try TrainingMode.training { try layer(Variable(x)).crossEntropy(labels: labels) }
            try loss.backward()
            return loss.scalar
        }
        var times: [Double] = [], lossValue: Float = 0
        for _ in 0..<3 {  // the same step three times: the median time; the peak is any one step's
            let start = Timing.now()
            lossValue = try step()
            times.append(Timing.now() - start)
        }
        let seconds = times.sorted()[1]
        guard let memory = PeakMemory.resident() else { throw UsageError("peak memory needs Linux's /proc/self/status") }
        let gradientSum = model.parameters.reduce(0.0) { $0 + ($1.grad?.storage.reduce(0.0) { $0 + Double($1) } ?? 0) }
        if invocation.flag("json") {
            print(JSONText.line([("depth", .int(depth)), ("width", .int(width)), ("batch", .int(batch)),
                                 ("segment", segment.map { .int($0) } ?? .null), ("peak_bytes", .int(memory.peak)),
                                 ("seconds", .number(seconds)), ("loss", .float(lossValue)), ("gradient_sum", .number(gradientSum))]))
        } else {
            print(String(format: "depth %d, width %d, batch %d, %@: peak resident %.1f MB, step %.3f s, loss %.6f",
                         depth, width, batch, segment.map { "segments of \($0)" } ?? "no checkpointing",
                         Double(memory.peak) / 1e6, seconds, lossValue))
        }
    }
}
