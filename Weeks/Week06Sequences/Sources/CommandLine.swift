// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `all`, the first, runs when no command is named.

import Shared

public enum Week06CommandLine {
    static let seedOption = Option.seed(default: Week06Defaults.seed)
    static let jsonOption = Option.json("print one JSON summary line")
    static let temperatureOption = Option.double("temperature", "T", default: 0.8, range: .atLeast(0), help: "sampling temperature")
    static let lengthOption = Option.int("length", default: 400, range: .atLeast(0), help: "characters to sample")

    public static func cli(all: @escaping Subcommand.Handler, vanishing: @escaping Subcommand.Handler,
                           charlm: @escaping Subcommand.Handler, sample: @escaping Subcommand.Handler,
                           forecast: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week06Sequences",
            summary: "RNN, LSTM and GRU from Week04's autograd: vanishing gradients, a char-level LSTM on the Python docs, a sunspot forecaster",
            commands: [
                Subcommand("all", summary: "the default run: vanishing, charlm and forecast with their defaults",
                           options: [seedOption], run: all),
                Subcommand("vanishing", summary: "‖∂L/∂x_t‖ vs distance T − t for RNN, LSTM and GRU at init: table and log-scale SVG",
                           options: [.int("steps", "T", default: 40, range: .atLeast(2), help: "sequence length"), seedOption, jsonOption],
                           run: vanishing),
                Subcommand("charlm", summary: "train a character-level LSTM (truncated BPTT, Adam, clipping) and sample from it",
                           options: [.path("file", "F", whenAbsent: "Datasets/python-docs/tutorial/*.rst.txt", help: "UTF-8 text to train on"),
                                     .int("steps", default: Week06Defaults.charSteps, range: .atLeast(1), help: "training steps"),
                                     .int("hidden", "H", default: 128, range: .atLeast(1), help: "LSTM width"),
                                     temperatureOption, lengthOption, seedOption, jsonOption],
                           run: charlm),
                Subcommand("sample", summary: "sample text from saved char-LM weights",
                           options: [.path("weights", "FILE", whenAbsent: "Output/Week06Sequences/charlm.safetensors", help: "safetensors from charlm"),
                                     temperatureOption, lengthOption,
                                     .string("prime", default: "The ", help: "text to start from"),
                                     seedOption],
                           run: sample),
                Subcommand("forecast", summary: "GRU one-step-ahead forecaster vs the persistence baseline on held-out data",
                           options: [.path("file", "CSV", whenAbsent: "Datasets/statsmodels/sunspots.csv", help: "CSV file"),
                                     .string("column", "NAME", default: "SUNACTIVITY", help: "numeric column to forecast"),
                                     .int("window", "L", default: 12, range: .atLeast(1), help: "past values per prediction"),
                                     .epochs(default: Week06Defaults.forecastEpochs, range: .atLeast(1), help: "full-batch Adam steps"),
                                     seedOption, jsonOption],
                           run: forecast),
                Subcommand("bench", summary: "seconds per char-LM training step: this engine vs the same LSTM step in numpy",
                           options: [.int("steps", default: 5, range: .atLeast(1), help: "timed steps per side"), jsonOption],
                           run: bench),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(all: { _ in }, vanishing: { _ in }, charlm: { _ in }, sample: { _ in },
                                   forecast: { _ in }, bench: { _ in })

    /// What `all` runs for one part: `command` with its defaults and the given seed.
    public static func defaultRun(_ command: String, seed: Int) throws -> Invocation {
        guard let invocation = try parser.parse([command, "--seed=\(seed)"]) else { preconditionFailure("no help was asked for") }
        return invocation
    }
}

public enum Week06Defaults {
    public static let seed = 6
    public static let charSteps = 1500
    public static let forecastEpochs = 400
}
