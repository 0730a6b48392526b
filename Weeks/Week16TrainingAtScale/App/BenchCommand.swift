// `bench`: the ring all-reduce on loopback, --workers processes of this executable (started with
// torchrun's environment, like `launch`), against torch.distributed's gloo backend with the same
// process count and message sizes (TorchAllReduce.swift), in one run. For each size: the median
// seconds of --repeats all-reduces (each after a barrier, 2 warm-ups first) on rank 0, the
// algorithm bandwidth (message bytes / time) and ours / torch (below 1: we are faster).

import Foundation
import Shared
import Week16TrainingAtScale

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let (workers, sizes, repeats, json) = (invocation.int("workers"), invocation.ints("sizes"), invocation.int("repeats"), invocation.flag("json"))
        if invocation.flag("as-worker") { return try rank(sizes: sizes, repeats: repeats) }
        if !json { print("ring all-reduce (sum) of float32 messages, \(workers) processes on loopback, median of \(repeats); BLAS: \(BLASInfo.summary)") }
        let scratch = try Project.outputDirectory("Week16TrainingAtScale").appendingPathComponent("bench-rank0.json")
        let arguments = ["--as-worker", "--sizes", sizes.map(String.init).joined(separator: ","), "--repeats", String(repeats)]
        let environment = ["WEEK16_BENCH_OUTPUT": scratch.path]
        try LaunchCommand.launch(workers: workers, port: try LaunchCommand.freePort(), arguments: arguments, grace: 35,
                                 command: "bench", extraEnvironment: environment)
        guard let data = FileManager.default.contents(atPath: scratch.path),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Double] else {
            throw DataFileError.missing(path: scratch.path)
        }
        if !json { FileHandle.standardError.write(Data("PyTorch: running \(PythonReference.interpreter) (gloo) …\n".utf8)) }
        let torch = TorchAllReduce.run(workers: workers, sizes: sizes, repeats: repeats, port: try LaunchCommand.freePort())
        var table = TextTable(["float32 elements", "MB", "ours ms", "ours GB/s", "torch ms", "torch GB/s", "ours / torch"])
        for n in sizes {
            let ours = object[String(n)] ?? .nan, reference = torch?.seconds[n]
            let megabytes = Double(n * 4) / 1e6
            if json {
                print(JSONText.line([("elements", .int(n)), ("bytes", .int(n * 4)), ("seconds", .number(ours)),
                                     ("torch_seconds", reference.map { .number($0) } ?? .null),
                                     ("ours_over_torch", reference.map { .number(ours / $0) } ?? .null), ("workers", .int(workers))]))
            }
            table.add([String(n), String(format: "%.3f", megabytes), String(format: "%.3f", ours * 1e3),
                       String(format: "%.2f", megabytes / 1e3 / ours),
                       reference.map { String(format: "%.3f", $0 * 1e3) } ?? "-",
                       reference.map { String(format: "%.2f", megabytes / 1e3 / $0) } ?? "-",
                       reference.map { String(format: "%.2f×", ours / $0) } ?? "-"])
        }
        guard !json else { return }
        print(table.render())
        if let torch {
            print("torch \(torch.version), gloo backend, 1 thread per process; goal ours / torch ≤ 1.0×")
        } else {
            print("torch: not measured (\(PythonReference.interpreter) has no torch with gloo; see Scripts/reference_env.sh)")
        }
    }

    /// One rank of the bench; rank 0 writes {size: median seconds} to $WEEK16_BENCH_OUTPUT.
    static func rank(sizes: [Int], repeats: Int) throws {
        let environment = try WorkerEnvironment(environment: ProcessInfo.processInfo.environment)
        let group = try ProcessGroup.join(environment, timeout: 30)
        defer { group.close() }
        var rng = SplitMix64(seed: UInt64(environment.rank))
        var result: [(String, JSONValue)] = []
        for n in sizes {
            var buffer = Tensor.randomNormal([n], using: &rng).storage
            for _ in 0..<2 { try group.allReduceSum(&buffer) }
            var times: [Double] = []
            for _ in 0..<repeats {  // the buffer keeps its sums, as torch's tensor does (no copy in the timing)
                try group.barrier()
                let start = Timing.now()
                try group.allReduceSum(&buffer)
                times.append(Timing.now() - start)
            }
            result.append((String(n), .number(times.sorted()[times.count / 2])))
        }
        if environment.rank == 0, let path = ProcessInfo.processInfo.environment["WEEK16_BENCH_OUTPUT"] {
            try AtomicFile.write(JSONText.line(result), to: URL(fileURLWithPath: path))
        }
    }
}
