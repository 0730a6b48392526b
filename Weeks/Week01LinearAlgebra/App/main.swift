// Week01LinearAlgebra: the executable. With no command it runs the week's demo on real data;
// the other commands apply the week's decompositions to the user's own files.

import Foundation
import Shared
import Week01LinearAlgebra

let outOption = Option.value("out", "DIR", "folder for the .npy factors (default Output/Week01LinearAlgebra/<command>)")

let cli = CLI(
    program: "Week01LinearAlgebra",
    summary: "linear algebra from scratch: matmul speed, LU/QR/Cholesky/eigen/SVD, PCA, SVD compression",
    commands: [
        Subcommand("demo", summary: "the week's tour on real data: benchmark, decompositions, PCA on iris and digits, SVD image compression",
                   options: [.value("image", "INDEX", "first of the 64 Fashion-MNIST test images in the compressed mosaic (default 0)")]),
        Subcommand("bench", summary: "GFLOP/s of naive Swift, blocked Swift, Shared's BLAS matmul, C cblas_sgemm and numpy for n = 128…1024",
                   options: [.flag("json", "one JSON line per measurement"),
                             .value("sizes", "N,N,…", "matrix sizes (default 128,256,512,1024)")]),
        Subcommand("lu", arguments: "FILE", positionals: 1...1, summary: "PA = LU with partial pivoting → P.npy L.npy U.npy", options: [outOption]),
        Subcommand("qr", arguments: "FILE", positionals: 1...1, summary: "thin Householder QR → Q.npy R.npy", options: [outOption]),
        Subcommand("cholesky", arguments: "FILE", positionals: 1...1, summary: "A = LLᵀ (symmetric positive definite) → L.npy", options: [outOption]),
        Subcommand("eig", arguments: "FILE", positionals: 1...1, summary: "symmetric eigen-decomposition → values.npy (descending) vectors.npy (columns)", options: [outOption]),
        Subcommand("svd", arguments: "FILE", positionals: 1...1, summary: "thin SVD → U.npy S.npy Vt.npy (descending)", options: [outOption]),
        Subcommand("pca", arguments: "FILE", positionals: 1...1, summary: "PCA of the rows → components.npy explained_variance_ratio.npy scores.npy",
                   options: [outOption, .value("components", "K", "number of components (default 2)")]),
    ])

cli.main { invocation in
    switch invocation.command {
    case "demo": try Demo.run(imageIndex: try invocation.int("image", default: 0))
    case "bench": try Bench.run(json: invocation.flag("json"), sizes: try invocation.doubles("sizes")?.map { Int($0) })
    default: try Factorise.run(invocation)
    }
}
