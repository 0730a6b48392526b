// The Assess gate of week 1, part 2: PCA against scikit-learn and against an independent route
// (eigenvalues of the covariance matrix by LAPACK), the matmul kernels against BLAS, every error
// case, and the executable end to end.

import Foundation
import Shared
import TestSupport
import Week01LinearAlgebra
import XCTest

final class PCAAndErrorTests: XCTestCase {
    func loadFeatures(_ name: String) throws -> Matrix {
        _ = try Fixtures.require(.sklearn)
        let table = try CSV.read(try Dataset.sklearn.file("\(name).csv"))
        let target = try table.columnIndex("target")
        let (rows, columns, values) = try table.numericMatrix(columns: (0..<table.columnCount).filter { $0 != target })
        return Matrix(rows: rows, columns: columns, values: values)
    }

    func testPCAOfIrisMatchesScikitLearn() throws {
        // python3 -c "import numpy as np; from sklearn.decomposition import PCA;
        //   X = np.loadtxt('Datasets/sklearn/iris.csv', delimiter=',', skiprows=1)[:, :4];
        //   p = PCA(n_components=2).fit(X); print(p.explained_variance_ratio_, p.components_, p.transform(X)[:2])"
        // (scikit-learn 1.9.1)
        let p = try PCA(try loadFeatures("iris"), components: 2)
        assertClose(p.explainedVarianceRatio, [0.9246187232, 0.0530664831], rtol: 1e-8)
        assertClose(p.components.values, [0.3613865918, -0.0845225141, 0.8566706059, 0.3582891972,
                                          0.6565887713, 0.7301614348, -0.1733726628, -0.0754810199], rtol: 1e-8, atol: 1e-9)
        assertClose(Array(p.scores.values.prefix(4)), [-2.684125626, 0.3193972466, -2.7141416873, -0.1770012251], rtol: 1e-8)
    }

    func testPCAExplainedVarianceEqualsCovarianceEigenvalues() throws {
        // Independent route: eigenvalues λᵢ of the covariance matrix (LAPACK dsyev); ratio λᵢ/Σλ.
        let x = try loadFeatures("digits")
        var centred = x
        for j in 0..<x.columns {
            let mean = x.column(j).reduce(0, +) / Double(x.rows)
            for i in 0..<x.rows { centred[i, j] -= mean }
        }
        var covariance = try centred.transposed * centred
        covariance.values = covariance.values.map { $0 / Double(x.rows - 1) }
        let lambda = LAPACK.symmetricEigenvalues(covariance)
        let total = lambda.reduce(0, +)
        let p = try PCA(x, components: 5)
        assertClose(p.explainedVarianceRatio, lambda.prefix(5).map { $0 / total }, rtol: 1e-4)
        assertClose(p.explainedVariance, Array(lambda.prefix(5)), rtol: 1e-4)
        // scikit-learn 1.9.1, same command as above on digits.csv[:, :64] with n_components=5:
        assertClose(p.explainedVarianceRatio, [0.1489059358, 0.1361877124, 0.1179459376, 0.0840997942, 0.0578241466], rtol: 1e-7)
    }

    func testMatmulKernelsEqualBLAS() throws {
        let n = 67  // not a multiple of the 64-element tile
        let a = MatmulBenchmark.random(n, seed: 1), b = MatmulBenchmark.random(n, seed: 2)
        let blas = try Tensor.matmul(try Tensor(shape: [n, n], storage: a), try Tensor(shape: [n, n], storage: b))
        assertClose(MatmulKernels.naive(a, b, n: n), blas.storage, rtol: 1e-4, atol: 1e-4)
        assertClose(MatmulKernels.blocked(a, b, n: n, tile: 16), blas.storage, rtol: 1e-4, atol: 1e-4)
    }

    func testClearErrorsForBadInput() throws {
        var singular = Matrix.random(rows: 5, columns: 5, seed: 1)
        for j in 0..<5 { singular[4, j] = 2 * singular[0, j] - singular[2, j] }
        XCTAssertThrowsError(try LUDecomposition(singular)) { XCTAssertEqual($0 as? LinearAlgebraError, .singular(pivot: 4)) }
        XCTAssertThrowsError(try LUDecomposition(Matrix.random(rows: 3, columns: 4, seed: 1))) {
            XCTAssertEqual("\($0)", "LU needs a square matrix, got 3×4")
        }
        XCTAssertThrowsError(try CholeskyDecomposition(Matrix([[1, 2], [3, 4]]))) { XCTAssertEqual($0 as? LinearAlgebraError, .notSymmetric(op: "Cholesky")) }
        XCTAssertThrowsError(try CholeskyDecomposition(Matrix([[1, 2], [2, 1]]))) { XCTAssertEqual($0 as? LinearAlgebraError, .notPositiveDefinite(pivot: 1)) }
        XCTAssertThrowsError(try SymmetricEigenDecomposition(Matrix([[1, 2], [0, 1]])))
        XCTAssertThrowsError(try SVD(Matrix([[1, .nan]]))) { XCTAssertEqual($0 as? LinearAlgebraError, .notFinite) }
        XCTAssertThrowsError(try PCA(Matrix([[1, 2], [3, 4]]), components: 3))
        // Hilbert matrix of order 12: condition number ≈ 1.7e16, far beyond what doubles can solve.
        let hilbert = Matrix((0..<12).map { i in (0..<12).map { j in 1 / Double(i + j + 1) } })
        XCTAssertThrowsError(try LinearSystem.solve(hilbert, [Double](repeating: 1, count: 12))) { error in
            guard case .illConditioned(let c) = error as? LinearAlgebraError else { return XCTFail("\(error)") }
            XCTAssertGreaterThan(c, 1e15)
        }
        assertClose(try LinearSystem.solve(Matrix([[2, 0], [0, 4]]), [2, 2]), [1, 0.5], rtol: 1e-15)
    }

    func testExecutableWritesFactorsAndRejectsBadFiles() throws {
        let dir = try TemporaryDirectory()
        let a = Matrix.random(rows: 6, columns: 4, seed: 5)
        try NPY.writeDoubles(a.values, shape: [6, 4], to: dir.file("a.npy"))
        let ok = try Executables.run("Week01LinearAlgebra", ["svd", dir.file("a.npy").path, "--out", dir.file("out").path])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let s = try NPY.readDoubles(dir.file("out/S.npy"))
        XCTAssertEqual(s.shape, [4])
        assertClose(s.values, LAPACK.singularValues(a), rtol: 1e-10)
        XCTAssertEqual(try NPY.readDoubles(dir.file("out/U.npy")).shape, [6, 4])
        XCTAssertEqual(try NPY.readDoubles(dir.file("out/Vt.npy")).shape, [4, 4])
        // CSV input through pca.
        try AtomicFile.write("x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n", to: dir.file("p.csv"))
        let pca = try Executables.run("Week01LinearAlgebra", ["pca", dir.file("p.csv").path, "--components", "1", "--out", dir.file("pca").path])
        XCTAssertEqual(pca.status, 0, pca.stderr)
        XCTAssertGreaterThan(try NPY.readDoubles(dir.file("pca/explained_variance_ratio.npy")).values[0], 0.99)
        // Errors: one line on stderr, non-zero exit, no crash.
        try NPY.writeDoubles([1, 2, 3], shape: [3], to: dir.file("v.npy"))
        try NPY.writeDoubles([1, 2, 3, 4], shape: [2, 2], to: dir.file("ns.npy"))
        let cases: [([String], String)] = [
            (["lu", dir.file("missing.npy").path], "file not found"),
            (["qr", dir.file("v.npy").path], "expected a 2-D array"),
            (["cholesky", dir.file("ns.npy").path], "needs a symmetric matrix"),
            (["eig", dir.file("a.npy").path], "needs a square matrix"),
            (["svd"], "expects FILE"),
            (["lu", dir.file("a.npy").path, "--bogus"], "unknown option --bogus"),
        ]
        for (args, message) in cases {
            let r = try Executables.run("Week01LinearAlgebra", args)
            XCTAssertNotEqual(r.status, 0, "\(args)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testBenchJSONLines() throws {
        let r = try Executables.run("Week01LinearAlgebra", ["bench", "--json", "--sizes", "32"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let impls = lines.compactMap { $0?["impl"] as? String }
        XCTAssertEqual(Array(impls.prefix(3)), ["naive", "blocked", "blas"])
        XCTAssertTrue(lines.allSatisfy { ($0?["n"] as? Int) == 32 && (($0?["gflops"] as? Double) ?? 0) > 0 })
    }
}
