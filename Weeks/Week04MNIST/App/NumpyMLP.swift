// The numpy reference for `bench`: the identical training step (784-256-128-10 MLP, ReLU, softmax
// cross-entropy, Adam with torch's defaults, batch 128, fresh permutation each epoch) written with
// numpy float32 arrays, run in a python3 child process with the same number of BLAS threads.
// It prints one JSON line: {"seconds_per_epoch": …, "fastest_epoch": …, "train_loss": …, "test_accuracy": …}.

import Foundation
import Shared

enum NumpyMLP {
    static let script = #"""
import gzip, json, sys, time
import numpy as np

folder, epochs, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])  # python3 -c script folder epochs batch

def idx(name):
    for path in (f"{folder}/{name}", f"{folder}/{name}.gz"):
        try:
            raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
            break
        except FileNotFoundError:
            continue
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

x_train = (idx("train-images-idx3-ubyte").reshape(-1, 784) / np.float32(255)).astype(np.float32)
y_train = idx("train-labels-idx1-ubyte").astype(np.int64)
x_test = (idx("t10k-images-idx3-ubyte").reshape(-1, 784) / np.float32(255)).astype(np.float32)
y_test = idx("t10k-labels-idx1-ubyte").astype(np.int64)

rng = np.random.default_rng(0)
sizes = [784, 256, 128, 10]
params = []
for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
    bound = 1 / np.sqrt(fan_in)                      # torch nn.Linear's default init
    params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
    params.append(rng.uniform(-bound, bound, fan_out).astype(np.float32))
m = [np.zeros_like(p) for p in params]
v = [np.zeros_like(p) for p in params]
lr, b1, b2, eps, t = np.float32(1e-3), np.float32(0.9), np.float32(0.999), np.float32(1e-8), 0

def forward(x):
    W1, c1, W2, c2, W3, c3 = params
    h1 = np.maximum(x @ W1.T + c1, 0)
    h2 = np.maximum(h1 @ W2.T + c2, 0)
    return h1, h2, h2 @ W3.T + c3

times, losses = [], []
for epoch in range(epochs):
    start = time.perf_counter()
    order = rng.permutation(len(y_train))
    total = 0.0
    for s in range(0, len(order), batch):
        idx_b = order[s:s + batch]
        x, y = x_train[idx_b], y_train[idx_b]
        h1, h2, z = forward(x)
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        n = len(y)
        total += float(-np.log(p[np.arange(n), y]).sum())
        dz = p
        dz[np.arange(n), y] -= 1
        dz /= n                                       # ∂L/∂logits = (softmax − onehot)/B
        W1, c1, W2, c2, W3, c3 = params
        dh2 = (dz @ W3) * (h2 > 0)
        dh1 = (dh2 @ W2) * (h1 > 0)
        grads = [dh1.T @ x, dh1.sum(0), dh2.T @ h1, dh2.sum(0), dz.T @ h2, dz.sum(0)]
        t += 1
        step = lr / (1 - b1 ** t)
        c2t = 1 - b2 ** t
        for i, g in enumerate(grads):
            m[i] *= b1; m[i] += (1 - b1) * g
            v[i] *= b2; v[i] += (1 - b2) * g * g
            params[i] -= step * m[i] / (np.sqrt(v[i] / c2t) + eps)
    times.append(time.perf_counter() - start)
    losses.append(total / len(y_train))

_, _, z = forward(x_test)
accuracy = float((z.argmax(axis=1) == y_test).mean())
print(json.dumps({"seconds_per_epoch": sum(times) / len(times), "fastest_epoch": min(times), "train_loss": losses[-1], "test_accuracy": accuracy}))
"""#

    struct Result {
        var secondsPerEpoch: Double
        var fastestEpoch: Double
        var trainLoss: Double
        var testAccuracy: Double
    }

    /// Runs the script on `folder` through Shared's PythonReference (the child inherits the
    /// environment, so OPENBLAS_NUM_THREADS applies to both sides); nil when python3 or numpy is
    /// missing or the script fails.
    static func run(folder: URL, epochs: Int, batchSize: Int) -> Result? {
        guard let output = PythonReference.run(script, arguments: [folder.path, String(epochs), String(batchSize)]),
              let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds_per_epoch"] as? Double,
              let fastest = object["fastest_epoch"] as? Double,
              let loss = object["train_loss"] as? Double,
              let accuracy = object["test_accuracy"] as? Double else { return nil }
        return Result(secondsPerEpoch: seconds, fastestEpoch: fastest, trainLoss: loss, testAccuracy: accuracy)
    }
}
