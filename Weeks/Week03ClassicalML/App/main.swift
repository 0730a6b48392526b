// Week03ClassicalML: the executable. With no command it runs the week's tour: every model on the
// five scikit-learn datasets beside scikit-learn's figures on the same splits, then Fashion-MNIST,
// then k-means, attributions, calibration, class imbalance, pipeline skew and Monte Carlo.
// The other commands apply the models to the user's own CSV files.

import Foundation
import Shared
import Week03ClassicalML

func fashionModels(_ text: String) throws -> [String] {
    let list = text.split(separator: ",").map(String.init)
    for m in list where !FashionRun.models.contains(m) {
        throw UsageError("--fashion-models: unknown '\(m)' (choose from \(FashionRun.models.joined(separator: ",")))")
    }
    return list
}

Week03CommandLine.cli(
    demo: { try Demo.run(fashion: !$0.flag("skip-fashion"), reference: !$0.flag("no-reference"), seed: UInt64($0.int("seed"))) },
    bench: {
        try Bench.run(repeats: $0.int("repeats"), small: !$0.flag("skip-small"), fashion: !$0.flag("skip-fashion"),
                      reference: !$0.flag("no-reference"), json: $0.flag("json"), fashionModels: try fashionModels($0.string("fashion-models")))
    },
    kmeans: ClusterCommand.run, pipeline: PipelineCommand.fit, predict: PipelineCommand.predict,
    montecarlo: { Tour.monteCarlo(seed: UInt64($0.int("seed"))) },
    fashionModels: FashionRun.models
).main()
