// `train` (the default): the baselines first (unigram, KN n-gram on the same split), then the char
// model with truncated BPTT (state carried across chunks, reset when the streams wrap), Adam under
// warm-up + cosine (week 13's LRSchedule), gradient-norm clipping with ‖g‖ logged every step, a
// held-out evaluation every --eval-every steps, the final table on every held-out chunk, samples
// at each temperature, the checkpoint and two plots (loss / held-out bits, ‖g‖).

import Foundation
import Shared
import Week04MNIST
import Week06Sequences
import Week13Modules
import Week15CharLM

enum TrainCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let (hidden, embedding, steps) = (invocation.int("hidden"), invocation.int("embedding"), invocation.int("steps"))
        let (batch, length, seed) = (invocation.int("batch-size"), invocation.int("length"), invocation.int("seed"))
        let (lr, clip, evalEvery) = (invocation.double("lr"), invocation.double("clip"), invocation.int("eval-every"))
        let kind = CellKind(rawValue: invocation.string("cell")) ?? .lstm
        let order = invocation.int("order")
        let out = Week15CommandLine.file(invocation.string("out"))
        let start = Timing.now()

        let split = try Week15CommandLine.split(invocation)
        let v = split.vocabulary.count
        let validationBatch = max(1, min(batch, (split.validation.count - 1) / length))
        if !json {
            print("Python docs (\(invocation.string("sections"))): train \(split.trainFiles.count) files, \(split.train.count) bytes; held out \(split.validationFiles.count) files (every \(invocation.int("hold-out-every"))th), \(split.validation.count) bytes; vocabulary \(v)")
        }
        let baselineStart = Timing.now()
        let baselines = try Baselines.scores(split, orders: [order])
        let baselineSeconds = Timing.now() - baselineStart
        let ngramBits = baselines.last?.bits ?? .nan
        if !json { print(String(format: "baselines in %.1f s: unigram %.3f bits/char, %d-gram KN %.3f bits/char", baselineSeconds, baselines[0].bits, order, ngramBits)) }

        var rng = SplitMix64(seed: UInt64(seed))
        let model = CharLM(vocabularySize: v, embeddingSize: embedding, hiddenSize: hidden, kind: kind, rng: &rng)
        model.engine = .fused  // the LSTM's chunk as one op; a GRU stays on the tape
        let schedule = LRSchedule.warmupCosine(maxLR: lr, minLR: lr / 10, warmup: min(100, steps / 10), decaySteps: steps)
        if !json {
            print("\(kind.rawValue.uppercased()): embedding \(embedding) → \(hidden) → \(v), \(model.parameterCount) parameters; batch \(batch) × \(length), Adam \(lr) warm-up + cosine, clip \(clip), \(steps) steps, seed \(seed)")
        }
        var evaluations: [(step: Int, bits: Double)] = []
        let bar = json ? nil : ProgressBar("training", total: steps)
        let trainStart = Timing.now()
        var evaluationError: Error?
        let history = try CharTrainer.train(model, ids: split.train, batch: batch, steps: length, trainingSteps: steps,
                                            lr: Float(lr), maxNorm: Float(clip), progress: { record in
            if record.step % evalEvery == 0 || record.step == steps {
                do {
                    let nats = try model.evaluate(ids: split.validation, batch: validationBatch, steps: length, maxChunks: 8)
                    evaluations.append((record.step, nats / log(2.0)))
                    if json {
                        print(JSONText.line([("step", .int(record.step)), ("train_loss", .number(record.loss)),
                                             ("gradient_norm", .number(record.gradientNorm)), ("heldout_bits_per_char_partial", .number(nats / log(2.0)))]))
                    }
                } catch { evaluationError = error }
            }
            if record.step % 5 == 0 || record.step == steps {
                let bits = evaluations.last.map { String(format: "  held-out %.3f bits", $0.bits) } ?? ""
                bar?.update(record.step, note: String(format: "loss %.3f  ‖g‖ %.2f", record.loss, record.gradientNorm) + bits)
            }
        }, schedule: { Float(schedule.lr(at: $0 - 1)) })
        if let evaluationError { throw evaluationError }
        let trainSeconds = Timing.now() - trainStart
        bar?.finish(note: String(format: "%.1f s", trainSeconds))

        let heldOut = ModelScore(name: "\(kind.rawValue.uppercased()) \(hidden)",
                                 nats: try model.evaluate(ids: split.validation, batch: validationBatch, steps: length, maxChunks: Int.max))
        var samples: [(Double, String)] = []
        let prime = try split.vocabulary.encode(Array("The ".utf8))
        for temperature in invocation.doubles("temperatures") {
            var sampleRNG = SplitMix64(seed: UInt64(seed) &+ 100)
            let ids = try model.sample(prime: prime, length: invocation.int("sample-length"), temperature: temperature, rng: &sampleRNG)
            samples.append((temperature, split.vocabulary.decode(prime + ids)))
        }
        try CharCheckpoint.save(model, vocabulary: split.vocabulary, to: out,
                                extra: ["steps": String(steps), "heldout_bits_per_char": String(format: "%.4f", heldOut.bits)])
        let plots = try savePlots(history: history, evaluations: evaluations, ngramBits: ngramBits, order: order)
        let total = Timing.now() - start
        let rows = baselines + [heldOut]
        if json {
            print(JSONText.line([("command", .string("train")), ("cell", .string(kind.rawValue)), ("steps", .int(steps)), ("seed", .int(seed)),
                                 ("heldout_bits_per_char", .number(heldOut.bits)), ("heldout_perplexity", .number(heldOut.perplexity)),
                                 ("ngram_bits_per_char", .number(ngramBits)), ("unigram_bits_per_char", .number(baselines[0].bits)),
                                 ("beats_ngram", .bool(heldOut.bits < ngramBits)), ("train_seconds", .number(trainSeconds)),
                                 ("seconds_per_step", .number(trainSeconds / Double(steps))), ("total_seconds", .number(total)),
                                 ("samples", .array(samples.map { .string($0.1) }))]))
            return
        }
        var table = TextTable(["held-out files", "nats/char", "bits/char", "perplexity"])
        for row in rows {
            table.add([row.name, String(format: "%.3f", row.nats), String(format: "%.3f", row.bits), String(format: "%.2f", row.perplexity)])
        }
        print(table.render())
        let verdict = heldOut.bits < ngramBits ? "beats" : "does NOT beat"
        print(String(format: "the %@ %@ the %d-gram by %.3f bits/char; training %.1f s (%.1f ms/step), whole run %.1f s",
                     kind.rawValue.uppercased(), verdict, order, ngramBits - heldOut.bits, trainSeconds, 1000 * trainSeconds / Double(steps), total))
        for (temperature, text) in samples { print("sample, temperature \(temperature):\n----\n\(text)\n----") }
        print("wrote \(Project.display(out)), " + plots.map(Project.display).joined(separator: ", "))
    }

    static func savePlots(history: [CharTrainingStep], evaluations: [(step: Int, bits: Double)], ngramBits: Double, order: Int) throws -> [URL] {
        let output = try Project.outputDirectory("Week15CharLM")
        let steps = history.map { Double($0.step) }
        let last = Double(history.last?.step ?? 1)
        let curve = output.appendingPathComponent("charlm-bits.svg")
        try SVGPlot.save(SVGPlot.line(title: "bits per character", xLabel: "step", yLabel: "bits/char",
                                      series: [Series(name: "train chunk", x: steps, y: history.map { $0.loss / log(2.0) }),
                                               Series(name: "held-out (first 8 chunks)", x: evaluations.map { Double($0.step) }, y: evaluations.map(\.bits)),
                                               Series(name: "\(order)-gram KN (held-out)", x: [1, last], y: [ngramBits, ngramBits])]),
                         to: curve)
        let norms = output.appendingPathComponent("charlm-gradient-norm.svg")
        try SVGPlot.save(SVGPlot.line(title: "gradient norm before clipping", xLabel: "step", yLabel: "‖g‖",
                                      series: [Series(name: "‖g‖", x: steps, y: history.map(\.gradientNorm))]),
                         to: norms)
        return [curve, norms]
    }
}
