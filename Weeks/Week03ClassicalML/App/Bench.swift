// `bench`: fit and predict times, ours and scikit-learn's, medians over repeats, same splits.

import Foundation
import Shared
import Week03ClassicalML

enum Bench {
    static func run(repeats: Int, small: Bool, fashion: Bool, reference: Bool, json: Bool, fashionModels: [String]) throws {
        if !json { print("Week03ClassicalML bench — median of \(repeats) · \(BLASInfo.summary)") }
        if small { try smallDatasets(repeats: repeats, reference: reference, json: json) }
        if fashion {
            let fashionRef = reference ? Reference.run(["--fashion"]) : nil
            let results = try FashionRun.run(seed: 0, models: fashionModels)
            if json {
                for r in results {
                    let s = fashionRef?["fashion-mnist/\(r.model)"]
                    print(JSONText.line([("dataset", .string("fashion-mnist")), ("model", .string(r.model)), ("score", .number(r.accuracy)),
                                         ("fit_seconds", .number(r.fitSeconds)), ("predict_seconds", .number(r.predictSeconds)),
                                         ("sklearn_fit_seconds", (s?["fit_seconds"] as? Double).map { .number($0) } ?? .null)]))
                }
            } else {
                print(FashionRun.table(results, reference: fashionRef))
            }
        }
    }

    static func smallDatasets(repeats: Int, reference: Bool, json: Bool) throws {
        let ref = reference ? Reference.run(["--repeats", "\(repeats)"]) : nil
        let rows = try Compare.run(repeats: repeats, seed: 0)
        if json {
            for row in rows {
                let r = ref?["\(row.dataset)/\(row.model.rawValue)"]
                print(JSONText.line([("dataset", .string(row.dataset)), ("model", .string(row.model.rawValue)),
                                     ("score", .number(row.ours.headline)), ("fit_seconds", .number(row.ours.fitSeconds)),
                                     ("predict_seconds", .number(row.ours.predictSeconds)),
                                     ("sklearn_fit_seconds", (r?["fit_seconds"] as? Double).map { .number($0) } ?? .null),
                                     ("sklearn_predict_seconds", (r?["predict_seconds"] as? Double).map { .number($0) } ?? .null)]))
            }
        } else {
            if reference && ref == nil { print("(reference not available: python3 with scikit-learn was not found)") }
            print(Compare.table(rows, reference: ref))
        }
    }
}
