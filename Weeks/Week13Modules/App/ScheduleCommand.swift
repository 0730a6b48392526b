// `schedule`: the learning-rate curves over --steps scheduler steps from --lr, with these presets
// (the torch fixture in Tests/Fixtures checks the formulas on its own settings):
//   step           step size steps/4, γ 0.5           exponential   γ = 0.01^(1/steps) (1 % at the end)
//   warmup-cosine  warm-up steps/10, min lr/10        one-cycle     torch's defaults over the steps
//   plateau        factor 0.5, patience steps/20, on a made-up validation loss that stops improving
//                  at a third of the run (printed with the curve)

import Foundation
import Shared
import Week13Modules

enum ScheduleCommand {
    static func run(_ invocation: Invocation) throws {
        let (steps, lr, kind, json) = (invocation.int("steps"), invocation.double("lr"), invocation.string("kind"), invocation.flag("json"))
        var curves: [(name: String, values: [Double])] = []
        let schedules: [LRSchedule] = [
            .constant(lr: lr), .step(lr: lr, stepSize: Swift.max(1, steps / 4), gamma: 0.5),
            .exponential(lr: lr, gamma: Foundation.pow(0.01, 1 / Double(steps))),
            .warmupCosine(maxLR: lr, minLR: lr / 10, warmup: steps / 10, decaySteps: steps),
            .oneCycle(maxLR: lr, totalSteps: steps),
        ]
        for schedule in schedules where kind == "all" || kind == schedule.kind {
            curves.append((schedule.kind, schedule.curve(steps: steps)))
        }
        if kind == "all" || kind == "plateau" {
            let plateau = ReduceOnPlateau(lr: lr, factor: 0.5, patience: Swift.max(1, steps / 20))
            curves.append(("plateau", plateau.curve(metrics: plateauMetric(steps: steps))))
        }
        if json {
            for curve in curves { print(JSONText.line([("kind", .string(curve.name)), ("lr", .doubles(curve.values))])) }
        } else {
            let marks = Array(Set([0, 1, steps / 10, steps / 4, steps / 2, 3 * steps / 4, steps - 1])).sorted()
            var table = TextTable(["step"] + curves.map(\.name))
            for t in marks { table.add([String(t)] + curves.map { String(format: "%.6g", $0.values[t]) }) }
            print("lr(t) after t scheduler steps, base lr \(lr), \(steps) steps\n")
            print(table.render())
            if kind == "all" || kind == "plateau" {
                print("\nplateau metric: 1/(1 + t/(steps/30)) until steps/3, then flat (each step is one 'epoch')")
            }
        }
        let output = try Project.outputDirectory("Week13Modules")
        let url = output.appendingPathComponent(kind == "all" ? "schedules.svg" : "schedule-\(kind).svg")
        try SVGPlot.save(SVGPlot.line(title: "learning-rate schedules (base lr \(lr))", xLabel: "scheduler step", yLabel: "lr",
                                      series: curves.map { Series(name: $0.name, y: $0.values) }), to: url)
        if !json { print("\nwrote \(Project.display(url))") }
    }

    /// A validation loss that improves for the first third of the run and then stays flat.
    static func plateauMetric(steps: Int) -> [Double] {
        let knee = Swift.max(1, steps / 3), scale = Swift.max(1.0, Double(steps) / 30)
        return (0..<steps).map { 1 / (1 + Double(Swift.min($0, knee)) / scale) }
    }
}
