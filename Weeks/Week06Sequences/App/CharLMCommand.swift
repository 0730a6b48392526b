// `charlm`: trains the character-level LSTM on the Python tutorial (or --file), reports train and
// validation loss and perplexity against the unigram baseline, samples text and saves the weights.
// `sample`: loads those weights and samples again.

import Foundation
import Shared
import Week04MNIST
import Week06Sequences

enum CharLMCommand {
    static let batch = 32
    static let sequenceLength = 64

    static func run(_ invocation: Invocation) throws {
        let steps = invocation.int("steps")
        let hidden = invocation.int("hidden")
        let temperature = invocation.double("temperature")
        let length = invocation.int("length")
        let seed = invocation.int("seed")
        let json = invocation.flag("json")
        let (text, name) = try CharCorpus.loadText(file: invocation.optionalString("file"))
        let corpus = try CharCorpus(text: text)
        let vocabularySize = corpus.vocabulary.count
        var rng = SplitMix64(seed: UInt64(seed))
        let model = CharLM(vocabularySize: vocabularySize, hiddenSize: hidden, rng: &rng)
        let parameterCount = model.parameterCount
        if !json {
            print("char-LM on \(name): \(text.count) bytes, vocabulary \(vocabularySize), train \(corpus.train.count) / validation \(corpus.validation.count)")
            print("embedding 32 → LSTM \(hidden) → \(vocabularySize); \(parameterCount) parameters; batch \(batch) × \(sequenceLength) steps, Adam 3e-3, clip 1.0, \(steps) steps, seed \(seed)")
        }
        let bar = json ? nil : ProgressBar("training", total: steps)
        let start = Timing.now()
        let history = try CharTrainer.train(model, ids: corpus.train, batch: batch, steps: sequenceLength,
                                            trainingSteps: steps) { record in
            if record.step % 5 == 0 || record.step == steps {
                bar?.update(record.step, note: String(format: "loss %.3f  ‖g‖ %.2f", record.loss, record.gradientNorm))
            }
        }
        let seconds = Timing.now() - start
        bar?.finish(note: String(format: "%.1f s", seconds))
        let trainLoss = try model.evaluate(ids: corpus.train, batch: batch, steps: sequenceLength, maxChunks: 20)
        let validationBatch = max(1, min(batch, corpus.validation.count / (sequenceLength + 1)))
        let validationLoss = try model.evaluate(ids: corpus.validation, batch: validationBatch, steps: sequenceLength, maxChunks: 1000)
        let unigram = CharCorpus.unigramCrossEntropy(train: corpus.train, evaluate: corpus.validation, vocabularySize: vocabularySize)
        var sampleRNG = SplitMix64(seed: UInt64(seed) &+ 100)
        let prime = try corpus.vocabulary.encode(Array("The ".utf8))
        let sample = corpus.vocabulary.decode(prime + (try model.sample(prime: prime, length: length, temperature: temperature, rng: &sampleRNG)))

        let output = try Project.outputDirectory("Week06Sequences")
        let weights = output.appendingPathComponent("charlm.safetensors")
        let vocabularyText = corpus.vocabulary.bytes.map(String.init).joined(separator: ",")
        try Checkpoint.save(model, to: weights, metadata: ["vocabulary": vocabularyText, "hidden": String(hidden),
                                                           "validation_loss": String(format: "%.4f", validationLoss)])
        let curve = output.appendingPathComponent("charlm-loss.svg")
        try SVGPlot.save(SVGPlot.line(title: "char-LM training loss (nats/char) per step", xLabel: "step", yLabel: "loss",
                                      series: [Series(name: "train chunk loss", x: history.map { Double($0.step) }, y: history.map(\.loss)),
                                               Series(name: "unigram baseline (validation)", x: [1, Double(steps)], y: [unigram, unigram])]),
                         to: curve)
        if json {
            print(JSONText.line([("command", .string("charlm")), ("steps", .int(steps)), ("seed", .int(seed)),
                                 ("train_loss", .number(trainLoss)), ("validation_loss", .number(validationLoss)),
                                 ("validation_perplexity", .number(exp(validationLoss))), ("unigram_loss", .number(unigram)),
                                 ("unigram_perplexity", .number(exp(unigram))), ("seconds", .number(seconds)),
                                 ("seconds_per_step", .number(seconds / Double(steps))), ("sample", .string(sample))]))
            return
        }
        var table = TextTable(["", "nats/char", "perplexity"])
        table.add(["train (first 20 chunks)", String(format: "%.3f", trainLoss), String(format: "%.2f", exp(trainLoss))])
        table.add(["validation (last 10%)", String(format: "%.3f", validationLoss), String(format: "%.2f", exp(validationLoss))])
        table.add(["unigram baseline on validation", String(format: "%.3f", unigram), String(format: "%.2f", exp(unigram))])
        print(table.render())
        print(String(format: "%.1f ms per training step", 1000 * seconds / Double(steps)))
        print("sample (temperature \(temperature)):\n----\n\(sample)\n----")
        print("wrote \(Project.display(weights)), \(Project.display(curve))")
    }

    static func sample(_ invocation: Invocation) throws {
        let temperature = invocation.double("temperature")
        let length = invocation.int("length")
        let seed = invocation.int("seed")
        let weights = try invocation.optionalString("weights").map { URL(fileURLWithPath: $0) }
            ?? Project.outputDirectory("Week06Sequences").appendingPathComponent("charlm.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw UsageError("no weights at \(weights.path) (run `Week06Sequences charlm` first or pass --weights)")
        }
        let file = try Safetensors.read(weights)
        guard let vocabularyText = file.metadata["vocabulary"], let hidden = file.metadata["hidden"].flatMap(Int.init) else {
            throw UsageError("\(weights.path) has no vocabulary/hidden metadata: it was not written by `charlm`")
        }
        let vocabulary = Vocabulary(bytes: vocabularyText.split(separator: ",").compactMap { UInt8($0) })
        var rng = SplitMix64(seed: 0)
        let model = CharLM(vocabularySize: vocabulary.count, hiddenSize: hidden, rng: &rng)
        try Checkpoint.load(into: model, from: weights)
        let prime = try vocabulary.encode(Array(invocation.string("prime").utf8))
        var sampleRNG = SplitMix64(seed: UInt64(seed))
        let ids = try model.sample(prime: prime, length: length, temperature: temperature, rng: &sampleRNG)
        print(vocabulary.decode(prime + ids))
    }
}
