// Reading a user's matrix (a 2-D .npy, or a numeric .csv with or without a header) and writing
// factors as .npy (float64, C order), so results can be checked with numpy.

import Foundation
import Shared

public enum MatrixFile {
    public static func load(_ url: URL) throws -> Matrix {
        let ext = url.pathExtension.lowercased()
        if ext == "npy" {
            let (shape, values) = try NPY.readDoubles(url)
            guard shape.count == 2 else {
                throw DataFileError.malformed(path: url.path, reason: "expected a 2-D array, got shape \(shape)")
            }
            let m = Matrix(rows: shape[0], columns: shape[1], values: values)
            return try checked(m, url)
        }
        if ext == "csv" || ext == "txt" || ext == "gz" {
            let table = try CSV.read(url)
            let (rows, columns, values) = try table.numericMatrix()
            return try checked(Matrix(rows: rows, columns: columns, values: values), url)
        }
        throw DataFileError.unsupported(path: url.path, reason: "expected a .npy or .csv file")
    }

    static func checked(_ m: Matrix, _ url: URL) throws -> Matrix {
        guard m.rows > 0 && m.columns > 0 else { throw DataFileError.malformed(path: url.path, reason: "matrix is empty (\(m.rows)×\(m.columns))") }
        guard m.values.allSatisfy(\.isFinite) else { throw DataFileError.malformed(path: url.path, reason: "contains NaN or infinity") }
        return m
    }

    public static func save(_ m: Matrix, to url: URL) throws {
        try NPY.writeDoubles(m.values, shape: [m.rows, m.columns], to: url)
    }

    public static func save(_ vector: [Double], to url: URL) throws {
        try NPY.writeDoubles(vector, shape: [vector.count], to: url)
    }
}
