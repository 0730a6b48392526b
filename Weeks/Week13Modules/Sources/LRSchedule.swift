// Learning-rate schedules as data: lr(t) for t = 0, 1, 2, … the number of scheduler steps taken
// (torch's `last_epoch`; nanoGPT's `iter_num`), computed in closed form in Double.
//
//   constant       lr(t) = lr
//   step           lr(t) = lr · γ^⌊t / stepSize⌋                               (torch StepLR)
//   exponential    lr(t) = lr · γ^t                                           (torch ExponentialLR)
//   warmupCosine   t < W:       max · (t + 1) / (W + 1)                        (nanoGPT's get_lr)
//                  W ≤ t ≤ D:   min + ½(max − min)(1 + cos(π (t − W) / (D − W)))
//                  t > D:       min
//   oneCycle       two cosine phases over N steps (torch OneCycleLR, anneal "cos", two phases):
//                  start = max / div, end = start / finalDiv, peak at step p = pct·N − 1:
//                  t ≤ p: cos-anneal start → max over t / p;  then max → end over (t − p) / (N − 1 − p)
//                  where cosAnneal(a, b, f) = b + ½(a − b)(1 + cos(π f))
//
// torch computes StepLR, ExponentialLR and CosineAnnealingLR recursively (lr ← lr·γ each step),
// so its values differ from these closed forms by rounding only (≤ 1e-12 relative over 1000 steps).
// The schedule that reacts to a metric, reduce-on-plateau, keeps state: ReduceOnPlateau.swift.
// `metadata` / `init(metadata:)` are the schedule's form inside a checkpoint.
//
// What this file does not do: no warm restarts (SGDR's cycles), no per-group schedules, no
// three-phase or linear one-cycle.

import Foundation

public enum LRSchedule: Equatable, Sendable {
    case constant(lr: Double)
    case step(lr: Double, stepSize: Int, gamma: Double)
    case exponential(lr: Double, gamma: Double)
    case warmupCosine(maxLR: Double, minLR: Double, warmup: Int, decaySteps: Int)
    case oneCycle(maxLR: Double, totalSteps: Int, pctStart: Double, divFactor: Double, finalDivFactor: Double)

    /// torch's defaults: pct_start 0.3, div_factor 25, final_div_factor 1e4.
    public static func oneCycle(maxLR: Double, totalSteps: Int) -> LRSchedule {
        .oneCycle(maxLR: maxLR, totalSteps: totalSteps, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4)
    }

    /// The lr after `t` scheduler steps (t ≥ 0).
    public func lr(at t: Int) -> Double {
        switch self {
        case let .constant(lr):
            return lr
        case let .step(lr, stepSize, gamma):
            return lr * Foundation.pow(gamma, Double(t / Swift.max(1, stepSize)))
        case let .exponential(lr, gamma):
            return lr * Foundation.pow(gamma, Double(t))
        case let .warmupCosine(maxLR, minLR, warmup, decaySteps):
            if t < warmup { return maxLR * Double(t + 1) / Double(warmup + 1) }
            if t > decaySteps { return minLR }
            let ratio = Double(t - warmup) / Double(Swift.max(1, decaySteps - warmup))
            let coefficient = 0.5 * (1 + Foundation.cos(Double.pi * ratio))
            return minLR + coefficient * (maxLR - minLR)
        case let .oneCycle(maxLR, totalSteps, pctStart, divFactor, finalDivFactor):
            return Self.oneCycleLR(at: t, maxLR: maxLR, totalSteps: totalSteps, pctStart: pctStart,
                                   divFactor: divFactor, finalDivFactor: finalDivFactor)
        }
    }

    /// torch OneCycleLR's lr after `t` steps (two cosine phases, see the header).
    static func oneCycleLR(at t: Int, maxLR: Double, totalSteps: Int, pctStart: Double, divFactor: Double, finalDivFactor: Double) -> Double {
        // exercise one-cycle-lr: Compute torch OneCycleLR's learning rate after t steps: a cosine rise from max/div to max, then a cosine fall to a tiny final lr.
        // hint: Three lrs define the cycle: the start (maxLR / divFactor), the peak maxLR, and the end (start / finalDivFactor).
        // hint: The peak sits at step pctStart · totalSteps − 1 and the last step is totalSteps − 1; each phase maps its steps to a fraction 0…1.
        // hint: Both phases use the same cosine interpolation from a to b (cosAnneal), which is a at fraction 0 and b at fraction 1.
        // tests: ScheduleTests/testStepExponentialWarmupCosineOneCycleEqualTorch, ScheduleTests/testHandWorkedValues
        let start = maxLR / divFactor
        let end = start / finalDivFactor
        let peak = pctStart * Double(totalSteps) - 1
        let last = Double(totalSteps - 1)
        let step = Double(t)
        if step <= peak { return Self.cosAnneal(start, maxLR, step / peak) }
        return Self.cosAnneal(maxLR, end, (step - peak) / (last - peak))
        // end exercise one-cycle-lr
    }

    /// b + ½(a − b)(1 + cos(π f)): a at f = 0, b at f = 1.
    static func cosAnneal(_ a: Double, _ b: Double, _ fraction: Double) -> Double {
        b + (a - b) / 2 * (Foundation.cos(Double.pi * fraction) + 1)
    }

    /// lr(0), lr(1), …, lr(steps − 1).
    public func curve(steps: Int) -> [Double] { (0..<Swift.max(0, steps)).map { lr(at: $0) } }

    /// The kind's name on the command line and in checkpoints.
    public var kind: String {
        switch self {
        case .constant: return "constant"
        case .step: return "step"
        case .exponential: return "exponential"
        case .warmupCosine: return "warmup-cosine"
        case .oneCycle: return "one-cycle"
        }
    }

    /// The schedule as checkpoint metadata: kind plus its numbers (shortest round-trip text).
    public var metadata: [String: String] {
        var values: [String: String] = ["schedule": kind]
        func put(_ key: String, _ value: Double) { values["schedule." + key] = String(value) }
        switch self {
        case let .constant(lr): put("lr", lr)
        case let .step(lr, stepSize, gamma): put("lr", lr); put("step_size", Double(stepSize)); put("gamma", gamma)
        case let .exponential(lr, gamma): put("lr", lr); put("gamma", gamma)
        case let .warmupCosine(maxLR, minLR, warmup, decaySteps):
            put("max_lr", maxLR); put("min_lr", minLR); put("warmup", Double(warmup)); put("decay_steps", Double(decaySteps))
        case let .oneCycle(maxLR, totalSteps, pctStart, divFactor, finalDivFactor):
            put("max_lr", maxLR); put("total_steps", Double(totalSteps)); put("pct_start", pctStart)
            put("div_factor", divFactor); put("final_div_factor", finalDivFactor)
        }
        return values
    }

    /// Reads `metadata` back; a missing or non-numeric entry names itself in the error.
    public init(metadata: [String: String]) throws {
        func value(_ key: String) throws -> Double {
            guard let text = metadata["schedule." + key], let v = Double(text), v.isFinite else {
                throw ScheduleError.badMetadata("schedule." + key)
            }
            return v
        }
        switch metadata["schedule"] {
        case "constant": self = .constant(lr: try value("lr"))
        case "step": self = .step(lr: try value("lr"), stepSize: Int(try value("step_size")), gamma: try value("gamma"))
        case "exponential": self = .exponential(lr: try value("lr"), gamma: try value("gamma"))
        case "warmup-cosine":
            self = .warmupCosine(maxLR: try value("max_lr"), minLR: try value("min_lr"), warmup: Int(try value("warmup")),
                                 decaySteps: Int(try value("decay_steps")))
        case "one-cycle":
            self = .oneCycle(maxLR: try value("max_lr"), totalSteps: Int(try value("total_steps")), pctStart: try value("pct_start"),
                             divFactor: try value("div_factor"), finalDivFactor: try value("final_div_factor"))
        default: throw ScheduleError.badMetadata("schedule")
        }
    }
}

public enum ScheduleError: Error, CustomStringConvertible, Equatable {
    case badMetadata(String)

    public var description: String {
        switch self {
        case let .badMetadata(key): return "checkpoint metadata '\(key)' is missing or not a valid value"
        }
    }
}
