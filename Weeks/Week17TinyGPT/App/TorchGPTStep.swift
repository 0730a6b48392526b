// The PyTorch side of `bench`: the same GPT as nanoGPT's model.py writes it (pre-norm blocks,
// causal scaled-dot-product attention, tanh GELU MLP of width 4C, learned positions, ln_f, head
// tied to wte, biases on), the same step (mean cross-entropy on random windows, backward,
// clip_grad_norm_(1.0), AdamW with betas (0.9, 0.95) and decay 0.1 on the ≥ 2-D tensors), with
// torch.set_num_threads equal to our BLAS threads. Prints one JSON line:
// {"seconds_per_step": median, "torch": version, "parameters": n}.

import Foundation
import Shared
import Week17TinyGPT

enum TorchGPTStep {
    static let script = #"""
import json, math, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

V, T, C, L, H, B, steps, threads = (int(a) for a in sys.argv[1:9])
torch.set_num_threads(threads)
torch.manual_seed(0)

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(C), nn.LayerNorm(C)
        self.c_attn, self.c_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        self.c_fc, self.mlp_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)
    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (z.view(b, t, H, c // H).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.c_proj(y.transpose(1, 2).contiguous().view(b, t, c))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))

class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.blocks = nn.ModuleList([Block() for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)
    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.t()

model = GPT()
params = list(model.parameters())
groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.1},
          {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
optimizer = torch.optim.AdamW(groups, lr=1e-3, betas=(0.9, 0.95))
data = torch.randint(0, V, (steps + 1, B, T + 1))
times = []
for s in range(steps + 1):
    start = time.perf_counter()
    optimizer.zero_grad(set_to_none=True)
    logits = model(data[s, :, :T])
    loss = F.cross_entropy(logits.reshape(-1, V), data[s, :, 1:].reshape(-1))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    if s > 0:
        times.append(time.perf_counter() - start)
times.sort()
print(json.dumps({"seconds_per_step": times[len(times) // 2], "torch": torch.__version__,
                  "parameters": sum(p.numel() for p in params)}))
"""#

    struct Result {
        var seconds: Double
        var version: String
        var parameters: Int
    }

    /// Median seconds per step in torch, or nil when the reference Python or torch is missing.
    static func run(config: TinyGPTConfig, batch: Int, steps: Int, threads: Int) -> Result? {
        let arguments = [config.vocabularySize, config.context, config.width, config.layers, config.heads, batch, steps, threads].map(String.init)
        guard let output = PythonReference.run(script, arguments: arguments),
              let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds_per_step"] as? Double else { return nil }
        return Result(seconds: seconds, version: object["torch"] as? String ?? "?", parameters: object["parameters"] as? Int ?? 0)
    }
}
