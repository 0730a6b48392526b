"""Reference values for Week05CNN's layers from real PyTorch (float32, torch.manual_seed(0)).

1. "block": x [2, 3, 7, 7] → Conv2d(3, 4, 3, stride=1, padding=1) → BatchNorm2d(4) (training mode)
   → ReLU → MaxPool2d(2) → y [2, 4, 3, 3]; L = Σ y ⊙ G (G fixed random). Records y, the batch norm's
   running statistics after the step, and ∂L/∂ of x, the conv's weight and bias and the batch norm's
   weight and bias; then the batch norm in eval mode on the same conv output.
2. "strided": Conv2d(3, 2, 3, stride=2, padding=1, bias=False) then AvgPool2d(2) on the same x, with
   its output and gradients (x, weight).
3. "fused": Conv2d(3, 5, 3) (valid) → ReLU → MaxPool2d(2), what Week05's ConvReLUPool computes in
   one op, with its output and gradients.

  .cache/refenv/bin/python3 Weeks/Week05CNN/Tests/Fixtures/torch_reference.py

(the environment from ./Scripts/reference_env.sh; written with torch 2.15.0)
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
flat = lambda t: t.detach().reshape(-1).tolist()
x0 = torch.randn(2, 3, 7, 7)

out = {"torch": torch.__version__, "x": flat(x0)}

x = x0.clone().requires_grad_(True)
conv = torch.nn.Conv2d(3, 4, 3, stride=1, padding=1)
bn = torch.nn.BatchNorm2d(4)
with torch.no_grad():
    bn.weight.uniform_(0.5, 1.5)
    bn.bias.uniform_(-0.5, 0.5)
z = conv(x)
y = F.max_pool2d(F.relu(bn(z)), 2)
G = torch.randn_like(y)
(y * G).sum().backward()
bn.eval()
evaluated = bn(z.detach())
out["block"] = {
    "conv_weight": flat(conv.weight), "conv_bias": flat(conv.bias),
    "bn_weight": flat(bn.weight), "bn_bias": flat(bn.bias), "upstream": flat(G),
    "y": flat(y), "y_shape": list(y.shape),
    "running_mean": flat(bn.running_mean), "running_var": flat(bn.running_var),
    "eval_output": flat(evaluated),
    "grad_x": flat(x.grad), "grad_conv_weight": flat(conv.weight.grad), "grad_conv_bias": flat(conv.bias.grad),
    "grad_bn_weight": flat(bn.weight.grad), "grad_bn_bias": flat(bn.bias.grad),
}

for name, make, pool in (("strided", lambda: torch.nn.Conv2d(3, 2, 3, stride=2, padding=1, bias=False),
                          lambda t: F.avg_pool2d(t, 2)),
                         ("fused", lambda: torch.nn.Conv2d(3, 5, 3),
                          lambda t: F.max_pool2d(F.relu(t), 2))):
    x = x0.clone().requires_grad_(True)
    conv = make()
    y = pool(conv(x))
    G = torch.randn_like(y)
    (y * G).sum().backward()
    case = {"weight": flat(conv.weight), "weight_shape": list(conv.weight.shape), "upstream": flat(G),
            "y": flat(y), "y_shape": list(y.shape), "grad_x": flat(x.grad), "grad_weight": flat(conv.weight.grad)}
    if conv.bias is not None:
        case.update({"bias": flat(conv.bias), "grad_bias": flat(conv.bias.grad)})
    out[name] = case

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
