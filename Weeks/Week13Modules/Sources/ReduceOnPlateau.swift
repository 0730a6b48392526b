// Reduce-on-plateau: the one schedule driven by a measured metric (torch ReduceLROnPlateau with
// mode "min", threshold_mode "rel").
//
//   after each `step(metric)`:
//     better  ⇔ metric < best · (1 − threshold)       → best = metric, bad = 0;  else bad += 1
//     in cooldown (cooldownLeft > 0)                  → cooldownLeft −= 1, bad = 0
//     bad > patience                                  → lr' = max(lr · factor, minLR); taken only
//                                                        when lr − lr' > eps; cooldownLeft = cooldown, bad = 0
//
// Its state (best, bad epochs, cooldown left, lr) is what a checkpoint saves (`metadata`).
// What this file does not do: no "max" mode, no absolute threshold, no per-group minimum lr.

public struct ReduceOnPlateau: Equatable, Sendable {
    public var lr: Double
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let cooldown: Int
    public let minLR: Double
    public let eps: Double
    public private(set) var best = Double.infinity
    public private(set) var badSteps = 0
    public private(set) var cooldownLeft = 0

    public init(lr: Double, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4, cooldown: Int = 0,
                minLR: Double = 0, eps: Double = 1e-8) {
        self.lr = lr
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minLR = minLR
        self.eps = eps
    }

    /// Records one metric (e.g. the validation loss of an epoch); returns the lr to use next.
    @discardableResult
    public mutating func step(_ metric: Double) -> Double {
        // exercise reduce-on-plateau: Record one metric and cut the learning rate when it has stopped improving, with torch ReduceLROnPlateau's rules.
        // hint: An improvement is relative: the metric must beat best · (1 − threshold); then it becomes the best and the bad-step count restarts, else the count grows.
        // hint: While a cooldown is running, count it down and ignore bad steps.
        // hint: After more than `patience` bad steps, multiply lr by factor (never below minLR, and only if the drop exceeds eps), then start the cooldown and reset the count.
        // tests: ScheduleTests/testReduceOnPlateauEqualsTorch, ScheduleTests/testPlateauStateSavedMidwayContinuesTheSameCurve
        if metric < best * (1 - threshold) {
            best = metric
            badSteps = 0
        } else {
            badSteps += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badSteps = 0
        }
        if badSteps > patience {
            let reduced = Swift.max(lr * factor, minLR)
            if lr - reduced > eps { lr = reduced }
            cooldownLeft = cooldown
            badSteps = 0
        }
        return lr
        // end exercise reduce-on-plateau
    }

    /// The lr after each metric of `metrics`, from a fresh copy of this state.
    public func curve(metrics: [Double]) -> [Double] {
        var copy = self
        return metrics.map { copy.step($0) }
    }

    /// The state for a checkpoint (settings and counters, shortest round-trip text).
    public var metadata: [String: String] {
        ["plateau.lr": String(lr), "plateau.factor": String(factor), "plateau.patience": String(patience),
         "plateau.threshold": String(threshold), "plateau.cooldown": String(cooldown), "plateau.min_lr": String(minLR),
         "plateau.eps": String(eps), "plateau.best": String(best), "plateau.bad_steps": String(badSteps),
         "plateau.cooldown_left": String(cooldownLeft)]
    }

    public init(metadata: [String: String]) throws {
        func value(_ key: String) throws -> Double {
            guard let text = metadata["plateau." + key], let v = Double(text), !v.isNaN else {
                throw ScheduleError.badMetadata("plateau." + key)
            }
            return v
        }
        self.init(lr: try value("lr"), factor: try value("factor"), patience: Int(try value("patience")),
                  threshold: try value("threshold"), cooldown: Int(try value("cooldown")), minLR: try value("min_lr"),
                  eps: try value("eps"))
        best = try value("best")
        badSteps = Int(try value("bad_steps"))
        cooldownLeft = Int(try value("cooldown_left"))
    }
}
