// `compare`: week 15's character LSTM (week 6's CharLM, fused engine, truncated BPTT, Adam,
// warm-up + cosine, clip 1) and this GPT (BPE) at about the same parameter count (--parameters)
// and the same training time (--seconds each), scored on the same held-out bytes in bits/byte —
// the unit that compares a byte model with a BPE model. Each model's step count is set from a
// short timing probe so its schedule ends when its time does.

import Foundation
import Shared
import Week04MNIST
import Week06Sequences
import Week13Modules
import Week17TinyGPT

enum CompareCommand {
    struct Row {
        var name: String, parameters: Int, steps: Int, seconds: Double, bitsPerByte: Double
    }

    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let (budget, target, seed) = (invocation.double("seconds"), invocation.int("parameters"), UInt64(invocation.int("seed")))
        let corpus = try Corpus.load(invocation, quiet: json)
        var rows: [Row] = []

        // The GPT: 4 layers × 4 heads, the width whose parameter count is closest to the target.
        let widths = stride(from: 16, through: 1024, by: 8)
        let vocabulary = corpus.tokenizer.vocabularySize
        func gptConfig(_ width: Int) -> TinyGPTConfig {
            TinyGPTConfig(vocabularySize: vocabulary, context: 64, width: width, layers: 4, heads: 4)
        }
        let width = widths.min { abs(gptConfig($0).parameterCount - target) < abs(gptConfig($1).parameterCount - target) }!
        let config = gptConfig(width)
        let data = try TokenWindows(tokens: corpus.train, context: 64)
        let gptSteps = try probeSteps(budget: budget) { steps in
            try GPTRun(settings: GPTRunSettings(model: config, batchSize: 16, steps: steps, maxLR: 2e-3, warmup: 0, seed: seed), data: data).train()
        }
        let run = try GPTRun(settings: GPTRunSettings(model: config, batchSize: 16, steps: gptSteps, maxLR: 2e-3,
                                                      warmup: min(100, gptSteps / 10), seed: seed), data: data)
        if !json { print("GPT: \(config.summary); \(gptSteps) steps in the budget") }
        let gptBar = json ? nil : ProgressBar("GPT", total: gptSteps)
        let gptStart = Timing.now()
        try run.train { gptBar?.update($0.step, note: String(format: "loss %.3f", $0.loss)) }
        let gptSeconds = Timing.now() - gptStart
        gptBar?.finish()
        let lengths = corpus.byteLengths
        let gptScore = try run.model.evaluate(try TokenWindows(tokens: corpus.heldOut, context: 64).evaluationBatches(batchSize: 32),
                                              bytes: { lengths[$0] })
        rows.append(Row(name: "GPT (BPE \(vocabulary))", parameters: run.model.parameterCount, steps: gptSteps, seconds: gptSeconds,
                        bitsPerByte: gptScore.bitsPerByte))

        // The LSTM on the same bytes: embedding 32, the hidden size closest to the target.
        let split = corpus.split
        let bytes = Vocabulary(text: split.train + split.heldOut)
        let (train, heldOut) = (try bytes.encode(split.train), try bytes.encode(split.heldOut))
        func lstmParameters(_ h: Int) -> Int { bytes.count * 32 + 4 * h * (32 + h) + 8 * h + h * bytes.count + bytes.count }
        let hidden = stride(from: 8, through: 2048, by: 8).min { abs(lstmParameters($0) - target) < abs(lstmParameters($1) - target) }!
        func lstm() -> CharLM {
            var rng = SplitMix64(seed: seed)
            let model = CharLM(vocabularySize: bytes.count, embeddingSize: 32, hiddenSize: hidden, rng: &rng)
            model.engine = .fused
            return model
        }
        let lstmSteps = try probeSteps(budget: budget) { steps in
            _ = try CharTrainer.train(lstm(), ids: train, batch: 32, steps: 64, trainingSteps: steps, lr: 4e-3)
        }
        let model = lstm()
        if !json { print("LSTM: embedding 32 → \(hidden) → \(bytes.count) bytes, \(model.parameterCount) parameters; \(lstmSteps) steps in the budget") }
        let schedule = LRSchedule.warmupCosine(maxLR: 4e-3, minLR: 4e-4, warmup: min(100, lstmSteps / 10), decaySteps: lstmSteps)
        let lstmBar = json ? nil : ProgressBar("LSTM", total: lstmSteps)
        let lstmStart = Timing.now()
        _ = try CharTrainer.train(model, ids: train, batch: 32, steps: 64, trainingSteps: lstmSteps, lr: 4e-3, maxNorm: 1,
                                  progress: { lstmBar?.update($0.step, note: String(format: "loss %.3f", $0.loss)) },
                                  schedule: { Float(schedule.lr(at: $0 - 1)) })
        let lstmSeconds = Timing.now() - lstmStart
        lstmBar?.finish()
        let nats = try model.evaluate(ids: heldOut, batch: 32, steps: 64, maxChunks: Int.max)
        rows.append(Row(name: "LSTM (bytes)", parameters: model.parameterCount, steps: lstmSteps, seconds: lstmSeconds, bitsPerByte: nats / log(2.0)))

        if json {
            for row in rows {
                print(JSONText.line([("command", .string("compare")), ("model", .string(row.name)), ("parameters", .int(row.parameters)),
                                     ("steps", .int(row.steps)), ("train_seconds", .number(row.seconds)),
                                     ("heldout_bits_per_byte", .number(row.bitsPerByte))]))
            }
            return
        }
        var table = TextTable(["model", "parameters", "steps", "train s", "held-out bits/byte"])
        for row in rows {
            table.add([row.name, String(row.parameters), String(row.steps), String(format: "%.0f", row.seconds), String(format: "%.3f", row.bitsPerByte)])
        }
        print(table.render())
        let (g, l) = (rows[0].bitsPerByte, rows[1].bitsPerByte)
        print(String(format: "at ~%d parameters and %.0f s each, the %@ is better by %.3f bits/byte", target, budget, g < l ? "GPT" : "LSTM", abs(g - l)))
    }

    /// Steps that fit `budget` seconds: times a 12-step run (the first 2 steps as warm-up).
    static func probeSteps(budget: Double, _ train: (Int) throws -> Void) throws -> Int {
        try train(2)
        let start = Timing.now()
        try train(12)
        let perStep = (Timing.now() - start) / 12
        return max(10, Int(budget / perStep))
    }
}
