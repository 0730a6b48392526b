#!/usr/bin/env python3
"""Reference trajectories of torch.optim's optimizers on the Rosenbrock function.

torch cannot be installed on the machines this curriculum is built on, so this script is a
numpy transcription of the algorithms torch.optim publishes (the pseudo-code in each class's
documentation and the `_single_tensor_*` functions of torch/optim/{sgd,adagrad,rmsprop,adam,
adamw}.py), in float64, with torch's default hyper-parameters:

  SGD      buf = g (first step), buf = momentum*buf + (1 - dampening)*g; dampening = 0
           nesterov: d = g + momentum*buf, else d = buf;   p -= lr*d
  Adagrad  lr_decay = 0, eps = 1e-10, initial_accumulator_value = 0
           clr = lr / (1 + (t - 1)*lr_decay); sum += g*g; p -= clr * g / (sqrt(sum) + eps)
  RMSprop  alpha = 0.99, eps = 1e-8, centered = False, momentum = 0
           sq = alpha*sq + (1 - alpha)*g*g;               p -= lr * g / (sqrt(sq) + eps)
  Adam     betas = (0.9, 0.999), eps = 1e-8
           m = b1*m + (1 - b1)*g; v = b2*v + (1 - b2)*g*g
           step_size = lr / (1 - b1^t); denom = sqrt(v) / sqrt(1 - b2^t) + eps
           p -= step_size * m / denom
  AdamW    as Adam, weight_decay = 0.01 applied first and decoupled: p *= 1 - lr*weight_decay

It writes torch_optim_reference.json beside itself; Week02Optimization's tests compare the Swift
optimizers to it within 1e-4. When torch is importable, `--check-torch` also runs
the real torch.optim classes in float64 on the same cases and reports the largest difference
from this transcription.

  python3 Weeks/Week02Optimization/Tests/Fixtures/torch_optim_reference.py [--check-torch]
"""
import json
import math
import os
import sys

import numpy as np

START = (-1.5, 2.0)
CHECKPOINTS = [1, 2, 3, 10, 100, 300]

# (optimizer, lr): torch's default lr where it has one, and the lr the week's race uses on
# Rosenbrock (RaceSettings in Minimize.swift).
CASES = [
    ("gd", 0.0015),
    ("momentum", 0.0015),
    ("nesterov", 0.001),
    ("adagrad", 0.01),
    ("adagrad", 0.5),
    ("rmsprop", 0.01),
    ("rmsprop", 0.001),
    ("adam", 0.001),
    ("adam", 0.1),
    ("adamw", 0.001),
    ("adamw", 0.1),
]


def rosenbrock(p):
    x, y = p
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def rosenbrock_gradient(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def run(optimizer, lr, steps):
    """Yields (t, point) after each of `steps` steps of the numpy transcription."""
    p = np.array(START, dtype=np.float64)
    momentum, dampening = 0.9, 0.0
    buf = None
    state_sum = np.zeros(2)
    square_avg = np.zeros(2)
    m = np.zeros(2)
    v = np.zeros(2)
    beta1, beta2 = 0.9, 0.999
    for t in range(1, steps + 1):
        g = rosenbrock_gradient(p)
        if optimizer == "gd":
            p = p - lr * g
        elif optimizer in ("momentum", "nesterov"):
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            d = g + momentum * buf if optimizer == "nesterov" else buf
            p = p - lr * d
        elif optimizer == "adagrad":
            lr_decay, eps = 0.0, 1e-10
            clr = lr / (1 + (t - 1) * lr_decay)
            state_sum = state_sum + g * g
            p = p - clr * g / (np.sqrt(state_sum) + eps)
        elif optimizer == "rmsprop":
            alpha, eps = 0.99, 1e-8
            square_avg = alpha * square_avg + (1 - alpha) * g * g
            p = p - lr * g / (np.sqrt(square_avg) + eps)
        elif optimizer in ("adam", "adamw"):
            eps = 1e-8
            if optimizer == "adamw":
                p = p * (1 - lr * 0.01)
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            bias_correction1 = 1 - beta1 ** t
            bias_correction2 = 1 - beta2 ** t
            step_size = lr / bias_correction1
            denom = np.sqrt(v) / math.sqrt(bias_correction2) + eps
            p = p - step_size * m / denom
        else:
            raise ValueError(optimizer)
        yield t, p.copy()


def reference():
    cases = []
    for optimizer, lr in CASES:
        checkpoints = [{"step": t, "point": [float(p[0]), float(p[1])], "value": float(rosenbrock(p))}
                       for t, p in run(optimizer, lr, max(CHECKPOINTS)) if t in CHECKPOINTS]
        cases.append({"optimizer": optimizer, "lr": lr, "checkpoints": checkpoints})
    return {
        "function": "rosenbrock",
        "start": list(START),
        "generator": "numpy transcription of torch.optim's published algorithms (torch_optim_reference.py), float64",
        "cases": cases,
    }


def check_torch(data):
    import torch  # only where torch is installed

    worst = 0.0
    for case in data["cases"]:
        p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
        lr = case["lr"]
        name = case["optimizer"]
        if name == "gd":
            opt = torch.optim.SGD([p], lr=lr)
        elif name == "momentum":
            opt = torch.optim.SGD([p], lr=lr, momentum=0.9)
        elif name == "nesterov":
            opt = torch.optim.SGD([p], lr=lr, momentum=0.9, nesterov=True)
        elif name == "adagrad":
            opt = torch.optim.Adagrad([p], lr=lr)
        elif name == "rmsprop":
            opt = torch.optim.RMSprop([p], lr=lr)
        elif name == "adam":
            opt = torch.optim.Adam([p], lr=lr)
        else:
            opt = torch.optim.AdamW([p], lr=lr)
        wanted = {c["step"]: c["point"] for c in case["checkpoints"]}
        for t in range(1, max(CHECKPOINTS) + 1):
            opt.zero_grad()
            x, y = p[0], p[1]
            loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2
            loss.backward()
            opt.step()
            if t in wanted:
                diff = max(abs(p[0].item() - wanted[t][0]), abs(p[1].item() - wanted[t][1]))
                worst = max(worst, diff)
        print(f"{name:9s} lr={lr:<7g} torch vs transcription: max |diff| so far {worst:.3e}")
    print(f"largest difference from torch.optim (float64): {worst:.3e}")
    return worst


def main():
    data = reference()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_optim_reference.json")
    with open(out, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"wrote {out}: {len(data['cases'])} cases, checkpoints {CHECKPOINTS}")
    if "--check-torch" in sys.argv:
        sys.exit(0 if check_torch(data) < 1e-9 else 1)


if __name__ == "__main__":
    main()
