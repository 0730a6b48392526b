// The executable's commands and options, declared in the library so the tests can drive the
// parser without launching a process. The handlers live in the App; `classify`, the first, runs
// when no command is named.

import Shared

public enum Week19CommandLine {
    static let jsonFlag = Option.json("one JSON line with the figures")

    static func splitOptions() -> [Option] {
        [.path("news", "FILE", whenAbsent: "Datasets/python-news/NEWS",
               help: "a NEWS file in CPython's format (release titles over '=', component sections over '-', entries as '- ' bullets)"),
         .double("held-out-fraction", "F", default: 0.2, range: .above(0, atMost: 0.9), help: "share of the entries in the newest releases, held out"),
         .int("min-per-class", "N", default: 100, range: 2...100_000, help: "sections with fewer entries are left out")]
    }

    public static func cli(classify: @escaping Subcommand.Handler, objectives: @escaping Subcommand.Handler,
                           split: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week19Pretraining",
            summary: "pretraining objectives (CLM, MLM, span corruption) and fine-tuning pretrained MiniLM to classify Python NEWS entries by component",
            commands: [
                Subcommand("classify", summary: "fine-tune MiniLM + a class-weighted head on NEWS entries (older releases) and score held-out newest releases beside frozen-MiniLM and TF-IDF logistic baselines",
                           options: splitOptions() + [
                               .int("train", "N", default: 2000, range: 10...100_000, help: "training entries (a seeded subsample)"),
                               .int("held-out", "N", default: 1000, range: 10...100_000, help: "held-out entries scored (a seeded subsample)"),
                               .int("max-tokens", "T", default: 64, range: 8...256, help: "WordPiece tokens per entry ([CLS] … [SEP], truncated)"),
                               .int("frozen-layers", "K", default: 3, range: 0...6, help: "MiniLM blocks kept frozen (their output is computed once); 0 fine-tunes all"),
                               .epochs(default: 4),
                               .batchSize(default: 16, range: 1...1024),
                               .lr(default: 1e-4, range: .above(0, atMost: 1), help: "peak learning rate (warm-up + cosine)"),
                               .int("tfidf-features", "N", default: 5000, range: 10...100_000, help: "vocabulary of the TF-IDF baseline"),
                               .seed(default: 19, help: "seed of the subsample, head and batches"),
                               .out(default: "Output/Week19Pretraining", "DIR", help: "folder of the confusion-matrix and loss plots"),
                               jsonFlag],
                           run: classify),
                Subcommand("objectives", summary: "pretrain one tiny model per objective (clm, mlm, span) on NEWS entries: loss curves, held-out loss and a linear probe of each",
                           options: splitOptions() + [
                               .int("steps", default: 300, range: 1...100_000, help: "optimizer steps per objective"),
                               .batchSize(default: 32, range: 1...1024),
                               .lr(default: 2e-3, range: .above(0, atMost: 1), help: "peak learning rate (warm-up + cosine)"),
                               .int("vocabulary", "V", default: 3000, range: 100...50_000, help: "word vocabulary (with the 5 specials; 16 sentinels are added)"),
                               .int("hidden", "H", default: 64, range: 8...512, help: "hidden size"),
                               .int("layers", default: 2, range: 1...12, help: "transformer blocks"),
                               .int("max-words", "T", default: 48, range: 4...200, help: "words per entry (truncated)"),
                               .int("probe-train", "N", default: 3000, range: 10...100_000, help: "training entries of the probe"),
                               .int("probe-held-out", "N", default: 1000, range: 10...100_000, help: "held-out entries of the probe"),
                               .seed(default: 19, help: "seed of the initialisation (shared), corruption and batches"),
                               .out(default: "Output/Week19Pretraining", "DIR", help: "folder of the loss-curve plot"),
                               jsonFlag],
                           run: objectives),
                Subcommand("split", summary: "the release-based split: held-out releases, entries per component on each side, leaks dropped",
                           options: splitOptions() + [jsonFlag],
                           run: split),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(classify: { _ in }, objectives: { _ in }, split: { _ in })
}
