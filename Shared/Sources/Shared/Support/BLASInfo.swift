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

    /// One line, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH … · core Haswell · 2 threads · OPENBLAS_CORETYPE=unset",
    /// followed by `kernelAdvice` in parentheses when there is some.
    public static var summary: String {
        "\(config) · core \(coreName) · \(threads) threads · OPENBLAS_CORETYPE=\(coreTypeEnvironment)"
            + (kernelAdvice.map { " (\($0))" } ?? "")
    }

    /// OpenBLAS's generic x86 kernels, chosen when its CPU detection does not know the model (as on
    /// virtual machines that report a bare "Intel Xeon Processor").
    static let genericCores: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai",
                                            "Coppermine", "Northwood", "Banias"]

    /// When OPENBLAS_CORETYPE is unset and OpenBLAS fell back to a generic kernel on a CPU whose flags
    /// show AVX-512 or AVX2: the setting that would select the fast kernels (it roughly halves the time
    /// of GEMM-bound weeks). Only advice: nothing here changes the setting.
    public static var kernelAdvice: String? {
        guard coreTypeEnvironment == "unset", genericCores.contains(coreName),
              let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        return advice(core: coreName, flags: Set(line.split(separator: " ").map(String.init)))
    }

    static func advice(core: String, flags: Set<String>) -> String? {
        let (isa, setting): (String, String)
        if flags.contains("avx512f") && flags.contains("avx512bw") { (isa, setting) = ("AVX-512", "SkylakeX") }
        else if flags.contains("avx2") && flags.contains("fma") { (isa, setting) = ("AVX2", "Haswell") }
        else { return nil }
        return "generic \(core) kernels on an \(isa) CPU: OPENBLAS_CORETYPE=\(setting) selects the fast ones"
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
