// Week07Transformer: the executable. With no command it pretrains a small BERT on the Python
// docs (masked LM), fills in masked words and writes attention heatmaps; the other commands
// pretrain with other sizes, query a saved model and benchmark against torch.

import Foundation
import Shared
import Week07Transformer

let weightsOption = Option.value("weights", "FILE", "a model saved by pretrain (default Output/Week07Transformer/mlm.safetensors)")
let pretrainOptions: [Option] = [
    .value("steps", "N", "training steps (default \(PretrainSettings.defaults.steps))"),
    .value("layers", "L", "transformer blocks (default \(PretrainSettings.defaults.layers))"),
    .value("hidden", "H", "hidden width (default \(PretrainSettings.defaults.hidden))"),
    .value("heads", "A", "attention heads, must divide H (default \(PretrainSettings.defaults.heads))"),
    .value("seed", "S", "seed for initialisation, batches and masking (default \(PretrainSettings.defaults.seed))"),
    .value("vocab", "V", "vocabulary size incl. 5 specials (default \(PretrainSettings.defaults.vocabulary))"),
    .value("length", "T", "tokens per window incl. [CLS]/[SEP] (default \(PretrainSettings.defaults.length))"),
    .value("batch", "B", "windows per step (default \(PretrainSettings.defaults.batch))"),
    .value("lr", "LR", "peak Adam learning rate (default \(PretrainSettings.defaults.lr))"),
    .value("dropout", "P", "dropout on embeddings and sublayer outputs (default \(PretrainSettings.defaults.dropout))"),
    .value("norm", "post|pre", "LayerNorm placement (default post, as BERT)"),
    .value("positions", "learned|sinusoidal|none", "position encoding (default learned)"),
    .value("data", "DIR", "folder of .rst.txt files (default Datasets/python-docs)"),
    .value("out", "FILE", "where to save the model (default Output/Week07Transformer/mlm.safetensors)"),
    .flag("json", "one JSON line per logged step and a summary line"),
]

let cli = CLI(
    program: "Week07Transformer",
    summary: "transformers from scratch: attention, masks, positions, pre/post-norm blocks; BERT pretrained with masked LM on the Python docs",
    commands: [
        Subcommand("demo", summary: "pretrain a small BERT on the Python docs, fill in masked words, write attention heatmaps",
                   options: [.value("steps", "N", "training steps (default \(PretrainSettings.defaults.steps))"),
                             .value("seed", "S", "seed (default \(PretrainSettings.defaults.seed))")]),
        Subcommand("pretrain", summary: "masked-LM pretraining with chosen sizes; saves a checkpoint under Output/", options: pretrainOptions),
        Subcommand("fill", arguments: "\"TEXT with [MASK]\"", positionals: 1...1,
                   summary: "the most probable words at each [MASK]",
                   options: [weightsOption, .value("top", "K", "candidates per mask (default 5)"), .flag("json", "JSON output")]),
        Subcommand("attention", arguments: "\"TEXT\"", positionals: 1...1,
                   summary: "attention heatmaps (SVG) of every layer (head average) and every head of the last layer",
                   options: [weightsOption, .value("out", "DIR", "folder for the SVGs (default Output/Week07Transformer/attention)")]),
        Subcommand("bench", summary: "seconds per MLM training step and encoder inference tokens/s, ours vs torch, side by side",
                   options: [.value("steps", "N", "timed training steps (default 5)"),
                             .value("repeats", "N", "timed inference batches (default 5)"),
                             .flag("json", "one JSON line")]),
    ])

cli.main { invocation in
    switch invocation.command {
    case "demo": try DemoCommand.run(invocation)
    case "pretrain": try PretrainCommand.run(invocation)
    case "fill": try FillCommand.run(invocation)
    case "attention": try AttentionCommand.run(invocation)
    default: try BenchCommand.run(invocation)
    }
}
