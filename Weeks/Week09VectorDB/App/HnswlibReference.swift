// hnswlib (the C++ HNSW library by the paper's first author, through its Python binding) on the
// same vectors with the same M, efConstruction, ef values and thread count, in a child process
// (Shared.PythonReference). The base, queries and our exact ground truth go over as .npy files in a
// temporary folder, so both sides score recall against the same truth.

import Foundation
import Shared
import Week09VectorDB

struct HnswlibRun {
    var buildSeconds: Double
    var rows: [SearchMeasurement]
    var version: String
}

enum HnswlibReference {
    static let script = """
    import json, sys, time
    import numpy as np, hnswlib
    try:
        from importlib.metadata import version as package_version
        hnswlib_version = package_version("hnswlib")
    except Exception:
        hnswlib_version = "unknown"
    base_path, query_path, truth_path, m, efc, efs, threads, k, repeats, space = sys.argv[1:11]
    m, efc, threads, k, repeats = int(m), int(efc), int(threads), int(k), int(repeats)
    base = np.load(base_path).astype(np.float32); queries = np.load(query_path).astype(np.float32)
    truth = np.load(truth_path)
    index = hnswlib.Index(space=space, dim=base.shape[1])
    index.init_index(max_elements=base.shape[0], ef_construction=efc, M=m, random_seed=100)
    index.set_num_threads(threads)
    start = time.perf_counter(); index.add_items(base, np.arange(base.shape[0])); build = time.perf_counter() - start
    print(json.dumps({"build_seconds": build, "version": hnswlib_version}))
    for ef in [int(e) for e in efs.split(",")]:
        index.set_ef(max(ef, k))
        times = []
        for _ in range(repeats):
            start = time.perf_counter(); labels, _ = index.knn_query(queries, k=k, num_threads=threads); times.append(time.perf_counter() - start)
        times.sort()
        hits = sum(len(set(a.tolist()) & set(b[:k].tolist())) for a, b in zip(labels, truth))
        print(json.dumps({"ef": ef, "recall": hits / (k * len(queries)), "qps": len(queries) / times[len(times) // 2]}))
    """

    /// nil when Python or hnswlib is missing, or the run fails.
    static func run(base: Tensor, queries: Tensor, truth: [[SearchResult]], plan: SweepPlan, m: Int) throws -> HnswlibRun? {
        let space: String
        switch plan.metric {
        case .l2: space = "l2"
        case .innerProduct: space = "ip"
        case .cosine: space = "cosine"
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("week09-hnswlib-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let basePath = folder.appendingPathComponent("base.npy"), queryPath = folder.appendingPathComponent("queries.npy")
        let truthPath = folder.appendingPathComponent("truth.npy")
        try NPY.write(base, to: basePath)
        try NPY.write(queries, to: queryPath)
        try NPY.writeInts(truth.flatMap { row in (0..<plan.k).map { $0 < row.count ? row[$0].id : -1 } },
                          shape: [truth.count, plan.k], to: truthPath)
        let arguments = [basePath.path, queryPath.path, truthPath.path, "\(m)", "\(plan.efConstruction)",
                         plan.efs.map(String.init).joined(separator: ","), "\(plan.threads)", "\(plan.k)", "\(plan.repeats)", space]
        guard let output = PythonReference.run(script, arguments: arguments) else { return nil }
        var run = HnswlibRun(buildSeconds: 0, rows: [], version: "unknown")
        for line in output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if let build = object["build_seconds"] as? Double {
                run.buildSeconds = build
                run.version = object["version"] as? String ?? "unknown"
            } else if let ef = object["ef"] as? Int, let recall = object["recall"] as? Double, let qps = object["qps"] as? Double {
                run.rows.append(SearchMeasurement(index: "hnswlib", parameters: [("M", m), ("ef", ef)], recall: recall, queriesPerSecond: qps))
            }
        }
        return run.rows.isEmpty ? nil : run
    }
}
