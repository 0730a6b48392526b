// `fill` and `attention`: query a model saved by `pretrain`.

import Foundation
import Shared
import Week07Transformer

enum QueryCommands {
    static func loadModel(_ invocation: Invocation) throws -> PretrainedMLM {
        let url: URL
        if let path = invocation.optionalString("weights") {
            url = URL(fileURLWithPath: path)
        } else {
            url = Project.root.appendingPathComponent("Output/Week07Transformer/mlm.safetensors")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw UsageError("no model at \(Project.display(url)): run `swift run Week07Transformer pretrain` first, or pass --weights FILE")
            }
        }
        return try PretrainedMLM.load(url)
    }

    static func printFill(_ mlm: PretrainedMLM, _ text: String, top: Int) throws {
        let (tokens, predictions) = try mlm.fill(text, top: top)
        var filled = tokens
        for p in predictions { filled[p.position] = "[" + (p.candidates.first?.word ?? "?") + "]" }
        print("  " + text)
        print("  → " + filled.dropFirst().dropLast().joined(separator: " "))
        for p in predictions {
            let list = p.candidates.map { String(format: "%@ %.2f", $0.word, $0.probability) }.joined(separator: ", ")
            print("     mask at \(p.position): \(list)")
        }
    }

    /// Writes the head-averaged map of every layer and each head of the last layer; returns the paths.
    static func writeHeatmaps(_ mlm: PretrainedMLM, _ text: String, to dir: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (tokens, layers) = try mlm.attention(text)
        var written: [URL] = []
        for (i, layer) in layers.enumerated() {
            let url = dir.appendingPathComponent("layer\(i + 1)_mean.svg")
            try SVGPlot.save(AttentionHeatmap.svg(try AttentionHeatmap.headAverage(layer), tokens: tokens,
                                                  title: "layer \(i + 1), mean of \(layer.shape[0]) heads (rows: queries)"), to: url)
            written.append(url)
        }
        if let last = layers.last {
            let t = tokens.count
            for h in 0..<last.shape[0] {
                let head = try Tensor(shape: [t, t], storage: Array(last.storage[(h * t * t)..<((h + 1) * t * t)]))
                let url = dir.appendingPathComponent("layer\(layers.count)_head\(h + 1).svg")
                try SVGPlot.save(AttentionHeatmap.svg(head, tokens: tokens, title: "layer \(layers.count), head \(h + 1)"), to: url)
                written.append(url)
            }
        }
        return written
    }
}

enum FillCommand {
    static func run(_ invocation: Invocation) throws {
        let top = invocation.int("top")
        let mlm = try QueryCommands.loadModel(invocation)
        let text = invocation.positionals[0]
        if invocation.flag("json") {
            let (tokens, predictions) = try mlm.fill(text, top: top)
            let items: [JSONValue] = predictions.map { p in
                .object([("position", .int(p.position)),
                         ("candidates", .array(p.candidates.map { .object([("word", .string($0.word)), ("probability", .number(Double($0.probability)))]) }))])
            }
            print(JSONText.line([("tokens", .array(tokens.map { .string($0) })), ("masks", .array(items))]))
        } else {
            try QueryCommands.printFill(mlm, text, top: top)
        }
    }
}

enum AttentionCommand {
    static func run(_ invocation: Invocation) throws {
        let mlm = try QueryCommands.loadModel(invocation)
        let dir = try invocation.optionalString("out").map { URL(fileURLWithPath: $0) }
            ?? Project.outputDirectory("Week07Transformer").appendingPathComponent("attention")
        let written = try QueryCommands.writeHeatmaps(mlm, invocation.positionals[0], to: dir)
        let tokens: [String] = try mlm.encode(invocation.positionals[0]).tokens
        print("tokens: " + tokens.joined(separator: " "))
        for url in written { print("wrote \(Project.display(url))") }
    }
}

enum DemoCommand {
    static let sentences = [
        "The [MASK] statement is used to define a function.",
        "A list is a mutable [MASK] of items.",
        "If the file does not exist, an [MASK] is raised.",
        "Use the [MASK] keyword to import a module.",
        "The dictionary maps keys to [MASK].",
    ]

    static func run(_ invocation: Invocation) throws {
        var settings = PretrainSettings()
        settings.steps = invocation.int("steps")
        settings.seed = UInt64(invocation.int("seed"))
        let result = try PretrainCommand.pretrain(settings, json: false)
        print("\nFilling in masked words (top candidates with probabilities):")
        for s in sentences { try QueryCommands.printFill(result.mlm, s, top: 3) }
        let text = "The return value of the function is a list of strings."
        let dir = try Project.outputDirectory("Week07Transformer").appendingPathComponent("attention")
        let written = try QueryCommands.writeHeatmaps(result.mlm, text, to: dir)
        print("\nAttention heatmaps for \"\(text)\": \(written.count) SVGs in \(Project.display(dir))")
        print("Next: swift run Week07Transformer fill \"Lists are [MASK] sequences.\"  ·  pretrain --help  ·  bench")
    }
}
