# The InfoNCE reference in infonce_reference.json, computed with numpy in float64 (no torch needed).
# Regenerate: /work/refenv/bin/python3 Weeks/Week09VectorDB/Tests/Fixtures/make_infonce_reference.py
# (or any python3 with numpy), run from the repository root or this folder.
import json, os
import numpy as np

a = np.array([[0.5, -1.0, 0.25, 2.0], [1.5, 0.0, -0.5, 0.75], [-1.0, 0.5, 1.0, 0.0]])
b = np.array([[0.25, -0.75, 0.5, 1.5], [1.0, 0.5, -0.25, 0.5], [-0.5, 1.0, 0.75, -0.25]])
tau = 0.5

def normalize(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)

def cross_entropy(logits):  # mean over rows of -log softmax[i, i]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(np.diag(log_softmax))

logits = normalize(a) @ normalize(b).T / tau
one_way = cross_entropy(logits)
symmetric = 0.5 * (cross_entropy(logits) + cross_entropy(logits.T))
raw_logits = a @ b.T / tau  # the loss on rows that were not normalised
out = {"a": a.tolist(), "b": b.tolist(), "temperature": tau,
       "one_way_normalized": one_way, "symmetric_normalized": symmetric,
       "symmetric_raw": 0.5 * (cross_entropy(raw_logits) + cross_entropy(raw_logits.T))}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "infonce_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out))
