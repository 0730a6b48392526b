// Reading the user's CSV files for the `bootstrap`, `gmm` and `tsne` commands: numeric feature
// columns as a Matrix, and an optional label column ("target" by default) for colours and checks.

import Foundation
import Shared
import Week01LinearAlgebra

public struct FeatureTable: Sendable {
    public var features: Matrix
    public var featureNames: [String]
    /// Class codes from the label column, when the file has one.
    public var labels: [Int]?
    public var labelNames: [String]

    /// Numeric columns (all but the label column, or those named in `columns`) and the labels.
    public static func load(_ url: URL, columns: [String]? = nil, labelColumn: String = "target") throws -> FeatureTable {
        let table = try CSV.read(url)
        let labelIndex = table.header.firstIndex(of: labelColumn)
        var chosen: [Int]
        if let columns {
            chosen = try columns.map { try table.columnIndex($0) }
            for c in chosen where !table.isNumeric(column: c) {
                throw DataFileError.malformed(path: url.path, reason: "column '\(table.header[c])' is not numeric")
            }
        } else {
            // A numeric column with a stray text, NaN or infinite cell is an error, not a column to skip.
            for c in 0..<table.columnCount where c != labelIndex {
                if let (line, value) = table.strayText(column: c) {
                    throw DataFileError.malformed(path: url.path, reason: "line \(line): column '\(table.header[c])' value '\(value)' \(CSV.whyNotNumber(value))")
                }
            }
            chosen = (0..<table.columnCount).filter { $0 != labelIndex && table.isNumeric(column: $0) }
        }
        guard !chosen.isEmpty else {
            throw DataFileError.malformed(path: url.path, reason: "no numeric feature columns (columns: \(table.header.joined(separator: ", ")))")
        }
        guard !table.rows.isEmpty else { throw DataFileError.malformed(path: url.path, reason: "no data rows") }
        let (rows, count, values) = try table.numericMatrix(columns: chosen)
        var labels: [Int]?
        var labelNames: [String] = []
        if let labelIndex, !chosen.contains(labelIndex) {
            let (codes, categories) = table.categoricalColumn(labelIndex)
            if table.isNumeric(column: labelIndex), let numeric = try? table.numericColumn(labelIndex),
               numeric.allSatisfy({ $0 == $0.rounded() && $0 >= 0 && $0 < 1000 }) {
                labels = numeric.map { Int($0) }
            } else {
                labels = codes
                labelNames = categories
            }
        }
        return FeatureTable(features: Matrix(rows: rows, columns: count, values: values),
                            featureNames: chosen.map { table.header[$0] }, labels: labels, labelNames: labelNames)
    }

    /// The first `count` rows of a seeded random permutation (all rows when count ≥ rows).
    public func subset(_ count: Int, seed: UInt64) -> FeatureTable {
        guard count < features.rows else { return self }
        var rng = SplitMix64(seed: seed)
        let picked = Array(rng.permutation(features.rows).prefix(count)).sorted()
        var values: [Double] = []
        values.reserveCapacity(count * features.columns)
        for r in picked { values += features.row(r) }
        return FeatureTable(features: Matrix(rows: count, columns: features.columns, values: values), featureNames: featureNames,
                            labels: labels.map { l in picked.map { l[$0] } }, labelNames: labelNames)
    }

    /// One numeric column of a CSV: the named one, or else the last numeric column.
    public static func column(_ url: URL, named name: String?) throws -> (name: String, values: [Double]) {
        let table = try CSV.read(url)
        let index: Int
        if let name {
            index = try table.columnIndex(name)
        } else {
            guard let last = (0..<table.columnCount).last(where: { table.isNumeric(column: $0) }) else {
                throw DataFileError.malformed(path: url.path, reason: "no numeric column (columns: \(table.header.joined(separator: ", ")))")
            }
            index = last
        }
        return (table.header[index], try table.numericColumn(index))
    }
}
