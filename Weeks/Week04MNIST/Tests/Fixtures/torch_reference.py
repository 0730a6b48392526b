"""Reference values for Week04MNIST's engine from real PyTorch (float32, torch.manual_seed(0)).

1. "mlp": nn.Sequential(fc1 = Linear(6, 5), relu1 = ReLU, fc2 = Linear(5, 3)) — the layout and names
   of Week04's MLP.make(sizes: [6, 5, 3]) — on a batch of 4 with labels, F.cross_entropy (mean),
   three torch.optim.Adam(lr=0.01) steps: the loss before each step, the gradients of the first
   step, and the parameters after the third.
2. "ops": forward values and input gradients (upstream gradient G fixed random) of F.gelu (erf form),
   F.layer_norm over the last axis with weight/bias (eps 1e-5, also their gradients), log_softmax
   and softmax along the last axis, on a [3, 5] input.

  .cache/refenv/bin/python3 Weeks/Week04MNIST/Tests/Fixtures/torch_reference.py

(the environment from ./Scripts/reference_env.sh; written with torch 2.15.0)
"""
import collections
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
flat = lambda t: t.detach().reshape(-1).tolist()

model = torch.nn.Sequential(collections.OrderedDict(
    fc1=torch.nn.Linear(6, 5), relu1=torch.nn.ReLU(), fc2=torch.nn.Linear(5, 3)))
x = torch.randn(4, 6)
labels = torch.tensor([0, 2, 1, 2])
initial = {k: flat(v) for k, v in model.named_parameters()}
shapes = {k: list(v.shape) for k, v in model.named_parameters()}
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
losses, first_grads = [], None
for step in range(3):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), labels)
    loss.backward()
    losses.append(loss.item())
    if first_grads is None:
        first_grads = {k: flat(v.grad) for k, v in model.named_parameters()}
    optimizer.step()
mlp = {"initial": initial, "shapes": shapes, "x": flat(x), "labels": labels.tolist(), "losses": losses,
       "first_grads": first_grads, "final": {k: flat(v) for k, v in model.named_parameters()}}

ops = {}
a = torch.randn(3, 5) * 2
G = torch.randn(3, 5)
ops["input"], ops["upstream"] = flat(a), flat(G)
for name, f in (("gelu", F.gelu), ("log_softmax", lambda t: F.log_softmax(t, dim=-1)),
                ("softmax", lambda t: F.softmax(t, dim=-1))):
    t = a.clone().requires_grad_(True)
    y = f(t)
    (y * G).sum().backward()
    ops[name] = {"value": flat(y), "grad": flat(t.grad)}
t = a.clone().requires_grad_(True)
gamma = (torch.randn(5) * 0.5 + 1).requires_grad_(True)
beta = torch.randn(5).requires_grad_(True)
y = F.layer_norm(t, (5,), gamma, beta, eps=1e-5)
(y * G).sum().backward()
ops["layer_norm"] = {"gamma": flat(gamma), "beta": flat(beta), "value": flat(y), "grad": flat(t.grad),
                     "grad_gamma": flat(gamma.grad), "grad_beta": flat(beta.grad)}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "mlp": mlp, "ops": ops}, f)
print("wrote", path)
