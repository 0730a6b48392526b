// The Assess gate, part 3: the Prometheus exposition. A validator written here from the format's
// rules (independently of Metrics.swift) checks what the registry renders; the validator itself
// is shown to reject broken expositions. Bucket counts, sums and the histogram_quantile estimate
// are compared with hand-computed values.

import Foundation
import Shared
import TestSupport
import Week11MLOps
import XCTest

/// The text format's rules (prometheus.io/docs/instrumenting/exposition_formats):
/// - metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*
/// - a family's HELP and TYPE lines come before its samples, at most once each, and a family's
///   samples are contiguous; TYPE is counter, gauge, histogram, summary or untyped
/// - a sample is `name{label="value",…} number` (label values escape \ " and newline)
/// - a counter's samples are ≥ 0
/// - a histogram has, per label set, `_bucket` samples with increasing `le` and non-decreasing
///   counts ending with le="+Inf", a `_sum` and a `_count` equal to the +Inf bucket
enum ExpositionValidator {
    static func validate(_ text: String) -> [String] {
        var problems: [String] = []
        let nameRegex = try! NSRegularExpression(pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$")
        let labelRegex = try! NSRegularExpression(pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$")
        let sampleRegex = try! NSRegularExpression(
            pattern: #"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$"#)
        func matches(_ regex: NSRegularExpression, _ s: String) -> Bool {
            regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
        var types: [String: String] = [:]
        var helped: Set<String> = []
        var finished: Set<String> = []  // families whose samples have ended
        var current: String?
        var sampled: Set<String> = []  // families with at least one sample so far
        // histogram family → label set (without le) → [(le, count)], sum, count
        var buckets: [String: [String: [(Double, Double)]]] = [:]
        var counts: [String: [String: Double]] = [:]
        var sums: [String: Set<String>] = [:]

        func family(of sample: String) -> String {
            for suffix in ["_bucket", "_sum", "_count"] where sample.hasSuffix(suffix) {
                let base = String(sample.dropLast(suffix.count))
                if types[base] == "histogram" || types[base] == "summary" { return base }
            }
            return sample
        }

        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let where_ = "line \(n + 1)"
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3, parts[1] == "HELP" || parts[1] == "TYPE" else { continue }  // other comments are allowed
                let name = parts[2]
                if !matches(nameRegex, name) { problems.append("\(where_): bad metric name \(name)") }
                if sampled.contains(name) {
                    problems.append("\(where_): \(parts[1]) for \(name) after its samples or repeated")
                }
                if parts[1] == "TYPE" {
                    let type = parts.count > 3 ? parts[3] : ""
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(type) { problems.append("\(where_): bad type \(type)") }
                    if types[name] != nil { problems.append("\(where_): second TYPE for \(name)") }
                    types[name] = type
                } else {
                    if helped.contains(name) { problems.append("\(where_): second HELP for \(name)") }
                    helped.insert(name)
                }
                continue
            }
            let s = String(line)
            guard let m = sampleRegex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else {
                problems.append("\(where_): not a valid sample: \(s)")
                continue
            }
            let name = String(s[Range(m.range(at: 1), in: s)!])
            let labelText = m.range(at: 3).location == NSNotFound ? "" : String(s[Range(m.range(at: 3), in: s)!])
            let valueText = String(s[Range(m.range(at: 4), in: s)!])
            let value = valueText == "+Inf" ? Double.infinity : valueText == "-Inf" ? -Double.infinity : Double(valueText) ?? .nan
            let fam = family(of: name)
            if types[fam] == nil { problems.append("\(where_): sample of \(fam) before its TYPE line") }
            if finished.contains(fam) { problems.append("\(where_): samples of \(fam) are not contiguous") }
            if let c = current, c != fam { finished.insert(c) }
            current = fam
            sampled.insert(fam)
            var labels: [(String, String)] = []
            for pair in labelText.split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if !matches(labelRegex, kv[0]) { problems.append("\(where_): bad label name \(kv[0])") }
                labels.append((kv[0], String(kv[1].dropFirst().dropLast())))
            }
            let key = labels.filter { $0.0 != "le" }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            if types[fam] == "counter" && !(value >= 0) { problems.append("\(where_): negative counter \(name)") }
            if types[fam] == "histogram" {
                if name == fam + "_bucket" {
                    guard let le = labels.first(where: { $0.0 == "le" })?.1,
                          let bound = le == "+Inf" ? Double.infinity : Double(le) else {
                        problems.append("\(where_): bucket without a numeric le")
                        continue
                    }
                    buckets[fam, default: [:]][key, default: []].append((bound, value))
                } else if name == fam + "_count" {
                    counts[fam, default: [:]][key] = value
                } else if name == fam + "_sum" {
                    sums[fam, default: []].insert(key)
                } else {
                    problems.append("\(where_): \(name) is not a histogram series name")
                }
            }
        }
        for (fam, type) in types where type == "histogram" {
            for (key, list) in buckets[fam] ?? [:] {
                for (a, b) in zip(list, list.dropFirst()) {
                    if !(a.0 < b.0) { problems.append("\(fam){\(key)}: le not increasing (\(a.0) then \(b.0))") }
                    if !(a.1 <= b.1) { problems.append("\(fam){\(key)}: buckets not cumulative (\(a.1) then \(b.1))") }
                }
                if list.last?.0 != .infinity { problems.append("\(fam){\(key)}: last bucket is not +Inf") }
                if counts[fam]?[key] != list.last?.1 { problems.append("\(fam){\(key)}: _count \(counts[fam]?[key] ?? -1) ≠ +Inf bucket \(list.last?.1 ?? -1)") }
                if !(sums[fam]?.contains(key) ?? false) { problems.append("\(fam){\(key)}: no _sum") }
            }
        }
        return problems
    }
}

final class MetricsTests: XCTestCase {
    func makeRegistry() -> (MetricsRegistry, Counter, Gauge, Histogram) {
        let registry = MetricsRegistry()
        let requests = registry.counter("app_requests_total", help: "Requests, by path and status.", labels: ["path", "status"])
        let inFlight = registry.gauge("app_in_flight", help: "In flight.")
        let latency = registry.histogram("app_latency_seconds", help: "Latency.\nSecond line with a \\ backslash.",
                                         labels: ["path"], buckets: [0.001, 0.01, 0.1])
        return (registry, requests, inFlight, latency)
    }

    func testRenderedExpositionIsExactlyAsHandWritten() {
        let (registry, requests, inFlight, latency) = makeRegistry()
        requests.increment(["/predict", "200"])
        requests.increment(["/predict", "200"])
        requests.increment(["/a \"quoted\"\npath", "404"])
        inFlight.set(3)
        inFlight.add(-1)
        // Observations 2⁻¹², 2⁻⁸, 2⁻⁸, 2⁻⁴, 3 (exact in binary, so the sum is exact): per bucket 1 | 2 | 1 | 1 (+Inf) → cumulative 1, 3, 4, 5.
        for v in [0.000244140625, 0.00390625, 0.00390625, 0.0625, 3] { latency.observe(v, ["/predict"]) }
        let expected = """
        # HELP app_requests_total Requests, by path and status.
        # TYPE app_requests_total counter
        app_requests_total{path="/a \\"quoted\\"\\npath",status="404"} 1
        app_requests_total{path="/predict",status="200"} 2
        # HELP app_in_flight In flight.
        # TYPE app_in_flight gauge
        app_in_flight 2
        # HELP app_latency_seconds Latency.\\nSecond line with a \\\\ backslash.
        # TYPE app_latency_seconds histogram
        app_latency_seconds_bucket{path="/predict",le="0.001"} 1
        app_latency_seconds_bucket{path="/predict",le="0.01"} 3
        app_latency_seconds_bucket{path="/predict",le="0.1"} 4
        app_latency_seconds_bucket{path="/predict",le="+Inf"} 5
        app_latency_seconds_sum{path="/predict"} 3.070556640625
        app_latency_seconds_count{path="/predict"} 5

        """
        XCTAssertEqual(registry.exposition(), expected)
        XCTAssertEqual(ExpositionValidator.validate(expected), [])
    }

    func testEmptyMetricsStillValid() {
        let (registry, _, _, _) = makeRegistry()
        let unlabelled = registry.histogram("plain_seconds", help: "No labels.", buckets: [1, 2])
        _ = unlabelled
        let text = registry.exposition()
        XCTAssertEqual(ExpositionValidator.validate(text), [])
        XCTAssertTrue(text.contains("plain_seconds_bucket{le=\"+Inf\"} 0\nplain_seconds_sum 0\nplain_seconds_count 0\n"))
        XCTAssertTrue(text.contains("app_in_flight 0\n"))
    }

    func testValidatorRejectsBrokenExpositions() {
        let good = "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
        XCTAssertEqual(ExpositionValidator.validate(good), [])
        let broken = [
            "x 1\n# TYPE x counter\n",                                                         // sample before TYPE
            "# TYPE 9x counter\n9x 1\n",                                                       // bad name
            "# TYPE x counter\nx -1\n",                                                        // negative counter
            "# TYPE x counter\nx{bad-label=\"a\"} 1\n",                                        // bad label name
            "# TYPE x counter\nx one\n",                                                       // not a number
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 3\nh_count 1\n",  // not cumulative
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 2\nh_sum 3\nh_count 2\n",    // no +Inf
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 3\n",  // _count ≠ +Inf
            "# TYPE x counter\n# TYPE y gauge\nx 1\ny 1\nx 2\n",                               // not contiguous
            "# TYPE x counter\nx 1\n# HELP x late help\n",                                     // HELP after samples
        ]
        for text in broken { XCTAssertFalse(ExpositionValidator.validate(text).isEmpty, "should be rejected:\n\(text)") }
    }

    func testScrapedMetricsAndHistogramQuantile() throws {
        let (registry, requests, _, latency) = makeRegistry()
        requests.increment(["/predict", "200"], by: 7)
        requests.increment(["/metrics", "200"], by: 2)
        for v in [0.000244140625, 0.00390625, 0.00390625, 0.0625, 3] { latency.observe(v, ["/predict"]) }
        let scraped = try ScrapedMetrics(text: registry.exposition())
        XCTAssertEqual(scraped.total("app_requests_total"), 9)
        XCTAssertEqual(scraped.total("app_requests_total", excluding: ["path": "/metrics"]), 7)
        XCTAssertEqual(scraped.samples.first { $0.labels["status"] == "404" }, nil)
        let buckets = scraped.buckets("app_latency_seconds", matching: ["path": "/predict"])
        XCTAssertEqual(buckets.map(\.le), [0.001, 0.01, 0.1, .infinity])
        XCTAssertEqual(buckets.map(\.count), [1, 3, 4, 5])
        // histogram_quantile by hand: rank 0.5·5 = 2.5 lies in (0.001, 0.01] holding ranks 1…3:
        // 0.001 + 0.009 · (2.5 − 1)/2 = 0.00775.  Rank 0.2·5 = 1 → the first bucket's bound 0.001 exactly.
        assertClose(HistogramMath.quantile(0.5, buckets), 0.00775, rtol: 1e-12)
        assertClose(HistogramMath.quantile(0.2, buckets), 0.001, rtol: 1e-12)
        // Rank 0.1·5 = 0.5 in the first bucket, which starts at 0: 0.001 · 0.5/1.
        assertClose(HistogramMath.quantile(0.1, buckets), 0.0005, rtol: 1e-12)
        // Rank 4.95 lies in +Inf: the largest finite bound.
        XCTAssertEqual(HistogramMath.quantile(0.99, buckets), 0.1)
        XCTAssertTrue(HistogramMath.quantile(0.5, []).isNaN)
        let earlier: [(le: Double, count: Double)] = [(0.001, 1), (0.01, 1), (0.1, 1), (.infinity, 1)]
        XCTAssertEqual(HistogramMath.difference(buckets, earlier).map(\.count), [0, 2, 3, 4])
        XCTAssertThrowsError(try ScrapedMetrics(text: "# TYPE x counter\nx{a=\"1\" 1\n"))
    }

    func testHistogramQuantileInterpolatesInsideTheBucket() {
        // Cumulative buckets le=1: 2, le=2: 6, le=4: 8, +Inf: 10 (total 10), worked by hand:
        //   q 0.1 → rank 1 in [0, 1] holding ranks 0…2: 0 + 1 · (1 − 0)/2 = 0.5
        //   q 0.2 → rank 2, the first bucket's top: 1
        //   q 0.5 → rank 5 in (1, 2] holding ranks 2…6: 1 + 1 · (5 − 2)/4 = 1.75
        //   q 0.7 → rank 7 in (2, 4] holding ranks 6…8: 2 + 2 · (7 − 6)/2 = 3
        //   q 0.9 → rank 9 in +Inf: the largest finite bound, 4
        let buckets: [(le: Double, count: Double)] = [(1, 2), (2, 6), (4, 8), (.infinity, 10)]
        assertClose(HistogramMath.quantile(0.1, buckets), 0.5, rtol: 1e-12)
        assertClose(HistogramMath.quantile(0.2, buckets), 1, rtol: 1e-12)
        assertClose(HistogramMath.quantile(0.5, buckets), 1.75, rtol: 1e-12)
        assertClose(HistogramMath.quantile(0.7, buckets), 3, rtol: 1e-12)
        XCTAssertEqual(HistogramMath.quantile(0.9, buckets), 4)
        XCTAssertTrue(HistogramMath.quantile(0.5, [(1, 0), (.infinity, 0)]).isNaN, "no observations")
    }

    func testDecadeBucketsAndNearestRankPercentile() {
        XCTAssertEqual(Histogram.decadeBuckets(from: 0.0001, to: 0.01), [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01])
        // Nearest rank over 1…10: p50 → the 5th value, p90 → 9th, p99 → 10th, p0 → the first.
        let values = (1...10).map(Double.init)
        XCTAssertEqual(Percentile.nearestRank(values, 50), 5)
        XCTAssertEqual(Percentile.nearestRank(values, 90), 9)
        XCTAssertEqual(Percentile.nearestRank(values, 99), 10)
        XCTAssertEqual(Percentile.nearestRank(values, 0), 1)
        XCTAssertEqual(Percentile.nearestRank([], 50), 0)
    }

    func testDashboardRatesAndPage() throws {
        func snapshot(_ t: Double, requests: Double, metricsScrapes: Double) throws -> MetricsSnapshot {
            let text = """
            # TYPE http_requests_total counter
            http_requests_total{method="POST",path="/predict",status="200"} \(Exposition.format(requests))
            http_requests_total{method="GET",path="/metrics",status="200"} \(Exposition.format(metricsScrapes))
            """
            return MetricsSnapshot(time: t, metrics: try ScrapedMetrics(text: text))
        }
        let snapshots = [try snapshot(0, requests: 0, metricsScrapes: 0), try snapshot(0.5, requests: 100, metricsScrapes: 1),
                         try snapshot(1.5, requests: 400, metricsScrapes: 2)]
        let rate = Dashboard.requestRate(snapshots)
        XCTAssertEqual(rate.map(\.0), [0.5, 1.5])
        XCTAssertEqual(rate.map(\.1), [200, 300], "Δrequests/Δt, /metrics left out")
        let page = Dashboard.html(title: "t", snapshots: snapshots)
        XCTAssertTrue(page.hasPrefix("<!doctype html>"))
        XCTAssertTrue(page.contains("<svg"))
        XCTAssertTrue(page.contains("<td>400</td>"), "the requests total in the summary table")
    }
}
