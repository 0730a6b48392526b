// The PyTorch side of `bench`: the same char model (Embedding(V, D) → nn.LSTM(D, H) → Linear(H, V)),
// the same step (forward over T steps of B streams with the state carried in detached, mean
// cross-entropy, backward, clip_grad_norm_(1.0), Adam) on random ids, torch.set_num_threads equal
// to our BLAS threads. Prints one JSON line: {"seconds_per_step": median, "torch": version}.

import Foundation
import Shared

enum TorchLSTMStep {
    static let script = #"""
import json, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

V, D, H, B, T, steps, threads = (int(a) for a in sys.argv[1:8])
torch.set_num_threads(threads)
torch.manual_seed(0)
embedding, rnn, head = nn.Embedding(V, D), nn.LSTM(D, H), nn.Linear(H, V)
params = list(embedding.parameters()) + list(rnn.parameters()) + list(head.parameters())
optimizer = torch.optim.Adam(params, lr=3e-3)
ids = torch.randint(0, V, (steps + 1, T + 1, B))
state = (torch.zeros(1, B, H), torch.zeros(1, B, H))
times = []
for s in range(steps + 1):
    start = time.perf_counter()
    optimizer.zero_grad()
    out, state = rnn(embedding(ids[s, :T]), state)
    loss = F.cross_entropy(head(out).reshape(-1, V), ids[s, 1:].reshape(-1))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    state = (state[0].detach(), state[1].detach())
    if s > 0:
        times.append(time.perf_counter() - start)
times.sort()
print(json.dumps({"seconds_per_step": times[len(times) // 2], "torch": torch.__version__}))
"""#

    /// Median seconds per step in torch, or nil when the reference Python or torch is missing.
    static func run(vocabulary: Int, embedding: Int, hidden: Int, batch: Int, length: Int, steps: Int, threads: Int) -> (seconds: Double, version: String)? {
        let arguments = [vocabulary, embedding, hidden, batch, length, steps, threads].map(String.init)
        guard let output = PythonReference.run(script, arguments: arguments),
              let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds_per_step"] as? Double else { return nil }
        return (seconds, object["torch"] as? String ?? "?")
    }
}
