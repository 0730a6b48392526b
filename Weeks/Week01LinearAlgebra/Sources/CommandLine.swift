// The executable's commands and options, declared in the library so the tests can drive the
// parser and the dispatch without launching a process. The handlers live in the App and are
// passed in by name; `demo`, the first, runs when no command is named.

import Shared

public enum Week01CommandLine {
    static let outOption = Option.out(whenAbsent: "Output/Week01LinearAlgebra/<command>", "DIR", help: "folder for the .npy factors")

    /// `factorise` handles lu, qr, cholesky, eig, svd and pca (it reads `invocation.command`).
    public static func cli(demo: @escaping Subcommand.Handler, bench: @escaping Subcommand.Handler,
                           factorise: @escaping Subcommand.Handler) -> CLI {
        CLI(
            program: "Week01LinearAlgebra",
            summary: "linear algebra from scratch: matmul speed, LU/QR/Cholesky/eigen/SVD, PCA, SVD compression",
            commands: [
                Subcommand("demo", summary: "the week's tour on real data: benchmark, decompositions, PCA on iris and digits, SVD image compression",
                           options: [.int("image", "INDEX", default: 0, range: .atLeast(0),
                                          help: "first of the 64 Fashion-MNIST test images in the compressed mosaic")],
                           run: demo),
                Subcommand("bench", summary: "GFLOP/s of naive Swift, blocked Swift, Shared's BLAS matmul, C cblas_sgemm and numpy for n = 128…1024",
                           options: [.json("one JSON line per measurement"),
                                     .ints("sizes", default: [128, 256, 512, 1024], range: .within(1...4096), help: "matrix sizes")],
                           run: bench),
                Subcommand("lu", arguments: "FILE", positionals: 1...1, summary: "PA = LU with partial pivoting → P.npy L.npy U.npy",
                           options: [outOption], run: factorise),
                Subcommand("qr", arguments: "FILE", positionals: 1...1, summary: "thin Householder QR → Q.npy R.npy", options: [outOption], run: factorise),
                Subcommand("cholesky", arguments: "FILE", positionals: 1...1, summary: "A = LLᵀ (symmetric positive definite) → L.npy",
                           options: [outOption], run: factorise),
                Subcommand("eig", arguments: "FILE", positionals: 1...1, summary: "symmetric eigen-decomposition → values.npy (descending) vectors.npy (columns)",
                           options: [outOption], run: factorise),
                Subcommand("svd", arguments: "FILE", positionals: 1...1, summary: "thin SVD → U.npy S.npy Vt.npy (descending)",
                           options: [outOption], run: factorise),
                Subcommand("pca", arguments: "FILE", positionals: 1...1, summary: "PCA of the rows → components.npy explained_variance_ratio.npy scores.npy",
                           options: [outOption, .int("components", "K", default: 2, range: .atLeast(1), help: "number of components")],
                           run: factorise),
            ])
    }

    /// The declarations with handlers that do nothing: for tests that only parse.
    public static let parser = cli(demo: { _ in }, bench: { _ in }, factorise: { _ in })
}
