// The PyTorch reference for `bench`: the identical simple CNN (conv 1→32 3×3, ReLU, maxpool 2,
// conv 32→64 3×3, ReLU, maxpool 2, fc 1600→128, ReLU, fc 128→10), cross-entropy, Adam 1e-3,
// batch B, on the same Fashion-MNIST batches in the same order, with torch.set_num_threads equal
// to our BLAS threads. It trains `warmup` batches untimed, then times the next `batches` and prints
// one JSON line: {"seconds_per_batch": …, "loss": …, "torch": version, "threads": n}.

import Foundation
import Shared

enum TorchCNN {
    static let script = #"""
import gzip, json, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

folder, warmup, batches, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
torch.manual_seed(0)
raw = gzip.open(f"{folder}/train-images-idx3-ubyte.gz").read()
x_all = torch.from_numpy((np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 1, 28, 28) / np.float32(255)).astype(np.float32))
y_all = torch.from_numpy(np.frombuffer(gzip.open(f"{folder}/train-labels-idx1-ubyte.gz").read(), np.uint8, offset=8).astype(np.int64))

model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

def step(t):
    x, y = x_all[t * batch:(t + 1) * batch], y_all[t * batch:(t + 1) * batch]
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()

for t in range(warmup):
    step(t)
start = time.perf_counter()
for t in range(warmup, warmup + batches):
    loss = step(t)
seconds = (time.perf_counter() - start) / batches
print(json.dumps({"seconds_per_batch": seconds, "loss": loss, "torch": torch.__version__, "threads": torch.get_num_threads()}))
"""#

    struct Result { var secondsPerBatch: Double; var loss: Double; var version: String }

    /// nil when the reference Python or torch is missing, or the script fails.
    static func run(folder: URL, warmup: Int, batches: Int, batchSize: Int, threads: Int) -> Result? {
        let arguments = [folder.path, String(warmup), String(batches), String(batchSize), String(threads)]
        guard let text = PythonReference.run(script, arguments: arguments),
              let line = text.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds_per_batch"] as? Double, let loss = object["loss"] as? Double else { return nil }
        return Result(secondsPerBatch: seconds, loss: loss, version: object["torch"] as? String ?? "?")
    }
}
