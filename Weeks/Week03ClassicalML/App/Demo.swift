// The default run: the comparison table, Fashion-MNIST, then the tour of the week's other tools.

import Foundation
import Shared
import Week03ClassicalML

enum Demo {
    static func run(fashion: Bool, reference: Bool, seed: UInt64) throws {
        print("Week03ClassicalML — seed \(seed) · \(BLASInfo.summary)")
        print("\n== Every model on scikit-learn's datasets (stratified split: each class's every 4th row is test) ==")
        var ref: [String: [String: Any]]? = nil
        if reference {
            FileHandle.standardError.write(Data("running scikit-learn on the same splits (\(Project.display(Reference.script)))…\n".utf8))
            ref = Reference.run(["--repeats", "1"])
            if ref == nil { print("(reference not available: python3 with scikit-learn was not found)") }
        }
        let rows = try Compare.run(repeats: 1, seed: seed)
        print(Compare.table(rows, reference: ref))
        print("classification: accuracy; diabetes (regression): R². Binary metrics for breast cancer:")
        for row in rows where row.dataset == "breast_cancer" {
            print("  \(row.model.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) " +
                  row.ours.metrics.map { "\($0.name) \(String(format: "%.4f", $0.value))" }.joined(separator: "  "))
        }
        if fashion {
            print("\n== Fashion-MNIST ==")
            var fashionRef: [String: [String: Any]]? = nil
            if reference {
                FileHandle.standardError.write(Data("running scikit-learn on Fashion-MNIST (about a minute)…\n".utf8))
                fashionRef = Reference.run(["--fashion"])
            }
            let results = try FashionRun.run(seed: seed)
            print(FashionRun.table(results, reference: fashionRef))
        }
        try Tour.run(seed: seed)
    }
}
