// `train` (the default): BPE on the training documents, then the GPT — AdamW (decay on the ≥ 2-D
// tensors), warm-up + cosine, clipping, dropout — on random windows, with a held-out evaluation,
// a sample and a checkpoint every --eval-every steps; at the end the whole held-out side scored
// (nats/token, bits/byte, perplexity), samples, the checkpoint and the loss curve (SVG).
// `--resume` continues the run saved in --out with its own settings and tokenizer.

import Foundation
import Shared
import Week04MNIST
import Week08LLMEngineering
import Week17TinyGPT

enum TrainCommand {
    static let prompts = ["The", "def", "- gh-issue-"]

    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let folder = Week17CommandLine.file(invocation.string("out"))
        let start = Timing.now()
        let tokenizerURL = folder.appendingPathComponent(Week17CommandLine.tokenizerFile)
        let resuming = invocation.flag("resume")
        let savedTokenizer = resuming ? try BPETokenizer.load(tokenizerURL) : nil
        let corpus = try Corpus.load(invocation, tokenizer: savedTokenizer, quiet: json)
        let run: GPTRun
        if resuming {
            let context = try GPTRunSettings(metadata: try Safetensors.read(folder.appendingPathComponent(GPTRun.trainingFile)).metadata,
                                             path: folder.path).model.context
            run = try GPTRun.resume(from: folder, data: try TokenWindows(tokens: corpus.train, context: context))
        } else {
            let model = TinyGPTConfig(vocabularySize: corpus.tokenizer.vocabularySize, context: invocation.int("context"),
                                      width: invocation.int("width"), layers: invocation.int("layers"), heads: invocation.int("heads"),
                                      dropout: Float(invocation.double("dropout")))
            guard model.width % model.heads == 0 else {
                throw UsageError("--width \(model.width) is not divisible by --heads \(model.heads)")
            }
            let settings = GPTRunSettings(model: model, batchSize: invocation.int("batch-size"), steps: invocation.int("steps"),
                                          maxLR: invocation.double("lr"), warmup: invocation.int("warmup"),
                                          weightDecay: invocation.double("weight-decay"), clip: invocation.double("clip"),
                                          seed: UInt64(invocation.int("seed")))
            run = try GPTRun(settings: settings, data: try TokenWindows(tokens: corpus.train, context: model.context))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try corpus.tokenizer.save(to: tokenizerURL)
        }
        let s = run.settings
        let heldOut = try TokenWindows(tokens: corpus.heldOut, context: s.model.context)
        let bytes = corpus.byteLengths
        let interim = heldOut.evaluationBatches(batchSize: 32, limit: invocation.int("eval-windows"))
        if !json {
            print("GPT: \(s.model.summary)")
            print(String(format: "AdamW lr %g (warm-up %d, cosine to %g), decay %g on ≥ 2-D tensors, clip %g, dropout %g, batch %d × %d, %d steps, seed %d%@",
                         s.maxLR, s.warmup, s.minLR, s.weightDecay, s.clip, Double(s.model.dropout), s.batchSize, s.model.context,
                         s.steps, Int(s.seed), resuming ? ", resumed at step \(run.step)" : ""))
        }
        let evalEvery = invocation.int("eval-every"), sampleLength = invocation.int("sample-length")
        let temperature = invocation.double("temperature")
        var losses: [(step: Int, loss: Double)] = []
        var evaluations: [(step: Int, score: HeldOutScore)] = []
        let bar = json ? nil : ProgressBar("training", total: s.steps)
        let trainStart = Timing.now(), firstStep = run.step
        try run.train { record in
            losses.append((record.step, Double(record.loss)))
            guard record.step % evalEvery == 0 && record.step < s.steps else {
                if record.step % 5 == 0 { bar?.update(record.step, note: note(record, evaluations.last?.score)) }
                return
            }
            let score = try run.model.evaluate(interim, bytes: { bytes[$0] })
            evaluations.append((record.step, score))
            try run.save(to: folder)
            let sample = try sampleText(run.model, corpus.tokenizer, prompt: prompts[0], length: sampleLength, temperature: temperature, seed: s.seed)
            if json {
                print(JSONText.line([("step", .int(record.step)), ("train_loss", .number(Double(record.loss))), ("lr", .number(Double(record.lr))),
                                     ("heldout_nats_per_token_partial", .number(score.natsPerToken)),
                                     ("heldout_bits_per_byte_partial", .number(score.bitsPerByte))]))
            } else {
                bar?.update(record.step, note: note(record, score))
                FileHandle.standardError.write(Data("\n".utf8))
                print(String(format: "step %d: held-out %.3f nats/token, %.3f bits/byte (first %d windows); sample: %@",
                             record.step, score.natsPerToken, score.bitsPerByte, interim.reduce(0) { $0 + $1.inputs.count }, oneLine(sample)))
            }
        }
        let trainSeconds = Timing.now() - trainStart
        bar?.finish(note: String(format: "%.1f s", trainSeconds))
        try run.save(to: folder)

        let evalStart = Timing.now()
        let final = try run.model.evaluate(heldOut.evaluationBatches(batchSize: 32), bytes: { bytes[$0] })
        evaluations.append((run.step, final))
        let evalSeconds = Timing.now() - evalStart
        var samples: [(prompt: String, temperature: Double, text: String)] = []
        for (k, prompt) in prompts.enumerated() {
            for t in [0, temperature] where k == 0 || t == temperature {
                samples.append((prompt, t, try sampleText(run.model, corpus.tokenizer, prompt: prompt, length: max(sampleLength, 1) * 2,
                                                          temperature: t, seed: s.seed &+ UInt64(k))))
            }
        }
        let plot = try savePlot(losses: losses, evaluations: evaluations, model: s.model)
        let steps = max(1, run.step - firstStep)
        let total = Timing.now() - start
        if json {
            print(JSONText.line([("command", .string("train")), ("parameters", .int(s.model.parameterCount)), ("steps", .int(run.step)),
                                 ("seed", .int(Int(s.seed))), ("heldout_tokens", .int(final.tokens)), ("heldout_bytes", .int(final.bytes)),
                                 ("heldout_nats_per_token", .number(final.natsPerToken)), ("heldout_bits_per_byte", .number(final.bitsPerByte)),
                                 ("heldout_perplexity", .number(final.perplexity)), ("train_seconds", .number(trainSeconds)),
                                 ("ms_per_step", .number(1000 * trainSeconds / Double(steps))), ("total_seconds", .number(total)),
                                 ("samples", .array(samples.map { .string($0.text) }))]))
            return
        }
        var table = TextTable(["held-out documents", "tokens", "bytes", "nats/token", "bits/byte", "perplexity"])
        table.add(["GPT \(String(format: "%.2f", Double(s.model.parameterCount) / 1e6)) M", String(final.tokens), String(final.bytes),
                   String(format: "%.3f", final.natsPerToken), String(format: "%.3f", final.bitsPerByte), String(format: "%.1f", final.perplexity)])
        print(table.render())
        print(String(format: "training %.1f s (%.1f ms/step, %.0f tokens/s), final evaluation %.1f s, whole run %.1f s",
                     trainSeconds, 1000 * trainSeconds / Double(steps), Double(steps * s.batchSize * s.model.context) / trainSeconds,
                     evalSeconds, total))
        for sample in samples {
            print("sample, prompt \"\(sample.prompt)\", temperature \(sample.temperature)\(sample.temperature == 0 ? " (greedy)" : ""):\n----\n\(sample.text)\n----")
        }
        print("wrote \(Project.display(folder)) (model, optimizer state, tokenizer; `--resume` continues it), \(Project.display(plot))")
    }

    static func note(_ record: StepLog, _ score: HeldOutScore?) -> String {
        String(format: "loss %.3f  lr %.2e", record.loss, record.lr) + (score.map { String(format: "  held-out %.3f bits/byte", $0.bitsPerByte) } ?? "")
    }

    /// The prompt and its continuation, decoded.
    static func sampleText(_ model: TinyGPT, _ tokenizer: BPETokenizer, prompt: String, length: Int, temperature: Double, seed: UInt64) throws -> String {
        let ids = tokenizer.encode(prompt)
        return tokenizer.decode(ids + (try model.generate(prompt: ids, maxNewTokens: length, temperature: temperature, seed: seed)))
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "⏎ ")
    }

    static func savePlot(losses: [(step: Int, loss: Double)], evaluations: [(step: Int, score: HeldOutScore)],
                         model: TinyGPTConfig) throws -> URL {
        let url = try Project.outputDirectory("Week17TinyGPT").appendingPathComponent("loss.svg")
        // the training loss averaged over 25 steps, so the curve is readable
        let window = 25
        var smoothed: [(Double, Double)] = []
        for end in stride(from: window, through: losses.count, by: window) {
            let slice = losses[(end - window)..<end]
            smoothed.append((Double(slice.last!.step), slice.map(\.loss).reduce(0, +) / Double(window)))
        }
        try SVGPlot.save(SVGPlot.line(title: "tiny GPT (\(model.parameterCount) parameters): loss in nats/token", xLabel: "step", yLabel: "nats/token",
                                      series: [Series(name: "train (mean of 25 steps)", x: smoothed.map(\.0), y: smoothed.map(\.1)),
                                               Series(name: "held-out", x: evaluations.map { Double($0.step) }, y: evaluations.map(\.score.natsPerToken))]),
                         to: url)
        return url
    }
}
