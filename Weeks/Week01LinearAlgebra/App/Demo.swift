// The default run: a tour of the week on real data. Every figure printed is computed here and
// now; the SVG/PNG files go to Output/Week01LinearAlgebra/.

import Foundation
import Shared
import Week01LinearAlgebra

enum Demo {
    static func run(imageIndex: Int) throws {
        let out = try Project.outputDirectory("Week01LinearAlgebra")
        print("== 1. Matrix multiplication: why BLAS")
        try Bench.run(json: false, sizes: [128, 256, 512])
        print("   (the full table, up to n = 1024: swift run Week01LinearAlgebra bench)\n")

        print("== 2. Decompositions on random matrices (seed 7), checked by reconstruction")
        try decompositions()

        print("\n== 3. PCA on iris and digits (scikit-learn's bundled data)")
        for name in ["iris", "digits"] { try pca(name, out: out) }

        print("\n== 4. SVD compression of a Fashion-MNIST test image")
        try compression(index: imageIndex, out: out)
    }

    static func decompositions() throws {
        let square = Matrix.random(rows: 200, columns: 200, seed: 7)
        let tall = Matrix.random(rows: 500, columns: 100, seed: 8)
        let spd = try (tall.transposed * tall)  // 100×100 symmetric positive definite
        var table = TextTable(["decomposition", "input", "check", "relative error", "orthogonality error", "ms"])
        func e(_ x: Double) -> String { String(format: "%.1e", x) }
        func orthogonality(_ q: Matrix) throws -> Double {
            try (q.transposed * q).relativeDistance(to: .identity(q.columns))
        }
        var start = Timing.now()
        func ms() -> String {
            let elapsed = (Timing.now() - start) * 1000
            start = Timing.now()
            return String(format: "%.0f", elapsed)
        }
        start = Timing.now()
        let lu = try LUDecomposition(square)
        table.add(["LU (partial pivoting)", "200×200", "PA = LU", e(try (lu.p * square).relativeDistance(to: lu.l * lu.u)), "–", ms()])
        let qr = try QRDecomposition(tall)
        table.add(["QR (Householder)", "500×100", "A = QR", e(try (qr.q * qr.r).relativeDistance(to: tall)), e(try orthogonality(qr.q)), ms()])
        let chol = try CholeskyDecomposition(spd)
        table.add(["Cholesky", "100×100 AᵀA", "A = LLᵀ", e(try (chol.l * chol.l.transposed).relativeDistance(to: spd)), "–", ms()])
        let eig = try SymmetricEigenDecomposition(spd)
        var lambda = Matrix(rows: 100, columns: 100)
        for i in 0..<100 { lambda[i, i] = eig.eigenvalues[i] }
        table.add(["symmetric eigen (Jacobi)", "100×100 AᵀA", "A = VΛVᵀ", e(try (eig.eigenvectors * lambda * eig.eigenvectors.transposed).relativeDistance(to: spd)), e(try orthogonality(eig.eigenvectors)), ms()])
        for (name, m) in [("200×200", square), ("500×100", tall)] {
            let svd = try SVD(m)
            table.add(["SVD (one-sided Jacobi)", name, "A = UΣVᵀ", e(svd.reconstruct().relativeDistance(to: m)), e(try orthogonality(svd.u)), ms()])
        }
        print(table.render())
        let svd = try SVD(tall)
        let eigenvaluesAgree = zip(svd.singularValues, eig.eigenvalues).map { abs($0 * $0 - $1) / $1 }.max() ?? 0
        print(String(format: "σᵢ(A)² vs λᵢ(AᵀA): largest relative difference %.1e (the two routes agree)", eigenvaluesAgree))
        do {
            var singular = Matrix.random(rows: 4, columns: 4, seed: 3)
            for j in 0..<4 { singular[3, j] = singular[0, j] + singular[1, j] }
            _ = try LUDecomposition(singular)
        } catch {
            print("LU of a matrix whose last row is the sum of the first two: \(error)")
        }
    }

    static func pca(_ name: String, out: URL) throws {
        let url = try Dataset.sklearn.file("\(name).csv")
        let table = try CSV.read(url)
        let target = try table.columnIndex("target")
        let features = (0..<table.columnCount).filter { $0 != target }
        let (rows, columns, values) = try table.numericMatrix(columns: features)
        let labels = try table.numericColumn(target).map { Int($0) }
        let p = try PCA(Matrix(rows: rows, columns: columns, values: values), components: 2)
        let all = try PCA(Matrix(rows: rows, columns: columns, values: values), components: Swift.min(columns, 10))
        let ratios = all.explainedVarianceRatio.prefix(5).map { String(format: "%.4f", $0) }.joined(separator: " ")
        var cumulative = 0.0
        let toNinety = all.explainedVarianceRatio.firstIndex { cumulative += $0; return cumulative >= 0.9 }.map { "\($0 + 1)" } ?? "> 10"
        print("\(name): \(rows) samples × \(columns) features; explained variance ratio of the first components: \(ratios); components for 90%: \(toNinety)")
        let classNames = name == "iris" ? ["setosa", "versicolor", "virginica"] : (0...9).map { "digit \($0)" }
        let svg = SVGPlot.scatter(title: "PCA of \(name): first two components", x: p.scores.column(0), y: p.scores.column(1),
                                  labels: labels, classNames: classNames, xLabel: "PC1", yLabel: "PC2")
        let file = out.appendingPathComponent("pca-\(name).svg")
        try SVGPlot.save(svg, to: file)
        print("   scatter plot: \(Project.display(file))")
    }

    /// SVD compression of a mosaic of 8×8 Fashion-MNIST test images (224×224: big enough for
    /// ranks 1, 5, 20 and 50 to mean something; a single 28×28 image has rank ≤ 28).
    static func compression(index: Int, out: URL) throws {
        let test = try ImageDatasets.loadTest(.fashionMNIST)
        let tiles = 8
        guard index >= 0 && index + tiles * tiles <= test.labels.count else {
            throw UsageError("--image must be in 0...\(test.labels.count - tiles * tiles)")
        }
        let (w, h) = (test.width * tiles, test.height * tiles)
        var pixels = [Double](repeating: 0, count: w * h)
        for t in 0..<(tiles * tiles) {
            let image = try test.images.row(index + t)
            let (ox, oy) = ((t % tiles) * test.width, (t / tiles) * test.height)
            for y in 0..<test.height { for x in 0..<test.width { pixels[(oy + y) * w + ox + x] = Double(image.storage[y * test.width + x]) } }
        }
        let a = Matrix(rows: h, columns: w, values: pixels)
        let svd = try SVD(a)
        print("a \(h)×\(w) mosaic of test images \(index)…\(index + tiles * tiles - 1); singular values: "
              + svd.singularValues.prefix(6).map { String(format: "%.2f", $0) }.joined(separator: " ") + " …")
        var table = TextTable(["rank", "values stored", "of \(w * h)", "relative error", "file"])
        var shown: [[Float]] = [a.values.map { Float($0) }]
        var errors: [Double] = []
        for rank in 1...Swift.min(w, h) {
            let approx = svd.reconstruct(rank: rank)
            errors.append(approx.relativeDistance(to: a))
            guard [1, 5, 20, 50].contains(rank) else { continue }
            let image = approx.values.map { Float(Swift.min(1, Swift.max(0, $0))) }
            shown.append(image)
            let png = out.appendingPathComponent("svd-rank-\(rank).png")
            try ImageFile.writePNG(image, width: w, height: h, to: png)
            try ImageFile.writePGM(image, width: w, height: h, to: out.appendingPathComponent("svd-rank-\(rank).pgm"))
            let stored = rank * (w + h + 1)
            table.add(["\(rank)", "\(stored)", String(format: "%.0f%%", 100 * Double(stored) / Double(w * h)),
                       String(format: "%.4f", errors.last!), Project.display(png)])
        }
        print(table.render())
        let grid = ImageFile.grid(shown, width: w, height: h, columns: shown.count)
        let gridFile = out.appendingPathComponent("svd-compression.png")
        try ImageFile.writePNG(grid.pixels, width: grid.width, height: grid.height, to: gridFile)
        let curve = out.appendingPathComponent("svd-error-vs-rank.svg")
        try SVGPlot.save(SVGPlot.line(title: "SVD compression: error vs rank", xLabel: "rank k", yLabel: "‖A − A_k‖ / ‖A‖",
                                      series: [Series(name: "relative error", x: (1...errors.count).map(Double.init), y: errors.map { Swift.max($0, 1e-12) })],
                                      logY: true), to: curve)
        print("   original and ranks 1, 5, 20, 50 side by side: \(Project.display(gridFile))")
        print("   error vs rank: \(Project.display(curve))")
    }
}
