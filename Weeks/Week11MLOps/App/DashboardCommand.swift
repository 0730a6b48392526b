// `dashboard`: scrape a live server's /metrics every --interval seconds for --seconds seconds, or
// read saved scrapes (files of exposition text, in time order), and write the HTML dashboard.

import Foundation
import Shared
import Week11MLOps

enum DashboardCommand {
    static func run(_ invocation: Invocation) throws {
        let interval = invocation.double("interval")
        var snapshots: [MetricsSnapshot] = []
        var source: String
        if !invocation.positionals.isEmpty {
            guard !invocation.isGiven("port") && !invocation.isGiven("url") else {
                throw UsageError("give metrics files or --port/--url, not both")
            }
            for (i, path) in invocation.positionals.enumerated() {
                let url = URL(fileURLWithPath: path)
                guard let data = FileManager.default.contents(atPath: url.path) else { throw DataFileError.missing(path: path) }
                do {
                    snapshots.append(MetricsSnapshot(time: Double(i) * interval, metrics: try ScrapedMetrics(text: String(decoding: data, as: UTF8.self))))
                } catch {
                    throw DataFileError.malformed(path: path, reason: "\(error)")
                }
            }
            source = "\(snapshots.count) saved scrape(s)"
        } else {
            let (host, port) = try Common.target(invocation)
            let seconds = invocation.double("seconds")
            let scraper = MetricsScraper(host: host, port: port)
            guard scraper.scrapeOnce() else {
                throw UsageError("cannot scrape http://\(host):\(port)/metrics (\(scraper.failures.last ?? "")); is `serve` running?")
            }
            let scrapes = Int((seconds / interval).rounded())
            let bar = ProgressBar("scraping http://\(host):\(port)/metrics every \(interval) s", total: scrapes)
            for i in 0..<scrapes {
                usleep(useconds_t(interval * 1e6))
                scraper.scrapeOnce()
                bar.update(i + 1)
            }
            bar.finish()
            snapshots = scraper.collected
            source = "http://\(host):\(port)/metrics, \(snapshots.count) scrapes"
            if !scraper.failures.isEmpty { print("\(scraper.failures.count) scrape(s) failed: \(scraper.failures.last!)") }
        }
        let output = try Project.outputDirectory("Week11MLOps")
        let page = output.appendingPathComponent("dashboard.html")
        try AtomicFile.write(Dashboard.html(title: "Week11MLOps model service", snapshots: snapshots, notes: ["Source: \(source)."]), to: page)
        print("wrote \(Project.display(page))")
    }
}
