// The executable's commands and options, declared in the library so the tests can drive the
// parser without launching a process.

import Shared

public enum Week06CommandLine {
    static let seedOption = Option.value("seed", "S", "random seed (default \(Week06Defaults.seed))")
    static let jsonOption = Option.flag("json", "print one JSON summary line")

    public static let cli = CLI(
        program: "Week06Sequences",
        summary: "RNN, LSTM and GRU from Week04's autograd: vanishing gradients, a char-level LSTM on the Python docs, a sunspot forecaster",
        commands: [
            Subcommand("all", summary: "the default run: vanishing, charlm and forecast with their defaults",
                       options: [seedOption]),
            Subcommand("vanishing", summary: "‖∂L/∂x_t‖ vs distance T − t for RNN, LSTM and GRU at init: table and log-scale SVG",
                       options: [.value("steps", "T", "sequence length (default 40)"), seedOption, jsonOption]),
            Subcommand("charlm", summary: "train a character-level LSTM (truncated BPTT, Adam, clipping) and sample from it",
                       options: [.value("file", "F", "UTF-8 text to train on (default Datasets/python-docs/tutorial/*.rst.txt)"),
                                 .value("steps", "N", "training steps (default \(Week06Defaults.charSteps))"),
                                 .value("hidden", "H", "LSTM width (default 128)"),
                                 .value("temperature", "T", "sampling temperature (default 0.8)"),
                                 .value("length", "N", "characters to sample (default 400)"),
                                 seedOption, jsonOption]),
            Subcommand("sample", summary: "sample text from saved char-LM weights",
                       options: [.value("weights", "FILE", "safetensors from charlm (default Output/Week06Sequences/charlm.safetensors)"),
                                 .value("temperature", "T", "sampling temperature (default 0.8)"),
                                 .value("length", "N", "characters to sample (default 400)"),
                                 .value("prime", "TEXT", "text to start from (default \"The \")"),
                                 seedOption]),
            Subcommand("forecast", summary: "GRU one-step-ahead forecaster vs the persistence baseline on held-out data",
                       options: [.value("file", "CSV", "CSV file (default Datasets/statsmodels/sunspots.csv)"),
                                 .value("column", "NAME", "numeric column to forecast (default SUNACTIVITY)"),
                                 .value("window", "L", "past values per prediction (default 12)"),
                                 .value("epochs", "N", "full-batch Adam steps (default \(Week06Defaults.forecastEpochs))"),
                                 seedOption, jsonOption]),
            Subcommand("bench", summary: "seconds per char-LM training step: this engine vs the same LSTM step in numpy",
                       options: [.value("steps", "N", "timed steps per side (default 5)"), jsonOption]),
        ])
}

public enum Week06Defaults {
    public static let seed = 6
    public static let charSteps = 1500
    public static let forecastEpochs = 400
}
