// `build`, `search` and `delete`: the indexes on the user's own .npy files.

import Foundation
import Shared
import Week09VectorDB

enum IndexCommands {
    /// A rank-2 float matrix from an .npy file.
    static func matrix(_ path: String, what: String) throws -> Tensor {
        let t = try NPY.readTensor(URL(fileURLWithPath: path))
        guard t.rank == 2, t.rowCount > 0, t.rowLength > 0 else {
            throw DataFileError.malformed(path: path, reason: "\(what) must be a non-empty 2-D array [n, d], got shape \(t.shape)")
        }
        if let bad = t.storage.first(where: { !$0.isFinite }) {
            throw DataFileError.malformed(path: path, reason: "\(what) contains a non-finite value (\(bad))")
        }
        return t
    }


    static func build(_ invocation: Invocation) throws {
        let path = invocation.positionals[0]
        let kind = invocation.string("index")
        let metric = Metric(rawValue: invocation.string("metric"))!
        let m = invocation.int("m")
        let efConstruction = invocation.int("ef-construction")
        let tables = invocation.int("tables")
        let bits = invocation.int("bits")
        let threads = invocation.int("threads")
        let seed = UInt64(invocation.int("seed"))
        let data = try matrix(path, what: "the base vectors")
        let out = try invocation.optionalString("out").map { URL(fileURLWithPath: $0) }
            ?? Project.outputDirectory("Week09VectorDB").appendingPathComponent(
                URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + "." + kind)
        let index: any VectorIndex
        switch kind {
        case "exact": index = ExactIndex(dimension: data.rowLength, metric: metric)
        case "lsh": index = LSHIndex(dimension: data.rowLength, metric: metric, tables: tables, bits: bits, seed: seed)
        default:
            let hnsw = HNSWIndex(dimension: data.rowLength, metric: metric, m: m, efConstruction: efConstruction, seed: seed)
            hnsw.buildThreads = threads
            index = hnsw
        }
        let seconds = try Timing.seconds { try index.add(data.storage, ids: Array(0..<data.rowCount)) }
        try index.save(to: out)
        print(String(format: "%@ index of %d × %d vectors (%@) built in %.2f s", kind, data.rowCount, data.rowLength, metric.rawValue, seconds))
        print("wrote \(Project.display(out))")
    }

    static func search(_ invocation: Invocation) throws {
        let index = try VectorIndexFile.load(from: URL(fileURLWithPath: invocation.positionals[0]))
        let queries = try matrix(invocation.positionals[1], what: "the queries")
        guard queries.rowLength == index.dimension else {
            throw DataFileError.malformed(path: invocation.positionals[1],
                                          reason: "queries have dimension \(queries.rowLength), the index has dimension \(index.dimension)")
        }
        let k = invocation.int("k")
        let threads = invocation.int("threads")
        if let hnsw = index as? HNSWIndex, let ef = invocation.optionalInt("ef") { hnsw.efSearch = ef }
        if let lsh = index as? LSHIndex, let probes = invocation.optionalInt("probes") {
            guard probes <= lsh.bits else { throw UsageError("--probes must be between 0 and \(lsh.bits)") }
            lsh.probes = probes
        }
        let start = Timing.now()
        let results = try index.search(batch: queries.storage, k: k, threads: threads)
        let seconds = Timing.now() - start
        for (q, hits) in results.enumerated() {
            if invocation.flag("json") {
                print(JSONText.line([("query", .int(q)), ("ids", .array(hits.map { .int($0.id) })),
                                     ("distances", .floats(hits.map(\.distance)))]))
            } else {
                print("query \(q): " + hits.map { String(format: "%d (%.4g)", $0.id, $0.distance) }.joined(separator: ", "))
            }
        }
        if !invocation.flag("json") {
            FileHandle.standardError.write(Data(String(format: "%d queries in %.3f s (%.0f queries/s, %d threads)\n",
                                                       results.count, seconds, Double(results.count) / max(seconds, 1e-9), threads).utf8))
        }
    }

    static func delete(_ invocation: Invocation) throws {
        let url = URL(fileURLWithPath: invocation.positionals[0])
        var ids: [Int] = []
        for part in invocation.positionals[1].split(separator: ",", omittingEmptySubsequences: false) {
            guard let id = Int(part.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError("IDS must be comma-separated integers, got '\(invocation.positionals[1])'")
            }
            ids.append(id)
        }
        let index = try VectorIndexFile.load(from: url)
        for id in Set(ids).sorted() { try index.remove(id) }  // an unknown id stops before anything is written
        try index.save(to: url)
        print("removed \(Set(ids).count) id(s); \(index.count) remain; rewrote \(Project.display(url))")
    }
}
