// `forecast`: the GRU forecaster on a CSV column (default: yearly sunspot numbers 1700–2008) against
// the persistence baseline on the held-out last 20%, with an actual-vs-predicted SVG.

import Foundation
import Shared
import Week06Sequences

enum ForecastCommand {
    static func run(_ invocation: Invocation) throws {
        let window = invocation.int("window")
        let epochs = invocation.int("epochs")
        let seed = invocation.int("seed")
        let json = invocation.flag("json")
        let url = try invocation.optionalString("file").map { URL(fileURLWithPath: $0) } ?? Dataset.statsmodels.file("sunspots.csv")
        let columnName = invocation.string("column")
        let table = try CSV.read(url)
        let values = try table.numericColumn(try table.columnIndex(columnName))
        if !json {
            print("forecast \(columnName) from \(Project.display(url)): \(values.count) values; GRU 32 over windows of \(window), full-batch Adam 1e-2, \(epochs) epochs, train on the first 80%, seed \(seed)")
        }
        let bar = json ? nil : ProgressBar("training", total: epochs)
        let result = try Forecaster.run(series: values, window: window, epochs: epochs, seed: UInt64(seed)) { epoch, loss in
            if epoch % 10 == 0 || epoch == epochs { bar?.update(epoch, note: String(format: "train MSE (normalised) %.4f", loss)) }
        }
        bar?.finish()
        let output = try Project.outputDirectory("Week06Sequences")
        let svg = output.appendingPathComponent("forecast.svg")
        let x = result.targetIndices.map(Double.init)
        try SVGPlot.save(SVGPlot.line(title: "\(columnName): held-out one-step forecasts", xLabel: "index in the series", yLabel: columnName,
                                      series: [Series(name: "actual", x: x, y: result.actual),
                                               Series(name: "GRU", x: x, y: result.predicted),
                                               Series(name: "persistence", x: x, y: result.persistence)]),
                         to: svg)
        let improvement = 1 - result.model.mse / result.baseline.mse
        if json {
            print(JSONText.line([("command", .string("forecast")), ("column", .string(columnName)), ("seed", .int(seed)),
                                 ("held_out", .int(result.actual.count)), ("model_mse", .number(result.model.mse)),
                                 ("model_mae", .number(result.model.mae)), ("persistence_mse", .number(result.baseline.mse)),
                                 ("persistence_mae", .number(result.baseline.mae)), ("mse_reduction", .number(improvement))]))
            return
        }
        var text = TextTable(["held-out (\(result.actual.count) values)", "MSE", "MAE"])
        text.add(["GRU", String(format: "%.2f", result.model.mse), String(format: "%.2f", result.model.mae)])
        text.add(["persistence ŷ_t = y_{t−1}", String(format: "%.2f", result.baseline.mse), String(format: "%.2f", result.baseline.mae)])
        print(text.render())
        print(String(format: "GRU MSE is %.0f%% below persistence", 100 * improvement))
        print("wrote \(Project.display(svg))")
    }
}
