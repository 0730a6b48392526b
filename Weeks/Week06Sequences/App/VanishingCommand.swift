// `vanishing`: the gradient-norm-vs-distance table for the three cells and a log-scale SVG.

import Foundation
import Shared
import Week06Sequences

enum VanishingCommand {
    static func run(_ invocation: Invocation) throws {
        let steps = invocation.int("steps")
        let seed = invocation.int("seed")
        let json = invocation.flag("json")
        let results = try CellKind.allCases.map {
            try VanishingGradient.measure($0, steps: steps, seed: UInt64(seed))
        }
        let output = try Project.outputDirectory("Week06Sequences")
        let svg = output.appendingPathComponent("vanishing.svg")
        let series = results.map { r in
            Series(name: r.kind.rawValue.uppercased(), x: r.gradientNorms.indices.map(Double.init), y: r.gradientNorms)
        }
        try SVGPlot.save(SVGPlot.line(title: "‖∂L/∂x_t‖ for a loss at step T, at initialisation (hidden 32)",
                                      xLabel: "distance T − t", yLabel: "gradient norm", series: series, logY: true),
                         to: svg)
        if json {
            var pairs: [(String, JSONValue)] = [("command", .string("vanishing")), ("steps", .int(steps)), ("seed", .int(seed))]
            for r in results { pairs.append((r.kind.rawValue, JSONValue.doubles(r.gradientNorms))) }
            print(JSONText.line(pairs))
            return
        }
        print("Vanishing gradients: loss at step T = \(steps), ‖∂L/∂x_t‖ by distance T − t (input 8, hidden 32, batch 16, seed \(seed))")
        var table = TextTable(["distance"] + results.map { $0.kind.rawValue.uppercased() })
        let shown = [0, 1, 2, 5, 10, 15, 20, 30, 39, 50, 75, 99].filter { $0 < steps }
        for d in shown {
            table.add([String(d)] + results.map { String(format: "%.3e", $0.gradientNorms[d]) })
        }
        print(table.render())
        for r in results {
            let d = VanishingGradient.decayDistance(r.gradientNorms, fraction: 1e-3).map(String.init) ?? "> \(steps - 1)"
            print("  \(r.kind.rawValue.uppercased()): falls below 1/1000 of its distance-0 norm at distance \(d)")
        }
        print("wrote \(Project.display(svg))")
    }
}
