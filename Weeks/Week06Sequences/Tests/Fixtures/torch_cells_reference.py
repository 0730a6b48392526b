"""Reference values for Week06Sequences' cells from the real torch.nn.RNNCell / LSTMCell / GRUCell.

For each cell (input 3, hidden 4, batch 2, 5 steps, torch.manual_seed(0) in float64) it records the
weights (torch's names and layout), the inputs, the initial state, every step's h (and the LSTM's
final c), and the gradients of L = Σ_t Σ (h_t ⊙ R_t) (R fixed random) with respect to every weight,
the inputs and the initial state. CellTorchReferenceTests rebuilds the same cells from these weights
and compares values and gradients.

  .cache/refenv/bin/python3 Weeks/Week06Sequences/Tests/Fixtures/torch_cells_reference.py

(the environment from ./Scripts/reference_env.sh; written with torch 2.15.0)
"""
import json
import os

import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
steps, batch, input_size, hidden = 5, 2, 3, 4
cases = {}
for name, cls in (("rnn", torch.nn.RNNCell), ("lstm", torch.nn.LSTMCell), ("gru", torch.nn.GRUCell)):
    cell = cls(input_size, hidden)
    xs = torch.randn(steps, batch, input_size, requires_grad=True)
    h0 = torch.randn(batch, hidden, requires_grad=True)
    c0 = torch.randn(batch, hidden, requires_grad=True) if name == "lstm" else None
    weights = torch.randn(steps, batch, hidden)
    h, c, outputs = h0, c0, []
    for t in range(steps):
        if name == "lstm":
            h, c = cell(xs[t], (h, c))
        else:
            h = cell(xs[t], h)
        outputs.append(h)
    loss = sum((o * weights[t]).sum() for t, o in enumerate(outputs))
    loss.backward()
    flat = lambda t: t.detach().reshape(-1).tolist()
    case = {
        "parameters": {k: flat(v) for k, v in cell.named_parameters()},
        "shapes": {k: list(v.shape) for k, v in cell.named_parameters()},
        "inputs": flat(xs), "h0": flat(h0), "weights": flat(weights),
        "outputs": [flat(o) for o in outputs], "loss": loss.item(),
        "grads": {k: flat(v.grad) for k, v in cell.named_parameters()},
        "grad_inputs": flat(xs.grad), "grad_h0": flat(h0.grad),
    }
    if name == "lstm":
        case.update({"c0": flat(c0), "c_final": flat(c), "grad_c0": flat(c0.grad)})
    cases[name] = case
meta = {"torch": torch.__version__, "steps": steps, "batch": batch, "input_size": input_size, "hidden": hidden}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_cells_reference.json")
with open(path, "w") as f:
    json.dump({"meta": meta, "cases": cases}, f)
print("wrote", path)
