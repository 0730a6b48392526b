// How a training week reports its epochs: one table row, one `--json` line, and the
// loss/accuracy curves SVG. Week 4's MLP and week 5's CNNs (and later weeks) share it, so every
// training run reads the same way.

import Shared

public struct EpochLog: Sendable {
    public var epoch: Int
    public var lr: Float
    public var train: EpochResult
    public var test: ClassificationEvaluation
    public var seconds: Double

    public init(epoch: Int, lr: Float, train: EpochResult, test: ClassificationEvaluation, seconds: Double) {
        self.epoch = epoch
        self.lr = lr
        self.train = train
        self.test = test
        self.seconds = seconds
    }

    public static let columns = ["epoch", "lr", "train loss", "train acc", "test loss", "test acc", "seconds"]

    /// The row under `columns`.
    public var row: [String] {
        [String(epoch), String(format: "%.2e", Double(lr)), String(format: "%.4f", train.loss),
         String(format: "%.4f", train.accuracy), String(format: "%.4f", test.loss),
         String(format: "%.4f", test.accuracy), String(format: "%.2f", seconds)]
    }

    /// The per-epoch `--json` line.
    public var jsonLine: String {
        JSONText.line([("epoch", .int(epoch)), ("train_loss", .number(train.loss)),
                       ("train_accuracy", .number(train.accuracy)), ("test_loss", .number(test.loss)),
                       ("test_accuracy", .number(test.accuracy)), ("seconds", .number(seconds))])
    }

    /// Train/test loss and accuracy against the epoch number.
    public static func curves(title: String, _ logs: [EpochLog]) -> String {
        let x = logs.map { Double($0.epoch) }
        return SVGPlot.line(title: title, xLabel: "epoch", yLabel: "value",
                            series: [Series(name: "train loss", x: x, y: logs.map(\.train.loss)),
                                     Series(name: "test loss", x: x, y: logs.map(\.test.loss)),
                                     Series(name: "train accuracy", x: x, y: logs.map(\.train.accuracy)),
                                     Series(name: "test accuracy", x: x, y: logs.map(\.test.accuracy))])
    }
}
