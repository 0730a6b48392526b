// Matrix multiplication through OpenBLAS's cblas_sgemm.
//
//   matmul(a, b):  a [M, K] · b [K, N] → [M, N]
//   transposeA/B:  use aᵀ / bᵀ without copying (a is then [K, M], b is [N, K])
//   batched:       a [B, M, K] · b [B, K, N] → [B, M, N]; b may also be a single [K, N]
//
// `BLAS.sgemm` is the pointer-level entry for hot code (im2col convolution, attention) that
// wants to multiply into an existing buffer, optionally accumulating (beta = 1).

import COpenBLAS

public enum BLAS {
    /// C = alpha · op(A) · op(B) + beta · C, all row-major. op(A) is [m, k], op(B) is [k, n].
    @inlinable
    public static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>) {
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(n))
    }

    /// The same with explicit leading dimensions (row strides), for blocks inside larger matrices:
    /// a head's columns of a fused [T, 3H] projection, say.
    @inlinable
    public static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }

    /// Double-precision C = op(A) · op(B), row-major, for code that needs float64 accuracy.
    public static func dgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             a: UnsafePointer<Double>, b: UnsafePointer<Double>,
                             c: UnsafeMutablePointer<Double>) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k),
                    b, Int32(transposeB ? k : n), 0, c, Int32(n))
    }
}

extension Tensor {
    /// a · b (see the file header for shapes and flags).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false,
                              transposeB: Bool = false, alpha: Float = 1) throws -> Tensor {
        guard (a.rank == 2 || a.rank == 3), (b.rank == 2 || b.rank == 3), b.rank <= a.rank else {
            throw TensorError.shapeMismatch(op: "matmul (ranks 2·2, 3·3 or 3·2)", a.shape, b.shape)
        }
        let batch = a.rank == 3 ? a.shape[0] : 1
        if b.rank == 3 && b.shape[0] != batch {
            throw TensorError.shapeMismatch(op: "batched matmul", a.shape, b.shape)
        }
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (k2, n) = transposeB ? (bc, br) : (br, bc)
        guard k == k2 else {
            let opName = "matmul\(transposeA ? " (aᵀ)" : "")\(transposeB ? " (bᵀ)" : "")"
            throw TensorError.shapeMismatch(op: opName, a.shape, b.shape)
        }
        var out = [Float](repeating: 0, count: batch * m * n)
        let bStride = b.rank == 3 ? br * bc : 0
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    guard m > 0, n > 0 else { return }
                    if k == 0 { return }
                    for i in 0..<batch {
                        BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                   alpha: alpha, a: pa.baseAddress! + i * ar * ac,
                                   b: pb.baseAddress! + i * bStride, c: pc.baseAddress! + i * m * n)
                    }
                }
            }
        }
        return Tensor(unchecked: a.rank == 3 ? [batch, m, n] : [m, n], storage: out)
    }

    /// self · other.
    public func matmul(_ other: Tensor) throws -> Tensor { try Tensor.matmul(self, other) }
}
