// `ngram`: the baseline table alone — unigram and interpolated Kneser–Ney for n = 2…--order on
// the same file split as `train`, with the time each took to count and score.

import Foundation
import Shared
import Week15CharLM

enum NGramCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let split = try Week15CommandLine.split(invocation)
        let order = invocation.int("order")
        if !json {
            print("train \(split.trainFiles.count) files (\(split.train.count) bytes), held out \(split.validationFiles.count) files (\(split.validation.count) bytes), vocabulary \(split.vocabulary.count)")
        }
        var table = TextTable(["held-out files", "nats/char", "bits/char", "perplexity", "seconds"])
        for n in [0] + Array(2...max(2, order)) where n <= order {
            let start = Timing.now()
            let score = try Baselines.scores(split, orders: n == 0 ? [] : [n]).last!
            let seconds = Timing.now() - start
            if json {
                print(JSONText.line([("model", .string(score.name)), ("order", .int(max(n, 1))), ("nats_per_char", .number(score.nats)),
                                     ("bits_per_char", .number(score.bits)), ("perplexity", .number(score.perplexity)), ("seconds", .number(seconds))]))
            } else {
                table.add([score.name, String(format: "%.3f", score.nats), String(format: "%.3f", score.bits),
                           String(format: "%.2f", score.perplexity), String(format: "%.1f", seconds)])
            }
        }
        if !json { print(table.render()) }
    }
}
