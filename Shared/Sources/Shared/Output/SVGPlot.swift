// SVG charts with no dependencies: line charts (optionally log-scaled y), scatter plots coloured
// by class, heatmaps with a colour scale, and bar charts. Each function returns the SVG text;
// `SVGPlot.save` writes it atomically. Layout: a fixed 720×480 canvas, margins for the axis labels,
// "nice" tick values (1, 2, 5 × 10^k).

import Foundation

public struct Series: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]

    public init(name: String, x: [Double], y: [Double]) {
        self.name = name
        self.x = x
        self.y = y
    }

    /// y against 0, 1, 2, …
    public init(name: String, y: [Double]) {
        self.init(name: name, x: y.indices.map(Double.init), y: y)
    }
}

public enum SVGPlot {
    public static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
    static let width = 720.0, height = 480.0
    static let left = 70.0, right = 160.0, top = 40.0, bottom = 60.0

    public static func save(_ svg: String, to url: URL) throws { try AtomicFile.write(svg, to: url) }

    public static func line(title: String, xLabel: String, yLabel: String, series: [Series], logY: Bool = false) -> String {
        let transform: (Double) -> Double = logY ? { Foundation.log10(Swift.max($0, 1e-300)) } : { $0 }
        let xs = series.flatMap(\.x).filter(\.isFinite)
        let ys = series.flatMap { $0.y.map(transform) }.filter(\.isFinite)
        var frame = Frame(xs: xs, ys: ys)
        frame.logY = logY
        var body = frame.axes(title: title, xLabel: xLabel, yLabel: yLabel)
        for (i, s) in series.enumerated() {
            let colour = palette[i % palette.count]
            let points = zip(s.x, s.y).compactMap { x, y -> String? in
                let ty = transform(y)
                guard x.isFinite, ty.isFinite else { return nil }
                return String(format: "%.1f,%.1f", frame.px(x), frame.py(ty))
            }
            body += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\" points=\"\(points.joined(separator: " "))\"/>\n"
            body += legendEntry(i, name: s.name, colour: colour)
        }
        return document(body)
    }

    public static func scatter(title: String, x: [Double], y: [Double], labels: [Int], classNames: [String] = [],
                               xLabel: String = "", yLabel: String = "") -> String {
        let frame = Frame(xs: x, ys: y)
        var body = frame.axes(title: title, xLabel: xLabel, yLabel: yLabel)
        for i in x.indices where x[i].isFinite && y[i].isFinite {
            let label = i < labels.count ? labels[i] : 0
            body += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%@\" fill-opacity=\"0.7\"/>\n",
                           frame.px(x[i]), frame.py(y[i]), palette[abs(label) % palette.count])
        }
        let classes = Set(labels).sorted()
        for (row, label) in classes.enumerated() {
            let name = label < classNames.count && label >= 0 ? classNames[label] : "class \(label)"
            body += legendEntry(row, name: name, colour: palette[abs(label) % palette.count])
        }
        return document(body)
    }

    /// A matrix as coloured cells (rows top to bottom), optionally with the values written in.
    public static func heatmap(title: String, values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                               annotate: Bool = false) -> String {
        let rows = values.count, columns = values.first?.count ?? 0
        let flat = values.flatMap { $0 }.filter(\.isFinite)
        let low = flat.min() ?? 0, high = flat.max() ?? 1
        let cellW = (width - left - right) / Double(Swift.max(columns, 1))
        let cellH = (height - top - bottom) / Double(Swift.max(rows, 1))
        var body = "<text x=\"\(width / 2)\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">\(escape(title))</text>\n"
        for r in 0..<rows {
            for c in 0..<columns {
                let v = values[r][c]
                let t = high > low ? (v - low) / (high - low) : 0.5
                let x = left + Double(c) * cellW, y = top + Double(r) * cellH
                body += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>\n",
                               x, y, cellW + 0.5, cellH + 0.5, colour(t))
                if annotate {
                    body += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"%@\">%@</text>\n",
                                   x + cellW / 2, y + cellH / 2 + 3, t > 0.6 ? "white" : "black", shortNumber(v))
                }
            }
            if r < rowLabels.count {
                body += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%@</text>\n",
                               left - 4, top + (Double(r) + 0.5) * cellH + 3, escape(rowLabels[r]))
            }
        }
        for c in 0..<Swift.min(columns, columnLabels.count) {
            body += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%@</text>\n",
                           left + (Double(c) + 0.5) * cellW, height - bottom + 14, escape(columnLabels[c]))
        }
        // Colour scale.
        for i in 0..<50 {
            let t = Double(i) / 49
            body += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"%.2f\" fill=\"%@\"/>\n",
                           width - right + 30, top + (1 - t) * (height - top - bottom - 8), (height - top - bottom) / 50 + 0.5, colour(t))
        }
        body += "<text x=\"\(width - right + 50)\" y=\"\(top + 8)\" font-size=\"11\">\(shortNumber(high))</text>\n"
        body += "<text x=\"\(width - right + 50)\" y=\"\(height - bottom)\" font-size=\"11\">\(shortNumber(low))</text>\n"
        return document(body)
    }

    public static func bar(title: String, labels: [String], values: [Double], yLabel: String = "") -> String {
        var frame = Frame(xs: [-0.5, Double(Swift.max(values.count, 1)) - 0.5], ys: values + [0])
        frame.integerXTicks = false
        var body = frame.axes(title: title, xLabel: "", yLabel: yLabel, drawXTicks: false)
        let barWidth = (width - left - right) / Double(Swift.max(values.count, 1)) * 0.7
        for (i, v) in values.enumerated() {
            let x = frame.px(Double(i)) - barWidth / 2
            let y0 = frame.py(0), y1 = frame.py(v)
            body += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"/>\n",
                           x, Swift.min(y0, y1), barWidth, abs(y1 - y0), palette[0])
            if i < labels.count {
                body += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%@</text>\n",
                               frame.px(Double(i)), height - bottom + 14, escape(labels[i]))
            }
        }
        return document(body)
    }

    // MARK: Pieces

    static func document(_ body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n"
    }

    static func legendEntry(_ row: Int, name: String, colour: String) -> String {
        let y = top + 10 + Double(row) * 18
        return String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%@\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%@</text>\n",
                      width - right + 16, y - 10, colour, width - right + 34, y, escape(name))
    }

    /// A perceptually ordered blue → yellow scale for t in 0…1.
    static func colour(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let x = Swift.min(Swift.max(t, 0), 1) * Double(stops.count - 1)
        let i = Swift.min(Int(x), stops.count - 2), f = x - Double(i)
        let a = stops[i], b = stops[i + 1]
        return String(format: "rgb(%d,%d,%d)", Int(a.0 + (b.0 - a.0) * f), Int(a.1 + (b.1 - a.1) * f), Int(a.2 + (b.2 - a.2) * f))
    }

    static func shortNumber(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
        return String(format: "%.3g", v)
    }

    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Data → pixel mapping and axes with nice ticks.
    struct Frame {
        var x0: Double, x1: Double, y0: Double, y1: Double
        var logY = false
        var integerXTicks = false

        init(xs: [Double], ys: [Double]) {
            (x0, x1) = Frame.range(xs)
            (y0, y1) = Frame.range(ys)
        }

        static func range(_ values: [Double]) -> (Double, Double) {
            let finite = values.filter(\.isFinite)
            guard let lo = finite.min(), let hi = finite.max() else { return (0, 1) }
            if lo == hi { return (lo - 1, hi + 1) }
            let pad = (hi - lo) * 0.04
            return (lo - pad, hi + pad)
        }

        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (width - left - right) }
        func py(_ y: Double) -> Double { height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom) }

        static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
            let raw = (hi - lo) / Double(count)
            let magnitude = pow(10, floor(Foundation.log10(raw)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
            var t = ceil(lo / step) * step
            var out: [Double] = []
            while t <= hi + step * 1e-9 {
                out.append(abs(t) < step * 1e-9 ? 0 : t)
                t += step
            }
            return out
        }

        func axes(title: String, xLabel: String, yLabel: String, drawXTicks: Bool = true) -> String {
            var s = "<text x=\"\((width - right + left) / 2)\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">\(escape(title))</text>\n"
            s += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#444\"/>\n",
                        left, top, width - left - right, height - top - bottom)
            if drawXTicks {
                for t in Frame.ticks(x0, x1) {
                    s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", px(t), px(t), top, height - bottom)
                    s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%@</text>\n",
                                px(t), height - bottom + 16, shortNumber(t))
                }
            }
            for t in Frame.ticks(y0, y1) {
                let label = logY ? "1e" + shortNumber(t) : shortNumber(t)
                s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, width - right, py(t), py(t))
                s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%@</text>\n",
                            left - 6, py(t) + 4, label)
            }
            s += "<text x=\"\((width - right + left) / 2)\" y=\"\(height - 16)\" text-anchor=\"middle\" font-size=\"13\">\(escape(xLabel))</text>\n"
            s += "<text transform=\"translate(18,\((height - bottom + top) / 2)) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(escape(yLabel + (logY ? " (log scale)" : "")))</text>\n"
            return s
        }
    }
}
