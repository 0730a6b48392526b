// The PyTorch reference for `bench`: torch.distributed with the gloo backend on loopback, the
// same number of processes (forked by torch.multiprocessing), one thread each, the same float32
// message sizes. Each size: 2 warm-up all-reduces, then --repeats timed ones, each after a
// barrier; rank 0's median seconds. Prints one JSON line: {"torch": version, "seconds": {size: s}}.

import Foundation
import Shared

enum TorchAllReduce {
    static let script = #"""
import json, os, statistics, sys, time
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

def worker(rank, world, port, sizes, repeats, queue):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    result = {}
    for n in sizes:
        t = torch.randn(n)
        for _ in range(2):
            dist.all_reduce(t)
        times = []
        for _ in range(repeats):
            dist.barrier()
            start = time.perf_counter()
            dist.all_reduce(t)
            times.append(time.perf_counter() - start)
        result[str(n)] = statistics.median(times)
    if rank == 0:
        queue.put(result)
    dist.destroy_process_group()

world, port, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sizes = [int(s) for s in sys.argv[4].split(",")]
context = mp.get_context("fork")
queue = context.Queue()
processes = [context.Process(target=worker, args=(r, world, port, sizes, repeats, queue)) for r in range(world)]
for p in processes:
    p.start()
result = queue.get(timeout=600)
for p in processes:
    p.join(timeout=60)
print(json.dumps({"torch": torch.__version__, "seconds": result}))
"""#

    /// Median seconds per size, or nil when the reference Python, torch or gloo is missing.
    static func run(workers: Int, sizes: [Int], repeats: Int, port: Int) -> (version: String, seconds: [Int: Double])? {
        guard let output = PythonReference.run(script, arguments: [String(workers), String(port), String(repeats),
                                                                   sizes.map(String.init).joined(separator: ",")]),
              let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? [String: Double] else { return nil }
        var table: [Int: Double] = [:]
        for (key, value) in seconds { if let n = Int(key) { table[n] = value } }
        return (object["torch"] as? String ?? "?", table)
    }
}
