// `bench`: the GFLOP/s table, with the C and numpy references measured in the same run.

import Foundation
import Shared
import Week01LinearAlgebra

enum Bench {
    static func run(json: Bool, sizes: [Int]) throws {
        if !json {
            print("BLAS: \(BLASInfo.summary)")
            print("build: Week01 library and Shared compiled with -O in every configuration\n")
        }
        let numpy = MatmulBenchmark.numpy(sizes: sizes) ?? []
        var table = TextTable(["n", "naive", "blocked", "blas (Shared)", "C cblas_sgemm", "blas / C", "numpy", "blas / numpy"])
        for n in sizes {
            var row: [String: MatmulMeasurement] = [:]
            let progress = json ? nil : ProgressBar("n = \(n)", total: 3)
            for (i, impl) in ["naive", "blocked"].enumerated() {
                row[impl] = try MatmulBenchmark.measure(impl, n: n)
                progress?.update(i + 1)
            }
            let (blas, c) = try MatmulBenchmark.measureBLASAgainstC(n: n)
            row["blas"] = blas
            row["c-cblas"] = c
            progress?.finish()
            row["numpy"] = numpy.first { $0.n == n }
            if json {
                for impl in ["naive", "blocked", "blas", "numpy"] {
                    guard let m = row[impl] else { continue }
                    var pairs: [(String, JSONValue)] = [("impl", .string(impl)), ("n", .int(n)), ("gflops", .number((m.gflops * 100).rounded() / 100))]
                    if impl == "blas", let c = row["c-cblas"] { pairs.append(("c_gflops", .number((c.gflops * 100).rounded() / 100))) }
                    print(JSONText.line(pairs))
                }
            } else {
                func g(_ impl: String) -> String { row[impl].map { String(format: "%.2f", $0.gflops) } ?? "–" }
                func ratio(_ x: String, _ y: String) -> String {
                    guard let a = row[x], let b = row[y] else { return "–" }
                    return String(format: "%.2f×", a.gflops / b.gflops)
                }
                table.add(["\(n)", g("naive"), g("blocked"), g("blas"), g("c-cblas"), ratio("blas", "c-cblas"), g("numpy"), ratio("blas", "numpy")])
            }
        }
        if !json {
            print("GFLOP/s (medians of repeated runs; blas and C alternate in 5 rounds; 2n³ flops per multiply)\n")
            print(table.render())
            if numpy.isEmpty {
                print("\n(numpy column empty: python3 with numpy was not found)")
            } else if let info = MatmulBenchmark.numpyBLASInfo() {
                print("\nnumpy's BLAS: \(info) (its own build; it may pick a different kernel)")
            }
        }
    }
}
