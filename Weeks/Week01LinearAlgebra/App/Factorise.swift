// The file commands: read FILE, factorise, write the factors as .npy, print what was written and
// how well the factors reproduce the input.

import Foundation
import Shared
import Week01LinearAlgebra

enum Factorise {
    static func run(_ invocation: Invocation) throws {
        let input = URL(fileURLWithPath: invocation.positionals[0])
        let a = try MatrixFile.load(input)
        let out = try invocation.optionalString("out").map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? Project.outputDirectory("Week01LinearAlgebra").appendingPathComponent(invocation.command)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var written: [(String, Matrix?, [Double]?)] = []
        var check = ""
        switch invocation.command {
        case "lu":
            let lu = try LUDecomposition(a)
            written = [("P", lu.p, nil), ("L", lu.l, nil), ("U", lu.u, nil)]
            check = "‖PA − LU‖/‖A‖ = \(format(try (lu.p * a).relativeDistance(to: lu.l * lu.u)))"
        case "qr":
            let qr = try QRDecomposition(a)
            written = [("Q", qr.q, nil), ("R", qr.r, nil)]
            check = "‖QR − A‖/‖A‖ = \(format(try (qr.q * qr.r).relativeDistance(to: a)))"
        case "cholesky":
            let c = try CholeskyDecomposition(a)
            written = [("L", c.l, nil)]
            check = "‖LLᵀ − A‖/‖A‖ = \(format(try (c.l * c.l.transposed).relativeDistance(to: a)))"
        case "eig":
            let e = try SymmetricEigenDecomposition(a)
            written = [("values", nil, e.eigenvalues), ("vectors", e.eigenvectors, nil)]
            var lambda = Matrix(rows: a.rows, columns: a.rows)
            for i in 0..<a.rows { lambda[i, i] = e.eigenvalues[i] }
            let rebuilt = try e.eigenvectors * lambda * e.eigenvectors.transposed
            check = "‖VΛVᵀ − A‖/‖A‖ = \(format(rebuilt.relativeDistance(to: a))) after \(e.sweeps) Jacobi sweeps"
        case "svd":
            let s = try SVD(a)
            written = [("U", s.u, nil), ("S", nil, s.singularValues), ("Vt", s.vt, nil)]
            check = "‖UΣVᵀ − A‖/‖A‖ = \(format(s.reconstruct().relativeDistance(to: a))) after \(s.sweeps) sweeps"
        case "pca":
            let k = invocation.int("components")
            let p = try PCA(a, components: k)
            written = [("components", p.components, nil), ("explained_variance_ratio", nil, p.explainedVarianceRatio), ("scores", p.scores, nil)]
            check = "explained variance ratio: " + p.explainedVarianceRatio.map { String(format: "%.4f", $0) }.joined(separator: ", ")
        default:
            throw UsageError("unknown command '\(invocation.command)'")
        }
        print("\(invocation.command) of \(input.lastPathComponent) (\(a.rows)×\(a.columns)): \(check)")
        for (name, matrix, vector) in written {
            let url = out.appendingPathComponent("\(name).npy")
            if let matrix { try MatrixFile.save(matrix, to: url) }
            if let vector { try MatrixFile.save(vector, to: url) }
            let shape = matrix.map { "\($0.rows)×\($0.columns)" } ?? "\(vector?.count ?? 0)"
            print("  wrote \(Project.display(url)) (\(shape))")
        }
    }

    static func format(_ x: Double) -> String { String(format: "%.2e", x) }
}
