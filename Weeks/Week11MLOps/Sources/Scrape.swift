// Reading the exposition format back: what a Prometheus server does when it scrapes /metrics.
// `ScrapedMetrics` parses the sample lines (comments skipped) and answers the two questions a
// dashboard asks: "how many so far?" (a counter summed over the series that match) and "what is
// the latency percentile?" (PromQL's histogram_quantile: find the bucket that holds rank q·count
// and interpolate linearly inside it).

import Foundation

public struct MetricSample: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var value: Double
}

public struct ScrapedMetrics: Sendable {
    public var samples: [MetricSample]

    public init(samples: [MetricSample]) { self.samples = samples }

    /// Parses exposition text; a malformed sample line is an error naming its line number.
    public init(text: String) throws {
        var samples: [MetricSample] = []
        for (number, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let sample = Self.parseSample(line) else {
                throw SocketError("metrics", "line \(number + 1) is not a sample: '\(line.prefix(80))'")
            }
            samples.append(sample)
        }
        self.samples = samples
    }

    /// `name{a="x",b="y"} value` or `name value` (an optional timestamp after the value is ignored).
    static func parseSample(_ line: String) -> MetricSample? {
        var labels: [String: String] = [:]
        let name: String
        let rest: Substring
        if let brace = line.firstIndex(of: "{") {
            name = String(line[..<brace])
            var i = line.index(after: brace)
            while i < line.endIndex && line[i] != "}" {
                guard let eq = line[i...].firstIndex(of: "="), line.index(after: eq) < line.endIndex,
                      line[line.index(after: eq)] == "\"" else { return nil }
                let key = line[i..<eq].trimmingCharacters(in: CharacterSet(charactersIn: ", "))
                var j = line.index(eq, offsetBy: 2)
                var value = ""
                while j < line.endIndex && line[j] != "\"" {
                    if line[j] == "\\", line.index(after: j) < line.endIndex {
                        j = line.index(after: j)
                        value.append(line[j] == "n" ? "\n" : line[j])
                    } else {
                        value.append(line[j])
                    }
                    j = line.index(after: j)
                }
                guard j < line.endIndex else { return nil }
                labels[key] = value
                i = line.index(after: j)
                while i < line.endIndex && (line[i] == "," || line[i] == " ") { i = line.index(after: i) }
            }
            guard i < line.endIndex else { return nil }
            rest = line[line.index(after: i)...]
        } else {
            guard let space = line.firstIndex(of: " ") else { return nil }
            name = String(line[..<space])
            rest = line[space...]
        }
        guard Exposition.isValidName(name), let valueText = rest.split(separator: " ").first else { return nil }
        let value: Double
        switch valueText {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let v = Double(valueText) else { return nil }
            value = v
        }
        return MetricSample(name: name, labels: labels, value: value)
    }

    /// The sum of `name`'s samples whose labels include every pair in `matching`.
    public func total(_ name: String, matching: [String: String] = [:], excluding: [String: String] = [:]) -> Double {
        samples.filter { s in
            s.name == name && matching.allSatisfy { s.labels[$0.key] == $0.value }
                && !excluding.contains { s.labels[$0.key] == $0.value }
        }.reduce(0) { $0 + $1.value }
    }

    /// A histogram's cumulative buckets (upper bound, count), summed over the matching series,
    /// sorted by bound, +Inf last.
    public func buckets(_ name: String, matching: [String: String] = [:]) -> [(le: Double, count: Double)] {
        var byBound: [Double: Double] = [:]
        for s in samples where s.name == name + "_bucket" && matching.allSatisfy({ s.labels[$0.key] == $0.value }) {
            guard let text = s.labels["le"], let bound = text == "+Inf" ? .infinity : Double(text) else { continue }
            byBound[bound, default: 0] += s.value
        }
        return byBound.keys.sorted().map { ($0, byBound[$0]!) }
    }
}

public enum HistogramMath {
    /// PromQL's histogram_quantile(q, buckets): the q-quantile (0…1) estimated from cumulative
    /// buckets by linear interpolation inside the bucket holding rank q·total (the first bucket
    /// starts at 0). A rank in the +Inf bucket returns the largest finite bound. NaN when empty.
    public static func quantile(_ q: Double, _ buckets: [(le: Double, count: Double)]) -> Double {
        // exercise histogram-quantile: Estimate a quantile from cumulative histogram buckets the way PromQL's histogram_quantile does.
        // hint: The target rank is q times the total count (the last, +Inf bucket); find the first bucket whose cumulative count reaches it.
        // hint: Inside that bucket assume observations are spread evenly between the previous bound (0 for the first bucket) and this bound, and interpolate linearly.
        // hint: Edge cases: no observations is NaN, a rank that lands in +Inf returns the largest finite bound.
        // tests: MetricsTests/testHistogramQuantileInterpolatesInsideTheBucket
        guard let total = buckets.last?.count, total > 0 else { return .nan }
        let rank = q * total
        var previousBound = 0.0, previousCount = 0.0
        for (bound, count) in buckets {
            if count >= rank {
                if bound.isInfinite { return previousBound }
                let inBucket = count - previousCount
                guard inBucket > 0 else { return bound }
                return previousBound + (bound - previousBound) * (rank - previousCount) / inBucket
            }
            previousBound = bound
            previousCount = count
        }
        return previousBound
        // end exercise histogram-quantile
    }

    /// Bucket-wise difference of two cumulative scrapes of the same histogram (the observations
    /// made between them).
    public static func difference(_ later: [(le: Double, count: Double)], _ earlier: [(le: Double, count: Double)]) -> [(le: Double, count: Double)] {
        let before = Dictionary(earlier.map { ($0.le, $0.count) }, uniquingKeysWith: +)
        return later.map { ($0.le, $0.count - (before[$0.le] ?? 0)) }
    }
}
