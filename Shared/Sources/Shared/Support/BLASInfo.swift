// Which BLAS is doing the work: printed wherever speed is reported, because the same code runs
// at very different speeds on different OpenBLAS kernels. OPENBLAS_CORETYPE (set on some of these
// machines to pick a kernel) is reported, never changed.

import COpenBLAS
import Foundation

public enum BLASInfo {
    public static var config: String { String(cString: openblas_get_config()).trimmingCharacters(in: .whitespaces) }
    public static var coreName: String { String(cString: openblas_get_corename()) }
    public static var threads: Int { Int(openblas_get_num_threads()) }
    public static var coreTypeEnvironment: String {
        ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
    }

    /// One line, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH … · core Haswell · 2 threads · OPENBLAS_CORETYPE=unset".
    public static var summary: String {
        "\(config) · core \(coreName) · \(threads) threads · OPENBLAS_CORETYPE=\(coreTypeEnvironment)"
    }
}

/// Timing helpers: a monotonic clock and the median of repeated runs.
public enum Timing {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Seconds taken by `body`.
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// Median seconds over `repeats` runs (after one warm-up run).
    public static func median(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var times: [Double] = []
        for _ in 0..<max(1, repeats) { times.append(try seconds(body)) }
        times.sort()
        return times[times.count / 2]
    }
}
