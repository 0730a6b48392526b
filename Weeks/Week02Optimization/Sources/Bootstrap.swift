// The percentile bootstrap (Efron & Tibshirani, ch. 13): resample the data with replacement B
// times, compute the statistic on each resample, and take the (1 − c)/2 and (1 + c)/2 quantiles
// of those B values as the confidence interval. No formula for the statistic's standard error is
// needed, which is the point: the median has none that is simple.
//
// Quantiles interpolate linearly between order statistics (numpy's default). In simulation the
// 95% interval for a normal mean covers the true mean ≈ 94–95% of the time for n ≥ 50 (it is a
// little too narrow for small n, as the percentile method is).

import Foundation
import Shared

public enum BootstrapStatistic: String, CaseIterable, Sendable {
    case mean, median

    public func callAsFunction(_ x: [Double]) -> Double {
        switch self {
        case .mean: return x.reduce(0, +) / Double(x.count)
        case .median: return Descriptive.quantile(sorted: x.sorted(), 0.5)
        }
    }

    public static func named(_ name: String) throws -> BootstrapStatistic {
        guard let s = BootstrapStatistic(rawValue: name.lowercased()) else {
            throw Week02Error.unknownName(kind: "statistic", name: name, choices: allCases.map(\.rawValue))
        }
        return s
    }
}

public struct BootstrapInterval: Sendable {
    public var statistic: BootstrapStatistic
    /// The statistic of the original data.
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var confidence: Double
    public var resamples: Int
    /// The standard deviation of the B resampled statistics.
    public var standardError: Double

    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

public enum Bootstrap {
    public static func percentileInterval(_ data: [Double], statistic: BootstrapStatistic = .mean, resamples: Int = 2000,
                                          confidence: Double = 0.95, seed: UInt64 = 0) throws -> BootstrapInterval {
        guard data.count >= 2 else { throw Week02Error.notEnoughData("the bootstrap needs at least 2 values, got \(data.count)") }
        guard data.allSatisfy(\.isFinite) else { throw Week02Error.invalidArgument("the data contain NaN or infinity") }
        guard resamples >= 10 else { throw Week02Error.invalidArgument("--resamples must be at least 10, got \(resamples)") }
        guard confidence > 0 && confidence < 1 else {
            throw Week02Error.invalidArgument("--confidence must be between 0 and 1 (e.g. 0.95), got \(confidence)")
        }
        var rng = SplitMix64(seed: seed)
        let n = data.count
        var resample = [Double](repeating: 0, count: n)
        var values = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            for i in 0..<n { resample[i] = data[rng.nextInt(below: n)] }
            values[b] = statistic(resample)
        }
        values.sort()
        let mean = values.reduce(0, +) / Double(resamples)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(resamples - 1)).squareRoot()
        return BootstrapInterval(statistic: statistic, estimate: statistic(data),
                                 lower: Descriptive.quantile(sorted: values, (1 - confidence) / 2),
                                 upper: Descriptive.quantile(sorted: values, (1 + confidence) / 2),
                                 confidence: confidence, resamples: resamples, standardError: sd)
    }
}

public enum Descriptive {
    /// The q-quantile of sorted values, interpolating linearly (numpy.quantile's default).
    public static func quantile(sorted x: [Double], _ q: Double) -> Double {
        precondition(!x.isEmpty, "quantile of no values")
        let position = q * Double(x.count - 1)
        let i = Int(position.rounded(.down))
        if i + 1 >= x.count { return x[x.count - 1] }
        let fraction = position - Double(i)
        return x[i] + fraction * (x[i + 1] - x[i])
    }

    public static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    /// The sample variance (divisor n − 1).
    public static func variance(_ x: [Double]) -> Double {
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }
}
