// OpenBLAS threads every GEMM above a size threshold on its own (m·n·k ≥ 4·65,536 in 0.3.21) and
// has no per-call thread count. Code that already splits many independent small GEMMs over the
// cores (attention's (batch, head) pairs) runs them with BLAS on one thread instead: two callers
// each asking BLAS for both cores at once spend their time handing work back and forth
// (sched_yield) rather than computing.
//
// `BLAS.singleThreaded { … }` sets OpenBLAS to one thread for the body and restores the count
// after. The setting is process-wide, so the body must be the only BLAS user at that moment (true
// for a layer's forward or backward: the tape runs one op at a time).

import COpenBLAS

extension BLAS {
    public static func singleThreaded<R>(_ body: () throws -> R) rethrows -> R {
        let threads = openblas_get_num_threads()
        guard threads > 1 else { return try body() }
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(threads) }
        return try body()
    }
}
