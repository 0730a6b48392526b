# Loads the default run's export (Output/Week15CharLM/charlm-torch.safetensors, written by
# `swift run Week15CharLM export`) into torch's CharModel with load_state_dict(strict=True) and
# prints that every name and shape fits (strict) and that a forward pass runs.
# Command (from the repository root): .cache/refenv/bin/python3 Weeks/Week15CharLM/Tests/Fixtures/check_torch_load.py
import torch
import torch.nn as nn
from safetensors import safe_open
from safetensors.torch import load_file

path = "Output/Week15CharLM/charlm-torch.safetensors"
meta = safe_open(path, "pt").metadata()
V, D, H = len(meta["vocabulary"].split(",")), int(meta["embedding"]), int(meta["hidden"])


class CharModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, D)
        self.rnn = (nn.LSTM if meta["cell"] == "lstm" else nn.GRU)(D, H)
        self.head = nn.Linear(H, V)


model = CharModel()
model.load_state_dict(load_file(path), strict=True)
ids = torch.tensor([[i % V] for i in range(10)])
out, _ = model.rnn(model.embedding(ids))
print(f"torch {torch.__version__}: load_state_dict(strict=True) OK, {len(model.state_dict())} tensors, logits {tuple(model.head(out).shape)}")
