// The PyTorch reference for `bench`: the same MLP (784-256-128-10), AdamW (weight decay 0.01 on
// the matrices), nanoGPT's warm-up + cosine lr per step and batch 128, fed by
// torch.utils.data.DataLoader(TensorDataset(x, y), shuffle=True) (num_workers 0: the loop itself),
// with torch.set_num_threads equal to our BLAS threads. It trains one epoch of Fashion-MNIST and
// prints one JSON line: {"seconds": …, "loss": …, "torch": version, "threads": n}.

import Foundation
import Shared

enum TorchLoop {
    static let script = #"""
import gzip, json, math, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from collections import OrderedDict
from torch.utils.data import DataLoader, TensorDataset

folder, batch, threads, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)
raw = gzip.open(f"{folder}/train-images-idx3-ubyte.gz").read()
x = torch.from_numpy((np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784) / np.float32(255)).astype(np.float32))
y = torch.from_numpy(np.frombuffer(gzip.open(f"{folder}/train-labels-idx1-ubyte.gz").read(), np.uint8, offset=8).astype(np.int64))
model = nn.Sequential(OrderedDict(fc1=nn.Linear(784, 256), relu1=nn.ReLU(), fc2=nn.Linear(256, 128), relu2=nn.ReLU(), fc3=nn.Linear(128, 10)))
decay = [p for p in model.parameters() if p.dim() >= 2]
rest = [p for p in model.parameters() if p.dim() < 2]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}], lr=2e-3)
loader = DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True)
total = len(loader)

def get_lr(it, max_lr=2e-3, min_lr=1e-4):
    if it < warmup:
        return max_lr * (it + 1) / (warmup + 1)
    ratio = (it - warmup) / (total - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (max_lr - min_lr)

start = time.perf_counter()
for it, (xb, yb) in enumerate(loader):
    for group in optimizer.param_groups:
        group["lr"] = get_lr(it)
    optimizer.zero_grad()
    loss = F.cross_entropy(model(xb), yb)
    loss.backward()
    optimizer.step()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "loss": loss.item(), "torch": torch.__version__, "threads": torch.get_num_threads()}))
"""#

    struct Result {
        let seconds: Double
        let loss: Double
        let version: String
    }

    /// One epoch in torch, or nil when the reference Python or torch is missing.
    static func run(folder: URL, batchSize: Int, threads: Int, warmup: Int) -> Result? {
        guard let output = PythonReference.run(script, arguments: [folder.path, String(batchSize), String(threads), String(warmup)]),
              let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? Double, let loss = object["loss"] as? Double else { return nil }
        return Result(seconds: seconds, loss: loss, version: object["torch"] as? String ?? "?")
    }
}
