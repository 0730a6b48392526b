// Prometheus metrics: counters, gauges and histograms with labels, rendered in the text
// exposition format (version 0.0.4) that Prometheus scrapes from GET /metrics:
//
//   # HELP http_requests_total Requests served, by method, route and status.
//   # TYPE http_requests_total counter
//   http_requests_total{method="POST",path="/predict",status="200"} 2000
//   # TYPE http_request_duration_seconds histogram
//   http_request_duration_seconds_bucket{le="0.001"} 1630      ← cumulative: observations ≤ le
//   …
//   http_request_duration_seconds_bucket{le="+Inf"} 2000       ← always last, equals _count
//   http_request_duration_seconds_sum 1.73
//   http_request_duration_seconds_count 2000
//
// Each metric has its own lock, so recording from many worker threads is safe; a scrape reads
// each metric under its lock (a scrape is consistent per metric, not across metrics).

import Foundation

protocol MetricFamily: AnyObject, Sendable {
    var name: String { get }
    func render(into out: inout String)
}

public final class MetricsRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var families: [any MetricFamily] = []

    public init() {}

    private func register<M: MetricFamily>(_ metric: M) -> M {
        lock.lock()
        defer { lock.unlock() }
        precondition(!families.contains { $0.name == metric.name }, "metric \(metric.name) registered twice")
        families.append(metric)
        return metric
    }

    public func counter(_ name: String, help: String, labels: [String] = []) -> Counter {
        register(Counter(name: name, help: help, labelNames: labels))
    }

    public func gauge(_ name: String, help: String, labels: [String] = []) -> Gauge {
        register(Gauge(name: name, help: help, labelNames: labels))
    }

    public func histogram(_ name: String, help: String, labels: [String] = [], buckets: [Double]) -> Histogram {
        register(Histogram(name: name, help: help, labelNames: labels, buckets: buckets))
    }

    /// The text exposition of every registered metric, in registration order.
    public func exposition() -> String {
        lock.lock()
        let all = families
        lock.unlock()
        var out = ""
        for family in all { family.render(into: &out) }
        return out
    }

    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}

/// Shared by the three kinds: name, help text, label names and the rendering helpers.
public class LabelledMetric: @unchecked Sendable {
    public let name: String
    public let help: String
    public let labelNames: [String]
    let lock = NSLock()

    init(name: String, help: String, labelNames: [String]) {
        precondition(Exposition.isValidName(name), "invalid metric name \(name)")
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    func checked(_ labels: [String]) -> [String] {
        precondition(labels.count == labelNames.count, "\(name) takes labels \(labelNames), got \(labels)")
        return labels
    }

    func header(_ type: String, into out: inout String) {
        out += "# HELP \(name) \(Exposition.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    func sample(_ suffix: String, _ labels: [String], extra: (String, String)? = nil, _ value: Double, into out: inout String) {
        var pairs = zip(labelNames, labels).map { ($0, $1) }
        if let extra { pairs.append(extra) }
        let labelText = pairs.isEmpty ? "" : "{" + pairs.map { "\($0)=\"\(Exposition.escapeLabel($1))\"" }.joined(separator: ",") + "}"
        out += "\(name)\(suffix)\(labelText) \(Exposition.format(value))\n"
    }
}

public final class Counter: LabelledMetric, MetricFamily, @unchecked Sendable {
    private var values: [[String]: Double] = [:]

    public func increment(_ labels: [String] = [], by amount: Double = 1) {
        precondition(amount >= 0, "a counter only goes up")
        lock.lock()
        values[checked(labels), default: 0] += amount
        lock.unlock()
    }

    public func value(_ labels: [String] = []) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return values[labels] ?? 0
    }

    func render(into out: inout String) {
        lock.lock()
        defer { lock.unlock() }
        header("counter", into: &out)
        if labelNames.isEmpty && values.isEmpty { sample("", [], 0, into: &out) }
        for key in values.keys.sorted(by: Exposition.labelOrder) { sample("", key, values[key]!, into: &out) }
    }
}

public final class Gauge: LabelledMetric, MetricFamily, @unchecked Sendable {
    private var values: [[String]: Double] = [:]

    public func set(_ value: Double, _ labels: [String] = []) {
        lock.lock()
        values[checked(labels)] = value
        lock.unlock()
    }

    public func add(_ delta: Double, _ labels: [String] = []) {
        lock.lock()
        values[checked(labels), default: 0] += delta
        lock.unlock()
    }

    public func value(_ labels: [String] = []) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return values[labels] ?? 0
    }

    func render(into out: inout String) {
        lock.lock()
        defer { lock.unlock() }
        header("gauge", into: &out)
        if labelNames.isEmpty && values.isEmpty { sample("", [], 0, into: &out) }
        for key in values.keys.sorted(by: Exposition.labelOrder) { sample("", key, values[key]!, into: &out) }
    }
}

public final class Histogram: LabelledMetric, MetricFamily, @unchecked Sendable {
    /// Upper bounds, increasing; +Inf is implicit.
    public let buckets: [Double]
    private var series: [[String]: (counts: [Int], sum: Double, count: Int)] = [:]

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        precondition(!buckets.isEmpty && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }, "buckets must increase")
        self.buckets = buckets.filter(\.isFinite)
        super.init(name: name, help: help, labelNames: labelNames)
    }

    public func observe(_ value: Double, _ labels: [String] = []) {
        lock.lock()
        defer { lock.unlock() }
        var entry = series[checked(labels)] ?? (Array(repeating: 0, count: buckets.count), 0, 0)
        if let i = buckets.firstIndex(where: { value <= $0 }) { entry.counts[i] += 1 }  // per-bucket; cumulated when rendered
        entry.sum += value
        entry.count += 1
        series[labels] = entry
    }

    func render(into out: inout String) {
        // exercise histogram-exposition: Write a histogram's series in the Prometheus text format: cumulative buckets, +Inf, _sum and _count.
        // hint: Hold the lock while reading the series; write the HELP/TYPE header once, then each label set in a fixed (sorted) order.
        // hint: The stored counts are per bucket: the exposition wants cumulative ones, so keep a running total as you walk the bounds; the extra label le uses Exposition.format.
        // hint: The +Inf bucket and _count are both the number of observations; an unlabelled histogram with no observations still writes its zero series.
        // tests: MetricsTests/testRenderedExpositionIsExactlyAsHandWritten, MetricsTests/testEmptyMetricsStillValid
        lock.lock()
        defer { lock.unlock() }
        header("histogram", into: &out)
        var keys = series.keys.sorted(by: Exposition.labelOrder)
        if keys.isEmpty && labelNames.isEmpty { keys = [[]] }
        for key in keys {
            let entry = series[key] ?? (Array(repeating: 0, count: buckets.count), 0, 0)
            var cumulative = 0
            for (bound, n) in zip(buckets, entry.counts) {
                cumulative += n
                sample("_bucket", key, extra: ("le", Exposition.format(bound)), Double(cumulative), into: &out)
            }
            sample("_bucket", key, extra: ("le", "+Inf"), Double(entry.count), into: &out)
            sample("_sum", key, entry.sum, into: &out)
            sample("_count", key, Double(entry.count), into: &out)
        }
        // end exercise histogram-exposition
    }

    /// Bounds 1, 2, 5 × 10^k from `low` to `high` (the usual latency ladder).
    public static func decadeBuckets(from low: Double, to high: Double) -> [Double] {
        var out: [Double] = []
        var decade = pow(10, floor(log10(low)))
        while decade <= high {
            for m in [1.0, 2.0, 5.0] where m * decade >= low * 0.999 && m * decade <= high * 1.001 {
                out.append((m * decade * 1e9).rounded() / 1e9)
            }
            decade *= 10
        }
        return out
    }
}

/// The format's lexical rules, shared by the writer and the scraper.
public enum Exposition {
    public static func isValidName(_ s: String) -> Bool {
        guard let first = s.utf8.first, !(48...57).contains(first) else { return false }
        return s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 || $0 == 58 }
    }

    static func escapeLabel(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Go-style float text: integers without a decimal point, +Inf/-Inf/NaN spelled as Prometheus does.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "+Inf" : "-Inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func labelOrder(_ a: [String], _ b: [String]) -> Bool { a.lexicographicallyPrecedes(b) }
}
