// The SVG figures of a run: one plot of train vs validation loss and accuracy per epoch, and the
// ablation's overlays (every configuration's validation loss; the gaps as bars).

import Foundation
import Shared
import Week14Regularization

enum Curves {
    /// Train/validation loss and accuracy by epoch for one run.
    static func run(title: String, _ history: [CurvePoint]) -> String {
        let x = history.map { Double($0.epoch) }
        return SVGPlot.line(title: title, xLabel: "epoch", yLabel: "value",
                            series: [Series(name: "train loss", x: x, y: history.map(\.train.loss)),
                                     Series(name: "validation loss", x: x, y: history.map(\.validation.loss)),
                                     Series(name: "train accuracy", x: x, y: history.map(\.train.accuracy)),
                                     Series(name: "validation accuracy", x: x, y: history.map(\.validation.accuracy))])
    }

    /// "label smoothing 0.1" → "label-smoothing-0-1".
    static func slug(_ name: String) -> String {
        let allowed = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(allowed).split(separator: "-").joined(separator: "-")
    }
}
