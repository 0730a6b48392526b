// Why BLAS: three ways to multiply n×n Float matrices, measured side by side.
//   naive    the textbook triple loop cᵢⱼ = Σₖ aᵢₖbₖⱼ (the inner loop strides down a column of B,
//            so nearly every load misses the cache)
//   blocked  the same arithmetic reordered: i-k-j order so the inner loop runs along rows (the
//            compiler vectorises it), in tiles that fit in cache
//   blas     Shared's Tensor.matmul → OpenBLAS cblas_sgemm (packed panels, hand-written SIMD
//            kernels, threads)
// plus, as references, a C loop calling the same cblas_sgemm and numpy's matmul (when python3
// with numpy is available). GFLOP/s = 2n³ / seconds / 1e9.

import Foundation
import Shared

public enum MatmulKernels {
    /// C = A·B by the triple loop in i-j-k order.
    public static func naive(_ a: [Float], _ b: [Float], n: Int) -> [Float] {
        var c = [Float](repeating: 0, count: n * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    for i in 0..<n {
                        for j in 0..<n {
                            var sum: Float = 0
                            for k in 0..<n { sum += pa[i * n + k] * pb[k * n + j] }
                            pc[i * n + j] = sum
                        }
                    }
                }
            }
        }
        return c
    }

    /// C = A·B in cache-sized tiles, i-k-j order inside a tile.
    public static func blocked(_ a: [Float], _ b: [Float], n: Int, tile: Int = 64) -> [Float] {
        var c = [Float](repeating: 0, count: n * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    var i0 = 0
                    while i0 < n {
                        let i1 = Swift.min(i0 + tile, n)
                        var k0 = 0
                        while k0 < n {
                            let k1 = Swift.min(k0 + tile, n)
                            var j0 = 0
                            while j0 < n {
                                let j1 = Swift.min(j0 + 4 * tile, n)
                                for i in i0..<i1 {
                                    let cRow = pc.baseAddress! + i * n
                                    for k in k0..<k1 {
                                        let aik = pa[i * n + k]
                                        let bRow = pb.baseAddress! + k * n
                                        for j in j0..<j1 { cRow[j] += aik * bRow[j] }
                                    }
                                }
                                j0 = j1
                            }
                            k0 = k1
                        }
                        i0 = i1
                    }
                }
            }
        }
        return c
    }
}

public struct MatmulMeasurement: Sendable {
    public var impl: String
    public var n: Int
    public var seconds: Double
    public var gflops: Double { 2 * pow(Double(n), 3) / seconds / 1e9 }
}

public enum MatmulBenchmark {
    /// Repeats so that one measurement takes roughly a quarter of a second, at least 1.
    static func repeats(n: Int, gflopsGuess: Double) -> Int {
        let seconds = 2 * pow(Double(n), 3) / (gflopsGuess * 1e9)
        return Swift.max(1, Swift.min(50, Int(0.25 / seconds)))
    }

    public static func random(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<(n * n)).map { _ in Float(rng.nextGaussian()) }
    }

    public static func measure(_ impl: String, n: Int) throws -> MatmulMeasurement {
        let a = random(n, seed: 1), b = random(n, seed: 2)
        let seconds: Double
        switch impl {
        case "naive":
            seconds = Timing.median(repeats: repeats(n: n, gflopsGuess: 0.5) > 1 ? 3 : 1) { _ = MatmulKernels.naive(a, b, n: n) }
        case "blocked":
            seconds = Timing.median(repeats: Swift.min(5, repeats(n: n, gflopsGuess: 4))) { _ = MatmulKernels.blocked(a, b, n: n) }
        case "blas":
            let ta = try Tensor(shape: [n, n], storage: a), tb = try Tensor(shape: [n, n], storage: b)
            var failure: Error?
            seconds = Timing.median(repeats: repeats(n: n, gflopsGuess: 50)) {
                do { _ = try Tensor.matmul(ta, tb) } catch { failure = error }
            }
            if let failure { throw failure }
        case "c-cblas":
            seconds = CBaseline.sgemmMedianSeconds(n: n, repeats: repeats(n: n, gflopsGuess: 50), a: a, b: b)
        default:
            throw UsageError("unknown matmul implementation '\(impl)'")
        }
        return MatmulMeasurement(impl: impl, n: n, seconds: seconds)
    }

    /// Shared's matmul and the C loop over the same cblas_sgemm, measured in alternating rounds so
    /// both see the same machine load (these machines are shared and noisy); medians over rounds.
    public static func measureBLASAgainstC(n: Int, rounds: Int = 5) throws -> (blas: MatmulMeasurement, c: MatmulMeasurement) {
        var blas: [Double] = [], c: [Double] = []
        for _ in 0..<rounds {
            blas.append(try measure("blas", n: n).seconds)
            c.append(try measure("c-cblas", n: n).seconds)
        }
        blas.sort()
        c.sort()
        return (MatmulMeasurement(impl: "blas", n: n, seconds: blas[rounds / 2]),
                MatmulMeasurement(impl: "c-cblas", n: n, seconds: c[rounds / 2]))
    }

    /// numpy's float32 matmul timed by python3 in a child process; nil when python3/numpy is missing.
    public static func numpy(sizes: [Int]) -> [MatmulMeasurement]? {
        let script = """
        import sys, time
        import numpy as np
        for n in [int(s) for s in sys.argv[1:]]:
            rng = np.random.default_rng(0)
            a = rng.standard_normal((n, n), dtype=np.float32); b = rng.standard_normal((n, n), dtype=np.float32)
            a @ b
            reps = max(1, min(50, int(0.25 / (2 * n**3 / 50e9))))
            times = []
            for _ in range(reps):
                t = time.perf_counter(); a @ b; times.append(time.perf_counter() - t)
            times.sort()
            print(n, times[len(times) // 2])
        """
        guard let text = PythonReference.run(script, arguments: sizes.map(String.init)) else { return nil }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let n = Int(parts[0]), let s = Double(parts[1]) else { return nil }
            return MatmulMeasurement(impl: "numpy", n: n, seconds: s)
        }
    }

    /// numpy's BLAS as numpy reports it (its kernel can differ from ours).
    public static func numpyBLASInfo() -> String? {
        let script = "import numpy as np; c = np.show_config(mode='dicts'); b = c['Build Dependencies']['blas']; print(b.get('name'), b.get('version'))"
        return PythonReference.run(script)?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
