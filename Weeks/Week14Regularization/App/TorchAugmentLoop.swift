// The PyTorch reference for `bench`: the simple CNN with dropout (RegularizedCNN.simple: conv
// 1→32 → ReLU → pool, conv 32→64 → ReLU → pool, fc 1600→128 → ReLU → dropout 0.5 → fc 10), AdamW
// (decay 0.05 on the ≥ 2-D weights), the cosine lr per step, batch 64, and the same augmentation
// done by hand in tensors (torchvision is not used): a flip with probability ½ per image and a
// random 28×28 crop of the image zero-padded by 2, gathered with advanced indexing. One epoch over
// the first N training images; prints one JSON line {"seconds", "loss", "torch", "threads"}.

import Foundation
import Shared

enum TorchAugmentLoop {
    static let script = #"""
import gzip, json, math, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from collections import OrderedDict

folder, count, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)
raw = gzip.open(f"{folder}/train-images-idx3-ubyte.gz").read()
x = torch.from_numpy((np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 1, 28, 28)[:count] / np.float32(255)).astype(np.float32))
y = torch.from_numpy(np.frombuffer(gzip.open(f"{folder}/train-labels-idx1-ubyte.gz").read(), np.uint8, offset=8)[:count].astype(np.int64))
model = nn.Sequential(OrderedDict(conv1=nn.Conv2d(1, 32, 3), relu1=nn.ReLU(), pool1=nn.MaxPool2d(2),
                                  conv2=nn.Conv2d(32, 64, 3), relu2=nn.ReLU(), pool2=nn.MaxPool2d(2), flatten=nn.Flatten(),
                                  fc1=nn.Linear(1600, 128), relu3=nn.ReLU(), dropout=nn.Dropout(0.5), fc2=nn.Linear(128, 10)))
decay = [p for p in model.parameters() if p.dim() >= 2]
rest = [p for p in model.parameters() if p.dim() < 2]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": rest, "weight_decay": 0.0}], lr=2e-3)
steps = (count + batch - 1) // batch
offsets = torch.arange(28)

def augment(xb):
    b = xb.shape[0]
    flip = torch.rand(b) < 0.5
    xb = torch.where(flip[:, None, None, None], xb.flip(-1), xb)
    padded = F.pad(xb, (2, 2, 2, 2))
    dy = torch.randint(0, 5, (b,))
    dx = torch.randint(0, 5, (b,))
    rows = (dy[:, None] + offsets)[:, :, None]
    cols = (dx[:, None] + offsets)[:, None, :]
    return padded[torch.arange(b)[:, None, None], 0, rows, cols][:, None]

model.train()
start = time.perf_counter()
order = torch.randperm(count)
for it in range(steps):
    lr = 1e-4 + 0.5 * (2e-3 - 1e-4) * (1 + math.cos(math.pi * it / max(1, steps - 1)))
    for group in optimizer.param_groups:
        group["lr"] = lr
    idx = order[it * batch:(it + 1) * batch]
    optimizer.zero_grad()
    loss = F.cross_entropy(model(augment(x[idx])), y[idx])
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
    static func run(folder: URL, images: Int, batchSize: Int, threads: Int) -> Result? {
        guard let output = PythonReference.run(script, arguments: [folder.path, String(images), String(batchSize), String(threads)]),
              let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? Double, let loss = object["loss"] as? Double else { return nil }
        return Result(seconds: seconds, loss: loss, version: object["torch"] as? String ?? "?")
    }
}
