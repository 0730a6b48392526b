// The numpy side of `bench`: the same char-LM training step (embedding → LSTM → linear →
// cross-entropy over T steps, hand-written BPTT, Adam update) in numpy, timed in a python3 child.
// Printed: median seconds per step over the timed steps, after one warm-up step.

enum NumpyLSTM {
    static let script = """
import sys, time
import numpy as np
V, D, H, B, T, steps = (int(a) for a in sys.argv[1:7])
rng = np.random.default_rng(0)
f32 = np.float32
E = (rng.standard_normal((V, D)) * 0.1).astype(f32)
k = 1 / np.sqrt(H)
Wih = rng.uniform(-k, k, (4 * H, D)).astype(f32); Whh = rng.uniform(-k, k, (4 * H, H)).astype(f32)
bih = rng.uniform(-k, k, 4 * H).astype(f32); bhh = rng.uniform(-k, k, 4 * H).astype(f32)
Wo = rng.uniform(-k, k, (V, H)).astype(f32); bo = np.zeros(V, f32)
params = [E, Wih, Whh, bih, bhh, Wo, bo]
m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]
sig = lambda x: 1 / (1 + np.exp(-x))
def step(ids, targets, t_adam):
    h = np.zeros((B, H), f32); c = np.zeros((B, H), f32); cache = []
    hs = []
    for t in range(T):
        x = E[ids[t]]
        a = x @ Wih.T + bih + h @ Whh.T + bhh
        i, f, g, o = sig(a[:, :H]), sig(a[:, H:2*H]), np.tanh(a[:, 2*H:3*H]), sig(a[:, 3*H:])
        cn = f * c + i * g; tc = np.tanh(cn); hn = o * tc
        cache.append((x, h, c, i, f, g, o, tc)); h, c = hn, cn; hs.append(h)
    Hs = np.concatenate(hs); logits = Hs @ Wo.T + bo
    z = logits - logits.max(1, keepdims=True); p = np.exp(z); p /= p.sum(1, keepdims=True)
    y = targets.reshape(-1); n = len(y)
    dlog = p; dlog[np.arange(n), y] -= 1; dlog /= n
    gWo = dlog.T @ Hs; gbo = dlog.sum(0); dHs = dlog @ Wo
    gE = np.zeros_like(E); gWih = np.zeros_like(Wih); gWhh = np.zeros_like(Whh); gb = np.zeros_like(bih)
    dh = np.zeros((B, H), f32); dc = np.zeros((B, H), f32)
    for t in reversed(range(T)):
        x, hp, cp, i, f, g, o, tc = cache[t]
        dh = dh + dHs[t*B:(t+1)*B]
        do = dh * tc; dc = dc + dh * o * (1 - tc * tc)
        di = dc * g; dg = dc * i; df = dc * cp; dc = dc * f
        da = np.concatenate([di * i * (1 - i), df * f * (1 - f), dg * (1 - g * g), do * o * (1 - o)], 1)
        gWih += da.T @ x; gWhh += da.T @ hp; gb += da.sum(0)
        np.add.at(gE, ids[t], da @ Wih); dh = da @ Whh
    grads = [gE, gWih, gWhh, gb, gb, gWo, gbo]
    norm = np.sqrt(sum((g_ * g_).sum() for g_ in grads))
    scale = min(1.0, 1.0 / (norm + 1e-6))
    for j, (p_, g_) in enumerate(zip(params, grads)):
        g_ = g_ * scale
        m[j] = 0.9 * m[j] + 0.1 * g_; v[j] = 0.999 * v[j] + 0.001 * g_ * g_
        mh = m[j] / (1 - 0.9 ** t_adam); vh = v[j] / (1 - 0.999 ** t_adam)
        p_ -= 3e-3 * mh / (np.sqrt(vh) + 1e-8)
ids = rng.integers(0, V, (T + 1, B))
step(ids[:-1], ids[1:], 1)
times = []
for s in range(steps):
    t0 = time.perf_counter(); step(ids[:-1], ids[1:], s + 2); times.append(time.perf_counter() - t0)
print(sorted(times)[len(times) // 2])
"""
}
