// `split`: the release-based split of the NEWS entries — which releases are held out, how many
// entries each component has on each side, how many held-out entries were dropped as leaks.

import Foundation
import Shared
import Week19Pretraining

enum SplitCommand {
    /// The split the `--held-out-fraction` and `--min-per-class` options name.
    static func split(_ invocation: Invocation) throws -> NewsSplit {
        NewsSplit.make(try NewsParser.loadDataset(invocation.optionalString("news").map { URL(fileURLWithPath: $0) }), heldOutFraction: invocation.double("held-out-fraction"),
                       minimumPerClass: invocation.int("min-per-class"))
    }

    static func counts(_ labels: [Int], _ k: Int) -> [Int] {
        var c = [Int](repeating: 0, count: k)
        for y in labels { c[y] += 1 }
        return c
    }

    static func run(_ invocation: Invocation) throws {
        let split = try split(invocation)
        let k = split.classes.count
        let (train, held) = (counts(split.trainLabels, k), counts(split.heldOutLabels, k))
        if invocation.flag("json") {
            print(JSONText.line([
                ("classes", .array(split.classes.map { .string($0) })),
                ("train_counts", .array(train.map { .int($0) })), ("held_out_counts", .array(held.map { .int($0) })),
                ("held_out_releases", .array(split.heldOutReleases.map { .string($0) })),
                ("dropped_as_leaks", .int(split.droppedAsLeaks)),
            ]))
            return
        }
        print(describe(split))
        var table = TextTable(["component", "train", "held out"])
        for c in 0..<k { table.add([split.classes[c], "\(train[c])", "\(held[c])"]) }
        print(table.render())
    }

    /// One line: the sizes and the releases on each side.
    static func describe(_ split: NewsSplit) -> String {
        let held = split.heldOutReleases
        let oldest = split.train.last?.release ?? "-", newest = split.train.first?.release ?? "-"
        return "split by release: train \(split.train.count) entries of the older releases (\(newest) … \(oldest)), "
            + "held out \(split.heldOut.count) entries of the \(held.count) newest releases (\(held.first ?? "-") … \(held.last ?? "-")), "
            + "\(split.droppedAsLeaks) held-out entries dropped: their issue or text also occurs in training"
    }
}
