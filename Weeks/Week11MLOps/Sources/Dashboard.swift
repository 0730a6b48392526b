// A monitoring page built only from scraped /metrics — the four golden signals (Google SRE book,
// ch. 6) as one static HTML file with inline SVG charts:
//
//   traffic     request rate: Δ http_requests_total / Δt between consecutive scrapes
//   latency     p50/p90/p99 per interval (histogram_quantile over the bucket deltas) and the
//               latency histogram of the whole run
//   errors      http_errors_total over time, by class
//   saturation  requests in flight and open connections at each scrape
//
// Scrapes of /metrics itself are left out of the traffic and latency figures.

import Foundation
import Shared

public struct MetricsSnapshot: Sendable {
    /// Seconds since the first scrape.
    public var time: Double
    public var metrics: ScrapedMetrics

    public init(time: Double, metrics: ScrapedMetrics) {
        self.time = time
        self.metrics = metrics
    }
}

public enum Dashboard {
    static let latencyMetric = "http_request_duration_seconds"
    static let notMetrics = ["path": "/metrics"]

    /// The request rate between consecutive snapshots, at each interval's end: (t, req/s).
    public static func requestRate(_ snapshots: [MetricsSnapshot]) -> [(Double, Double)] {
        zip(snapshots, snapshots.dropFirst()).map { a, b in
            let dt = max(b.time - a.time, 1e-9)
            let dn = b.metrics.total("http_requests_total", excluding: notMetrics) - a.metrics.total("http_requests_total", excluding: notMetrics)
            return (b.time, dn / dt)
        }
    }

    /// The latency quantile q (seconds) of the requests made in each interval (NaN for an empty interval).
    public static func latencyQuantile(_ q: Double, _ snapshots: [MetricsSnapshot], path: String = "/predict") -> [(Double, Double)] {
        zip(snapshots, snapshots.dropFirst()).map { a, b in
            let delta = HistogramMath.difference(b.metrics.buckets(latencyMetric, matching: ["path": path]),
                                                 a.metrics.buckets(latencyMetric, matching: ["path": path]))
            return (b.time, HistogramMath.quantile(q, delta))
        }
    }

    /// The HTML page. `title` heads it; `notes` are lines shown under the title (e.g. the load test's summary).
    public static func html(title: String, snapshots: [MetricsSnapshot], notes: [String] = [], path: String = "/predict") -> String {
        guard let last = snapshots.last else { return "<!doctype html><title>\(title)</title><p>no scrapes</p>" }
        let final = last.metrics
        let buckets = final.buckets(latencyMetric, matching: ["path": path])
        var charts: [String] = []

        let rate = requestRate(snapshots)
        if !rate.isEmpty {
            charts.append(SVGPlot.line(title: "Traffic: requests per second (excluding /metrics)", xLabel: "seconds", yLabel: "req/s",
                                       series: [Series(name: "req/s", x: rate.map(\.0), y: rate.map(\.1))]))
            let quantiles = [0.5, 0.9, 0.99].map { q in
                let points = latencyQuantile(q, snapshots, path: path).filter { $0.1.isFinite }
                return Series(name: "p\(Int(q * 100))", x: points.map(\.0), y: points.map { $0.1 * 1000 })
            }.filter { !$0.x.isEmpty }
            if !quantiles.isEmpty {
                charts.append(SVGPlot.line(title: "Latency of \(path) per interval (from histogram buckets)", xLabel: "seconds",
                                           yLabel: "ms", series: quantiles))
            }
        }
        if buckets.count > 1 {
            var labels: [String] = [], counts: [Double] = []
            var previous = 0.0
            for (bound, cumulative) in buckets {
                labels.append(bound.isInfinite ? "+Inf" : "≤" + Self.milliseconds(bound))
                counts.append(cumulative - previous)
                previous = cumulative
            }
            charts.append(SVGPlot.bar(title: "Latency histogram of \(path), whole run (requests per bucket; upper bounds in ms)", labels: labels,
                                      values: counts, yLabel: "requests"))
        }
        let classes = ["4xx", "5xx"]
        charts.append(SVGPlot.line(title: "Errors: http_errors_total (cumulative)", xLabel: "seconds", yLabel: "errors",
                                   series: classes.map { c in
                                       Series(name: c, x: snapshots.map(\.time), y: snapshots.map { $0.metrics.total("http_errors_total", matching: ["class": c]) })
                                   }))
        charts.append(SVGPlot.line(title: "Saturation: in flight and open connections at each scrape", xLabel: "seconds", yLabel: "count",
                                   series: [Series(name: "in flight", x: snapshots.map(\.time), y: snapshots.map { $0.metrics.total("http_requests_in_flight") }),
                                            Series(name: "connections", x: snapshots.map(\.time), y: snapshots.map { $0.metrics.total("http_connections_open") })]))

        let requests = final.total("http_requests_total", excluding: notMetrics)
        let rows: [(String, String)] = [
            ("requests (excluding /metrics)", Exposition.format(requests)),
            ("errors 4xx / 5xx", "\(Exposition.format(final.total("http_errors_total", matching: ["class": "4xx"]))) / \(Exposition.format(final.total("http_errors_total", matching: ["class": "5xx"])))"),
            ("\(path) p50 / p90 / p99 (histogram estimate)", [0.5, 0.9, 0.99].map { Self.milliseconds(HistogramMath.quantile($0, buckets)) + " ms" }.joined(separator: " / ")),
            ("model ready", final.total("model_ready") == 1 ? "yes" : "no"),
            ("scrapes", "\(snapshots.count) over \(String(format: "%.1f", last.time)) s"),
        ]
        var page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>\(SVGPlot.escape(title))</title>
        <style>body{font-family:sans-serif;margin:24px;max-width:1500px} table{border-collapse:collapse;margin:12px 0}
        td{border:1px solid #ccc;padding:4px 10px} .charts{display:flex;flex-wrap:wrap;gap:12px} .note{color:#444}</style>
        </head><body>
        <h1>\(SVGPlot.escape(title))</h1>

        """
        for note in notes { page += "<p class=\"note\">\(SVGPlot.escape(note))</p>\n" }
        page += "<table>\n" + rows.map { "<tr><td>\(SVGPlot.escape($0.0))</td><td>\(SVGPlot.escape($0.1))</td></tr>" }.joined(separator: "\n") + "\n</table>\n"
        page += "<div class=\"charts\">\n" + charts.joined(separator: "\n") + "\n</div>\n"
        page += "<p class=\"note\">Built from \(snapshots.count) scrapes of /metrics (Prometheus text format).</p>\n</body></html>\n"
        return page
    }

    static func milliseconds(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        let ms = seconds * 1000
        return ms < 1 ? String(format: "%.2f", ms) : ms < 10 ? String(format: "%.1f", ms) : String(format: "%.0f", ms)
    }
}

/// Scrapes GET /metrics every `interval` seconds until `shouldStop()` (checked between scrapes).
public final class MetricsScraper: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshots: [MetricsSnapshot] = []
    private var errors: [String] = []
    public let host: String
    public let port: Int

    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    /// One scrape now (its own short connection).
    public static func scrape(host: String = "127.0.0.1", port: Int) throws -> ScrapedMetrics {
        try ScrapedMetrics(text: scrapeText(host: host, port: port))
    }

    /// The exposition text of GET /metrics.
    public static func scrapeText(host: String = "127.0.0.1", port: Int) throws -> String {
        let connection = try HTTPConnection(host: host, port: port, timeout: 5)
        let response = try connection.request("GET", "/metrics", headers: [("Connection", "close")])
        guard response.status == 200 else { throw SocketError("scrape", "GET /metrics answered \(response.status)") }
        return response.text
    }

    private var origin: Double?

    /// Records one scrape (time measured from the first).
    @discardableResult
    public func scrapeOnce() -> Bool {
        let now = monotonicSeconds()
        do {
            let metrics = try Self.scrape(host: host, port: port)
            lock.lock()
            if origin == nil { origin = now }
            snapshots.append(MetricsSnapshot(time: now - origin!, metrics: metrics))
            lock.unlock()
            return true
        } catch {
            lock.lock()
            errors.append("\(error)")
            lock.unlock()
            return false
        }
    }

    /// Scrapes on a background thread every `interval` s until `stop()`.
    public func startBackground(interval: Double) {
        lock.lock()
        running = true
        lock.unlock()
        let thread = Thread { [self] in
            while !isStopped {
                scrapeOnce()
                let wake = monotonicSeconds() + interval
                while !isStopped && monotonicSeconds() < wake { usleep(10_000) }
            }
            finished.signal()
        }
        thread.start()
    }

    private var stopped = false
    private var running = false
    private let finished = DispatchSemaphore(value: 0)
    public var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Stops the background scraping and waits for its last scrape to finish.
    public func stop() {
        lock.lock()
        stopped = true
        let wasRunning = running
        running = false
        lock.unlock()
        if wasRunning { finished.wait() }
    }

    public var collected: [MetricsSnapshot] {
        lock.lock()
        defer { lock.unlock() }
        return snapshots
    }

    public var failures: [String] {
        lock.lock()
        defer { lock.unlock() }
        return errors
    }
}
