// Gradient checkpointing (Chen et al., "sublinear memory cost"; torch.utils.checkpoint): a
// segment of layers runs its forward without a tape, keeping only its input; backward runs the
// segment's forward again, this time with a tape, and back-propagates through it.
//
//   plain:         x ─► L1 ─► L2 ─► … ─► Ld ─► loss     every layer's output kept: O(d) activations
//   checkpointed:  x ─►[L1…Lk]─►[Lk+1…L2k]─► …          only segment inputs kept: O(d/k), plus
//                                                       one segment re-taped in backward: O(k)
//   k = √d gives O(√d) memory for one extra forward.
//
// `CheckpointedSequential` wraps a Sequential without copying it: the same Modules, so the same
// parameter names and the same parameters. Its segment op lists the segment's input and its
// parameters as inputs (so the node records whenever any needs a gradient); its backward re-runs
// the segment on a fresh leaf copy of the input (in the training mode of the forward) and calls
// backward on it with the incoming gradient, which accumulates straight into the parameters'
// `grad`, and hands back the leaf's gradient for the input. The recomputed forward does the same
// float operations in the same order, so the gradients equal the plain ones bit for bit.
//
// What it saves is measured by PeakMemory.swift (the process's resident high-water mark, one
// process per configuration).
//
// What this file does not do: no layers that draw random numbers (dropout would draw different
// masks when recomputed; torch saves the RNG state for that), no nesting, no recompute of
// individual ops (whole segments of a Sequential only).

import Week04MNIST

public final class CheckpointedSequential: Layer {
    public let model: Sequential
    /// Layers per segment.
    public let segmentLength: Int

    public init(_ model: Sequential, segmentLength: Int) {
        precondition(segmentLength >= 1, "a segment holds at least one layer")
        self.model = model
        self.segmentLength = segmentLength
    }

    /// √(layers), the memory-optimal segment length of the paper.
    public static func sqrtSegments(_ model: Sequential) -> CheckpointedSequential {
        CheckpointedSequential(model, segmentLength: Swift.max(1, Int(Double(model.layers.count).squareRoot().rounded())))
    }

    public var members: [ModuleMember] { model.members }

    public func callAsFunction(_ x: Variable) throws -> Variable {
        var h = x
        var start = 0
        let layers = model.layers.map(\.layer)
        while start < layers.count {
            let segment = Array(layers[start..<Swift.min(start + segmentLength, layers.count)])
            h = try Self.checkpoint(segment, h)
            start += segmentLength
        }
        return h
    }

    static func run(_ layers: [any Layer], _ x: Variable) throws -> Variable {
        var h = x
        for layer in layers { h = try layer(h) }
        return h
    }

    /// The segment's output with a tape of one node; backward recomputes the segment.
    static func checkpoint(_ layers: [any Layer], _ input: Variable) throws -> Variable {
        // exercise checkpoint-segment: Run a segment of layers without keeping its activations, and recompute them in backward to produce the same gradients.
        // hint: Without a tape (Autograd.isGradEnabled false) there is nothing to save: just run the layers.
        // hint: Forward under Autograd.noGrad on a detached copy of the input, and wrap the result in one Variable node whose inputs are the segment input and every parameter of the segment.
        // hint: Its backward re-runs the segment (in the training mode the forward saw) on a fresh leaf holding the input, calls backward with the incoming gradient — the parameters' grads accumulate by themselves — and returns the leaf's gradient for the input, nil for the parameters.
        // tests: CheckpointingTests/testCheckpointedGradientsEqualPlainGradients, CheckpointingTests/testInputGradientFlowsThroughSegments
        guard Autograd.isGradEnabled else { return try run(layers, input) }
        let parameters = layers.flatMap { $0.parameters }
        let training = TrainingMode.isTraining
        let output = try Autograd.noGrad { try run(layers, Variable(input.value)) }
        return Variable(op: "checkpoint", inputs: [input] + parameters, value: output.value) { g in
            let leaf = Variable(input.value, requiresGrad: input.requiresGrad)
            let recomputed = training ? try TrainingMode.training { try run(layers, leaf) } : try run(layers, leaf)
            try recomputed.backward(g)
            return [leaf.grad] + parameters.map { _ in nil }
        }
        // end exercise checkpoint-segment
    }
}
