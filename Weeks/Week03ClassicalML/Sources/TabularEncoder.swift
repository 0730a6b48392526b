// From a CSV table to (features, target): numeric columns pass through, text columns are one-hot
// encoded (one 0/1 column per category seen when fitting; an unseen category at predict time is
// all zeros, like scikit-learn's OneHotEncoder(handle_unknown="ignore")). The target is either
// class labels 0..<K (class names sorted) or a number. The encoder is Codable, so a pipeline can
// save it and encode single rows online exactly as it encoded the training file offline.
//
// Does not: impute missing values (an empty numeric cell is an error naming its line).

import Foundation
import Shared

public enum TabularError: Error, CustomStringConvertible, Equatable {
    case noColumn(String, [String])
    case notNumeric(path: String, line: Int, column: String, value: String)
    case strayText(path: String, line: Int, column: String, value: String)
    case columnMismatch(expected: [String], got: [String])
    case tooFewRows(String, Int)
    case singleClass(String, String)

    public var description: String { DataFileError.oneLine(text) }

    private var text: String {
        switch self {
        case let .noColumn(name, columns):
            return "no column '\(name)' (columns: \(columns.joined(separator: ", ")))"
        case let .notNumeric(path, line, column, value):
            let why = CSV.whyNotNumber(value)
            return "\(path) line \(line): column '\(column)' value '\(value)' \(why == "is not a number" ? why : why + ", so it is not a number") (the column was numeric when the encoder was fitted)"
        case let .strayText(path, line, column, value):
            return "\(path) line \(line): column '\(column)' value '\(value)' \(CSV.whyNotNumber(value)), in a column that is otherwise numeric"
        case let .columnMismatch(expected, got):
            return "columns differ from the training file: expected \(expected.joined(separator: ",")), got \(got.joined(separator: ","))"
        case let .tooFewRows(path, n):
            return "\(path): \(n) data rows; need at least 2"
        case let .singleClass(target, value):
            return "target '\(target)' has a single class ('\(value)') in the training file; a classifier needs at least two"
        }
    }
}

public struct ColumnEncoding: Codable, Sendable, Equatable {
    public var name: String
    /// nil: numeric. Otherwise the categories, one output column each.
    public var categories: [String]?
}

public struct TabularEncoder: Codable, Sendable, Equatable {
    public var target: String
    public var columns: [ColumnEncoding]
    /// Class names (sorted; numeric names sorted numerically) for a classification target, nil for regression.
    public var classNames: [String]?

    public var outputColumnNames: [String] {
        columns.flatMap { c in c.categories.map { $0.map { "\(c.name)=\($0)" } } ?? [c.name] }
    }

    /// Learns the column kinds and categories from the training table.
    public init(fitting table: CSVTable, target: String, classification: Bool) throws {
        guard let t = table.header.firstIndex(of: target) else { throw TabularError.noColumn(target, table.header) }
        guard table.rows.count >= 2 else { throw TabularError.tooFewRows(table.path, table.rows.count) }
        self.target = target
        // A column of numbers with a few text (or nan/inf/1e999999) cells is a broken numeric
        // column, not a categorical one: refused, naming the first bad cell.
        for j in table.header.indices {
            if let (line, value) = table.strayText(column: j) {
                throw TabularError.strayText(path: table.path, line: line, column: table.header[j], value: value)
            }
        }
        columns = table.header.indices.filter { $0 != t }.map { j in
            if table.isNumeric(column: j) { return ColumnEncoding(name: table.header[j], categories: nil) }
            let categories = Array(Set(table.rows.map { $0[j] })).sorted()
            return ColumnEncoding(name: table.header[j], categories: categories)
        }
        if classification {
            let names = Array(Set(table.rows.map { $0[t] }))
            let numeric = names.allSatisfy { CSV.number($0) != nil }
            classNames = numeric ? names.sorted { CSV.number($0)! < CSV.number($1)! } : names.sorted()
            guard names.count >= 2 else { throw TabularError.singleClass(target, names.first ?? "") }
        } else {
            classNames = nil
        }
    }

    /// One row of raw cells (feature columns only, in training order) → encoded features.
    public func encode(cells: [String], path: String = "<row>", line: Int = 0) throws -> [Double] {
        var out: [Double] = []
        for (c, cell) in zip(columns, cells) {
            if let categories = c.categories {
                for category in categories { out.append(category == cell ? 1 : 0) }
            } else {
                guard let v = CSV.number(cell) else {
                    throw TabularError.notNumeric(path: path, line: line, column: c.name, value: cell)
                }
                out.append(v)
            }
        }
        return out
    }

    /// A whole table (with the target column) → features and the raw target cells.
    public func encode(_ table: CSVTable) throws -> (x: Features, target: [String]) {
        guard let t = table.header.firstIndex(of: target) else { throw TabularError.noColumn(target, table.header) }
        let featureColumns = table.header.indices.filter { $0 != t }
        let names = featureColumns.map { table.header[$0] }
        guard names == columns.map(\.name) else { throw TabularError.columnMismatch(expected: columns.map(\.name), got: names) }
        var values: [Double] = []
        for (r, row) in table.rows.enumerated() {
            values += try encode(cells: featureColumns.map { row[$0] }, path: table.path, line: table.lineNumbers[r])
        }
        let width = outputColumnNames.count
        return (Features(rows: table.rows.count, columns: width, values: values), table.rows.map { $0[t] })
    }

    /// Class labels 0..<K for target cells (an unseen class is an error).
    public func labels(_ cells: [String], path: String) throws -> [Int] {
        let names = classNames ?? []
        var lookup: [String: Int] = [:]
        for (i, n) in names.enumerated() { lookup[n] = i }
        return try cells.map { cell in
            if let k = lookup[cell] { return k }
            if let v = CSV.number(cell), let k = names.firstIndex(where: { CSV.number($0) == v }) { return k }
            throw DataFileError.malformed(path: path, reason: "target value '\(cell)' was not a class in the training file (classes: \(names.joined(separator: ", ")))")
        }
    }

    /// Numeric target values.
    public func numbers(_ cells: [String], path: String) throws -> [Double] {
        try cells.map { cell in
            guard let v = CSV.number(cell) else {
                throw DataFileError.malformed(path: path, reason: "target '\(target)' value '\(cell)' is not a number")
            }
            return v
        }
    }
}

/// A labelled dataset read from one of the bundled scikit-learn CSVs (numeric, last column `target`).
public struct LabeledData: Sendable {
    public var name: String
    public var featureNames: [String]
    public var x: Features
    public var labels: [Int]?      // classification
    public var targets: [Double]   // the numeric target (labels as Doubles for classification)
    public var classCount: Int

    public var isClassification: Bool { labels != nil }

    public static func load(_ url: URL, name: String, classification: Bool) throws -> LabeledData {
        let table = try CSV.read(url)
        let encoder = try TabularEncoder(fitting: table, target: "target", classification: classification)
        let (x, cells) = try encoder.encode(table)
        if classification {
            let labels = try encoder.labels(cells, path: url.path)
            return LabeledData(name: name, featureNames: encoder.outputColumnNames, x: x, labels: labels,
                               targets: labels.map(Double.init), classCount: encoder.classNames!.count)
        }
        let y = try encoder.numbers(cells, path: url.path)
        return LabeledData(name: name, featureNames: encoder.outputColumnNames, x: x, labels: nil, targets: y, classCount: 0)
    }
}
