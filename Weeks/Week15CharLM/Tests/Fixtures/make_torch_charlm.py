# Writes torch_charlm_lstm.safetensors and torch_charlm_gru.safetensors: a tiny char model
# (Embedding(6, 3) -> nn.LSTM / nn.GRU(3, 4) -> Linear(4, 6)) with torch's default init under
# torch.manual_seed(15), its state_dict (float32) and the logits (float64) of two chunks of ids,
# the second started from the state the first ended in (carried state).
#
# Command (from the repository root, torch 2.15.0 in the reference env):
#   .cache/refenv/bin/python3 Weeks/Week15CharLM/Tests/Fixtures/make_torch_charlm.py
import os
import torch
import torch.nn as nn
from safetensors.torch import save_file

V, D, H, T, B = 6, 3, 4, 5, 2
here = os.path.dirname(os.path.abspath(__file__))


class CharModel(nn.Module):
    def __init__(self, kind):
        super().__init__()
        self.embedding = nn.Embedding(V, D)
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(D, H)
        self.head = nn.Linear(H, V)

    def forward(self, ids, state=None):  # ids: [T, B]
        out, state = self.rnn(self.embedding(ids), state)
        return self.head(out).reshape(-1, V), state  # rows t*B + b


for kind in ["lstm", "gru"]:
    torch.manual_seed(15)
    model = CharModel(kind)
    tensors = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    chunk1 = torch.randint(0, V, (T, B))
    chunk2 = torch.randint(0, V, (T, B))
    model = model.double()
    with torch.no_grad():
        logits1, state = model(chunk1)
        logits2, _ = model(chunk2, state)
    tensors.update({"input.chunk1": chunk1, "input.chunk2": chunk2,
                    "logits.chunk1": logits1.contiguous(), "logits.chunk2": logits2.contiguous()})
    save_file(tensors, os.path.join(here, f"torch_charlm_{kind}.safetensors"), metadata={"torch": torch.__version__})
    print(kind, sorted(tensors))
