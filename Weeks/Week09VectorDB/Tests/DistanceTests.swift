// The distance kernels and heaps against naive loops.

import Shared
import TestSupport
import Week09VectorDB
import XCTest

final class DistanceTests: XCTestCase {
    func testKernelsMatchNaiveLoopsForEveryLength() {
        var rng = SplitMix64(seed: 3)
        for n in [1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 100, 784] {
            let a = (0..<n).map { _ in Float(rng.nextGaussian()) }
            let b = (0..<n).map { _ in Float(rng.nextGaussian()) }
            var l2 = 0.0, dot = 0.0
            for i in 0..<n {
                l2 += Double(a[i] - b[i]) * Double(a[i] - b[i])
                dot += Double(a[i]) * Double(b[i])
            }
            assertClose(Double(Distance.between(a, b, metric: .l2)), l2, rtol: 1e-5, atol: 1e-5, "l2 n=\(n) (\(Distance.kernel))")
            assertClose(Double(Distance.between(a, b, metric: .innerProduct)), 1 - dot, rtol: 1e-5, atol: 1e-4, "ip n=\(n)")
        }
    }
}
