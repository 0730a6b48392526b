// The character-level language model: embedding → LSTM (or GRU) → linear head over the vocabulary,
// trained with truncated BPTT, Adam and gradient-norm clipping, and sampled with a temperature.
//
// Per chunk of T steps (ids [T][B]):
//   e_t = E[ids_t]                     E: [V, D], e_t: [B, D]       (gatherRows: an embedding lookup)
//   h_t = cell(e_t, h_{t−1})           h_t: [B, H]                  (state carried in from the last chunk)
//   logits = concat_t(h_t) · W_outᵀ + b  [T·B, V]
//   L = mean over T·B of −log softmax(logits)[target]  (nats per character; perplexity = e^L)
// backward() runs BPTT through the T steps of this chunk only; the final state is then detached
// (its value is carried, its tape is not), which is what "truncated" means.
//
// What this file does not do: no dropout, no multi-layer LSTM, no built-in learning-rate schedule (the
// caller may pass one to CharTrainer.train).

import Foundation
import Shared
import Week04MNIST

public final class CharLM: Module {
    public let embedding: Variable  // [V, D]
    public let cell: RecurrentCell
    public let head: Linear         // [V, H]

    public init(vocabularySize: Int, embeddingSize: Int = 32, hiddenSize: Int, kind: CellKind = .lstm, rng: inout SplitMix64) {
        embedding = Variable(Initialization.normal([vocabularySize, embeddingSize], std: 0.1, using: &rng), requiresGrad: true)
        cell = RecurrentCell(kind, inputSize: embeddingSize, hiddenSize: hiddenSize, rng: &rng)
        head = Linear(hiddenSize, vocabularySize, rng: &rng)
    }

    public var members: [ModuleMember] { [.parameter("embedding", embedding), .child("cell", cell), .child("head", head)] }

    public var vocabularySize: Int { embedding.shape[0] }

    /// How a chunk runs through the cell: `.tape` unrolls RecurrentCell's ops step by step (the
    /// default, week 6's figures); `.fused` runs an LSTM chunk as one op (FusedLSTM.swift: the same
    /// equations, hand-written BPTT). A GRU always runs on the tape.
    public enum Engine: String, Sendable { case tape, fused }
    public var engine: Engine = .tape

    /// The logits of a chunk, rows t·B + b ([T·B, V]), and the state after its last step.
    public func logits(inputs: [[Int]], state: RecurrentState) throws -> (logits: Variable, state: RecurrentState) {
        if engine == .fused && cell.kind == .lstm {
            let x = try embedding.gatherRows(inputs.flatMap { $0 })  // [T·B, D]
            let (outputs, last) = try FusedLSTM.sequence(x, steps: inputs.count, cell: cell, from: state)
            return (try head(outputs), last)
        }
        let xs = try inputs.map { try embedding.gatherRows($0) }
        let (outputs, last) = try cell.unroll(xs, from: state)
        return (try head(try Variable.concat(outputs, axis: 0)), last)
    }

    /// Mean cross-entropy over a chunk, and the state after its last step.
    public func loss(inputs: [[Int]], targets: [[Int]], state: RecurrentState) throws -> (loss: Variable, state: RecurrentState) {
        let (logits, last) = try self.logits(inputs: inputs, state: state)
        return (try logits.crossEntropy(labels: targets.flatMap { $0 }), last)
    }

    /// Mean loss (nats/char) over up to `maxChunks` chunks of `ids`, state carried, no tape.
    public func evaluate(ids: [Int], batch: Int, steps: Int, maxChunks: Int) throws -> Double {
        try Autograd.noGrad {
            var batcher = try StreamBatcher(ids: ids, batch: batch, steps: steps)
            var state = cell.zeroState(batch: batch)
            var total = 0.0
            let chunks = min(maxChunks, batcher.chunksPerPass)
            for _ in 0..<chunks {
                let chunk = batcher.next()
                let (l, next) = try loss(inputs: chunk.inputs, targets: chunk.targets, state: state)
                total += Double(l.scalar)
                state = next
            }
            return total / Double(chunks)
        }
    }

    /// Feeds `prime`, then draws `length` ids from softmax(logits / temperature).
    public func sample(prime: [Int], length: Int, temperature: Double, rng: inout SplitMix64) throws -> [Int] {
        try Autograd.noGrad {
            var state = cell.zeroState(batch: 1)
            var logits = Tensor.zeros([1, vocabularySize])
            for id in prime {
                state = try cell(try embedding.gatherRows([id]), state)
                logits = try head(state.h).value
            }
            var out: [Int] = []
            for _ in 0..<length {
                let id = Self.draw(logits.storage, temperature: temperature, rng: &rng)
                out.append(id)
                state = try cell(try embedding.gatherRows([id]), state)
                logits = try head(state.h).value
            }
            return out
        }
    }

    /// One draw from softmax(z / temperature); temperature → 0 is argmax.
    public static func draw(_ z: [Float], temperature: Double, rng: inout SplitMix64) -> Int {
        guard temperature > 1e-6 else { return z.indices.max { z[$0] < z[$1] } ?? 0 }
        let m = Double(z.max() ?? 0)
        let weights = z.map { Foundation.exp((Double($0) - m) / temperature) }
        var u = rng.nextUnitDouble() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            u -= w
            if u <= 0 { return i }
        }
        return weights.count - 1
    }
}

public struct CharTrainingStep: Sendable {
    public let step: Int
    public let loss: Double
    public let gradientNorm: Double
}

public enum CharTrainer {
    /// `steps` Adam steps of truncated BPTT over the training streams; calls `progress` per step.
    /// `schedule` (optional) gives the lr of step t (from 1); without it the lr stays `lr`.
    public static func train(_ model: CharLM, ids: [Int], batch: Int, steps sequenceLength: Int, trainingSteps: Int,
                             lr: Float = 3e-3, maxNorm: Float = 1,
                             progress: (CharTrainingStep) -> Void = { _ in },
                             schedule: ((Int) -> Float)? = nil) throws -> [CharTrainingStep] {
        let loop = TrainingLoop(model: model, optimizer: Adam(model.parameters, lr: lr), maxGradientNorm: maxNorm,
                                schedule: schedule)
        var batcher = try StreamBatcher(ids: ids, batch: batch, steps: sequenceLength)
        var state = model.cell.zeroState(batch: batch)
        var history: [CharTrainingStep] = []
        try loop.fit(steps: max(trainingSteps, 1), loss: { _ in
            let chunk = batcher.next()
            if chunk.wrapped { state = model.cell.zeroState(batch: batch) }
            let (loss, last) = try model.loss(inputs: chunk.inputs, targets: chunk.targets, state: state)
            state = last.detached()  // the next chunk starts where this one ended (truncated BPTT)
            return loss
        }, log: { step in
            let record = CharTrainingStep(step: step.step, loss: Double(step.loss), gradientNorm: step.gradientNorm ?? 0)
            history.append(record)
            progress(record)
        })
        return history
    }
}
