// The C side of the "is Shared's matmul as fast as C?" check: the same cblas_sgemm, called from
// a C loop (Shared/Sources/CHelpers) on the same buffers.

import CHelpers

public enum CBaseline {
    /// Median seconds of one n×n cblas_sgemm called from C.
    public static func sgemmMedianSeconds(n: Int, repeats: Int, a: [Float], b: [Float]) -> Double {
        precondition(a.count == n * n && b.count == n * n, "CBaseline: matrices must be n×n")
        var c = [Float](repeating: 0, count: n * n)
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    // warm-up, then the timed runs
                    _ = cblasbench_sgemm_median_seconds(Int32(n), 1, pa.baseAddress, pb.baseAddress, pc.baseAddress)
                    return cblasbench_sgemm_median_seconds(Int32(n), Int32(repeats), pa.baseAddress, pb.baseAddress, pc.baseAddress)
                }
            }
        }
    }
}
