// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named.

import Shared

/// `pretrain`'s settings when a flag is not given (the default run's model).
public enum PretrainDefaults {
    public static let steps = 600
    public static let layers = 2
    public static let hidden = 128
    public static let heads = 4
    public static let seed = 7
    public static let vocabularySize = 8000
    public static let length = 64
    public static let batchSize = 32
    public static let lr = 0.001
    public static let dropout = 0.1
}

public enum Week07CommandLine {
    static let weightsOption = Option.path("weights", "FILE", whenAbsent: "Output/Week07Transformer/mlm.safetensors", help: "a model saved by pretrain")
    static let stepsOption = Option.int("steps", default: PretrainDefaults.steps, range: .atLeast(1), help: "training steps")
    static let seedOption = Option.seed(default: PretrainDefaults.seed, help: "seed for initialisation, batches and masking")

    static let pretrainOptions: [Option] = [
        stepsOption,
        .int("layers", "L", default: PretrainDefaults.layers, range: .atLeast(1), help: "transformer blocks"),
        .int("hidden", "H", default: PretrainDefaults.hidden, range: .atLeast(1), help: "hidden width"),
        .int("heads", "A", default: PretrainDefaults.heads, range: .atLeast(1), help: "attention heads, must divide H"),
        seedOption,
        .int("vocab-size", "V", default: PretrainDefaults.vocabularySize, range: .atLeast(Double(WordVocabulary.specials.count + 1)),
             help: "vocabulary size incl. 5 specials"),
        .int("length", "T", default: PretrainDefaults.length, range: 4...512, help: "tokens per window incl. [CLS]/[SEP]"),
        .batchSize(default: PretrainDefaults.batchSize, help: "windows per step"),
        .lr(default: PretrainDefaults.lr, help: "peak Adam learning rate"),
        .double("dropout", "P", default: PretrainDefaults.dropout, range: .atLeast(0, below: 1), help: "dropout on embeddings and sublayer outputs"),
        .choice("norm", TransformerConfig.NormPlacement.allCases.map(\.rawValue), default: "post", help: "LayerNorm placement (post as BERT)"),
        .choice("positions", TransformerConfig.Positions.allCases.map(\.rawValue), default: "learned", help: "position encoding"),
        .path("docs", "DIR", whenAbsent: "Datasets/python-docs", help: "folder of .rst.txt files"),
        .out(whenAbsent: "Output/Week07Transformer/mlm.safetensors", "FILE", help: "where to save the model"),
        .json("one JSON line per logged step and a summary line"),
    ]

    public static func cli(demo: @escaping Subcommand.Handler, pretrain: @escaping Subcommand.Handler,
                           fill: @escaping Subcommand.Handler, attention: @escaping Subcommand.Handler,
                           bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week07Transformer",
            summary: "transformers from scratch: attention, masks, positions, pre/post-norm blocks; BERT pretrained with masked LM on the Python docs",
            commands: [
                Subcommand("demo", summary: "pretrain a small BERT on the Python docs, fill in masked words, write attention heatmaps",
                           options: [stepsOption, .seed(default: PretrainDefaults.seed)], run: demo),
                Subcommand("pretrain", summary: "masked-LM pretraining with chosen sizes; saves a checkpoint under Output/",
                           options: pretrainOptions, run: pretrain),
                Subcommand("fill", arguments: "\"TEXT with [MASK]\"", positionals: 1...1,
                           summary: "the most probable words at each [MASK]",
                           options: [weightsOption, .int("top", "K", default: 5, range: .atLeast(1), help: "candidates per mask"), .json("JSON output")],
                           run: fill),
                Subcommand("attention", arguments: "\"TEXT\"", positionals: 1...1,
                           summary: "attention heatmaps (SVG) of every layer (head average) and every head of the last layer",
                           options: [weightsOption, .out(whenAbsent: "Output/Week07Transformer/attention", "DIR", help: "folder for the SVGs")],
                           run: attention),
                Subcommand("bench", summary: "seconds per MLM training step and encoder inference tokens/s, ours vs torch, side by side",
                           options: [.int("steps", default: 5, range: .atLeast(1), help: "timed training steps"),
                                     .int("repeats", default: 5, range: .atLeast(1), help: "timed inference batches"),
                                     .json("one JSON line")],
                           run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, pretrain: { _ in }, fill: { _ in }, attention: { _ in }, bench: { _ in })
}
