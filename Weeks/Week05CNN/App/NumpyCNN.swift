// The numpy reference for `bench`: the simple CNN's training step (conv 1→32 3×3, ReLU, maxpool 2,
// conv 32→64 3×3, ReLU, maxpool 2, fc 1600→128, ReLU, fc 128→10, softmax cross-entropy, Adam 1e-3,
// batch 128) with the same im2col + GEMM formulation as this week's Swift code, in float32 numpy,
// timed over the first N batches of the training set. It prints one JSON line:
// {"seconds_per_batch": …, "loss": …}.

import Foundation
import Shared

enum NumpyCNN {
    static let script = #"""
import gzip, json, sys, time
import numpy as np

folder, batches, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])  # python3 -c script folder batches batch
raw = gzip.open(f"{folder}/train-images-idx3-ubyte.gz").read()
x_all = (np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 1, 28, 28) / np.float32(255)).astype(np.float32)
y_all = np.frombuffer(gzip.open(f"{folder}/train-labels-idx1-ubyte.gz").read(), np.uint8, offset=8).astype(np.int64)

rng = np.random.default_rng(0)
def uniform(shape, fan_in):
    b = 1 / np.sqrt(fan_in)
    return rng.uniform(-b, b, shape).astype(np.float32)
P = [uniform((32, 1, 3, 3), 9), uniform(32, 9), uniform((64, 32, 3, 3), 288), uniform(64, 288),
     uniform((128, 1600), 1600), uniform(128, 1600), uniform((10, 128), 128), uniform(10, 128)]
M = [np.zeros_like(p) for p in P]; V = [np.zeros_like(p) for p in P]

def im2col(x, k):                       # x [B, C, H, W] -> cols [C*k*k, B*oh*ow] (valid, stride 1)
    B, C, H, W = x.shape; oh, ow = H - k + 1, W - k + 1
    s = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))   # [B, C, oh, ow, k, k]
    return np.ascontiguousarray(s.transpose(1, 4, 5, 0, 2, 3)).reshape(C * k * k, B * oh * ow), oh, ow

def col2im(cols, shape, k):
    B, C, H, W = shape; oh, ow = H - k + 1, W - k + 1
    c = cols.reshape(C, k, k, B, oh, ow); dx = np.zeros(shape, np.float32)
    for u in range(k):
        for v in range(k):
            dx[:, :, u:u + oh, v:v + ow] += c[:, u, v].transpose(1, 0, 2, 3)
    return dx

def conv(x, w, b):
    cols, oh, ow = im2col(x, 3)
    y = (w.reshape(w.shape[0], -1) @ cols).reshape(w.shape[0], x.shape[0], oh, ow).transpose(1, 0, 2, 3) + b[None, :, None, None]
    return np.ascontiguousarray(y), cols

def conv_back(g, x, w, cols):
    gT = g.transpose(1, 0, 2, 3).reshape(w.shape[0], -1)
    dw = (gT @ cols.T).reshape(w.shape); db = gT.sum(1)
    dx = col2im(w.reshape(w.shape[0], -1).T @ gT, x.shape, 3)
    return dx, dw, db

def pool(x):                            # 2x2 max pool (floor) and its mask
    B, C, H, W = x.shape; h, w = H // 2, W // 2
    r = x[:, :, :2 * h, :2 * w].reshape(B, C, h, 2, w, 2)
    y = r.max(axis=(3, 5)); mask = (r == y[:, :, :, None, :, None])
    return y, mask

def pool_back(g, mask, shape):
    B, C, H, W = shape; dx = np.zeros(shape, np.float32); h, w = H // 2, W // 2
    dx[:, :, :2 * h, :2 * w] = (mask * g[:, :, :, None, :, None]).reshape(B, C, 2 * h, 2 * w)
    return dx

def step(x, y, t):
    a1, c1 = conv(x, P[0], P[1]); r1 = np.maximum(a1, 0); p1, m1 = pool(r1)
    a2, c2 = conv(p1, P[2], P[3]); r2 = np.maximum(a2, 0); p2, m2 = pool(r2)
    f = p2.reshape(len(x), -1); h = np.maximum(f @ P[4].T + P[5], 0); z = h @ P[6].T + P[7]
    z = z - z.max(1, keepdims=True); e = np.exp(z); s = e / e.sum(1, keepdims=True)
    loss = -np.log(s[np.arange(len(y)), y]).mean()
    dz = s; dz[np.arange(len(y)), y] -= 1; dz /= len(y)
    g = [None] * 8
    g[6] = dz.T @ h; g[7] = dz.sum(0); dh = (dz @ P[6]) * (h > 0)
    g[4] = dh.T @ f; g[5] = dh.sum(0); df = (dh @ P[4]).reshape(p2.shape)
    da2 = pool_back(df, m2, r2.shape) * (a2 > 0)
    dp1, g[2], g[3] = conv_back(da2, p1, P[2], c2)
    da1 = pool_back(dp1, m1, r1.shape) * (a1 > 0)
    _, g[0], g[1] = conv_back(da1, x, P[0], c1)
    for i in range(8):                  # Adam (torch defaults)
        M[i] = 0.9 * M[i] + 0.1 * g[i]; V[i] = 0.999 * V[i] + 0.001 * g[i] * g[i]
        mh = M[i] / (1 - 0.9 ** t); vh = V[i] / (1 - 0.999 ** t)
        P[i] -= (1e-3 * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
    return loss

start = time.perf_counter(); loss = 0.0
for t in range(1, batches + 1):
    i = slice((t - 1) * batch, t * batch)
    loss = step(x_all[i], y_all[i], t)
print(json.dumps({"seconds_per_batch": (time.perf_counter() - start) / batches, "loss": float(loss)}))
"""#

    struct Result { var secondsPerBatch: Double; var loss: Double }

    static func run(folder: URL, batches: Int, batchSize: Int) -> Result? {
        guard let text = PythonReference.run(script, arguments: [folder.path, String(batches), String(batchSize)]),
              let line = text.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds_per_batch"] as? Double, let loss = object["loss"] as? Double else { return nil }
        return Result(secondsPerBatch: seconds, loss: loss)
    }
}
