// Plain-text tables for the terminal: columns sized to their widest cell, numbers right-aligned.
//
//   impl     n     GFLOP/s
//   -------  ----  -------
//   naive    128     1.21

public struct TextTable {
    public var columns: [String]
    public var rows: [[String]] = []

    public init(_ columns: [String]) { self.columns = columns }

    public mutating func add(_ cells: [String]) {
        rows.append(cells + Array(repeating: "", count: max(0, columns.count - cells.count)))
    }

    public func render() -> String {
        let widths = columns.indices.map { c in
            ([columns[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0
        }
        func isNumber(_ s: String) -> Bool { Double(s.replacingOccurrences(of: "×", with: "").replacingOccurrences(of: "%", with: "")) != nil }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let space = String(repeating: " ", count: max(0, w - s.count))
            return right ? space + s : s + space
        }
        var lines = [columns.indices.map { pad(columns[$0], widths[$0], right: false) }.joined(separator: "  ")]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows {
            lines.append(columns.indices.map { pad(row[$0], widths[$0], right: isNumber(row[$0])) }.joined(separator: "  "))
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }
}

import Foundation

/// A small line chart drawn with characters, for curves in the terminal.
public enum TerminalChart {
    public static func render(_ series: [Series], width: Int = 64, height: Int = 14, logY: Bool = false) -> String {
        let marks: [Character] = ["*", "+", "o", "x", "#", "@", "%", "&"]
        let f: (Double) -> Double = logY ? { Foundation.log10(max($0, 1e-300)) } : { $0 }
        let xs = series.flatMap(\.x).filter(\.isFinite)
        let ys = series.flatMap { $0.y.map(f) }.filter(\.isFinite)
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return "(no data)" }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        for (i, s) in series.enumerated() {
            for (x, y) in zip(s.x, s.y) {
                let fy = f(y)
                guard x.isFinite, fy.isFinite else { continue }
                let c = x1 > x0 ? Int((x - x0) / (x1 - x0) * Double(width - 1)) : 0
                let r = y1 > y0 ? Int((y1 - fy) / (y1 - y0) * Double(height - 1)) : height / 2
                grid[r][c] = marks[i % marks.count]
            }
        }
        func label(_ v: Double) -> String { logY ? String(format: "1e%+.1f", v) : String(format: "%.3g", v) }
        var out: [String] = []
        for (r, row) in grid.enumerated() {
            let axis = r == 0 ? label(y1) : (r == height - 1 ? label(y0) : "")
            out.append(axis.padding(toLength: 9, withPad: " ", startingAt: 0) + "|" + String(row))
        }
        out.append(String(repeating: " ", count: 9) + "+" + String(repeating: "-", count: width))
        out.append(String(repeating: " ", count: 10) + String(format: "%-10.4g", x0)
                   + String(repeating: " ", count: max(0, width - 20)) + String(format: "%10.4g", x1))
        out.append(series.enumerated().map { "\(marks[$0.offset % marks.count]) \($0.element.name)" }.joined(separator: "   "))
        return out.joined(separator: "\n")
    }
}
