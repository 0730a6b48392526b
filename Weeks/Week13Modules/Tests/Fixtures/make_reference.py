# Reference values for Week13Modules' tests, from torch.optim.lr_scheduler and torch.nn.init.
# Run once from the repository root; the output is committed:
#
#   .cache/refenv/bin/python3 Weeks/Week13Modules/Tests/Fixtures/make_reference.py
#
# writes Weeks/Week13Modules/Tests/Fixtures/torch_reference.json (torch 2.15.0). Each schedule's
# lr is read from optimizer.param_groups[0]["lr"] after t calls of scheduler.step(), t = 0, 1, ….
import json, math, os
from collections import OrderedDict
import torch
import torch.nn as nn

def curve(make, steps, metrics=None):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    values = [opt.param_groups[0]["lr"]] if metrics is None else []
    for t in range(steps if metrics is None else len(metrics)):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[t])
        values.append(opt.param_groups[0]["lr"])
    return values[:steps] if metrics is None else values

out = {"torch": torch.__version__}
out["step"] = curve(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5), 60)
out["exponential"] = curve(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.95), 60)
W, D, MIN = 10, 60, 0.01
out["warmup_cosine"] = curve(lambda o: torch.optim.lr_scheduler.SequentialLR(o, [
    torch.optim.lr_scheduler.LinearLR(o, start_factor=1 / (W + 1), end_factor=1.0, total_iters=W),
    torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=D - W, eta_min=MIN)], milestones=[W]), D + 1)

def get_lr(it, learning_rate=0.1, warmup_iters=W, lr_decay_iters=D, min_lr=MIN):  # nanoGPT train.py
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    if it > lr_decay_iters:
        return min_lr
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (learning_rate - min_lr)

nano = [get_lr(t) for t in range(D + 1)]
worst = max(abs(a - b) for a, b in zip(nano, out["warmup_cosine"]))
assert worst < 1e-12, f"SequentialLR(LinearLR, CosineAnnealingLR) differs from nanoGPT's get_lr by {worst}"
out["one_cycle"] = curve(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=60), 60)
metrics = [1.0, 0.9, 0.8, 0.795, 0.79, 0.7, 0.71, 0.72, 0.7, 0.73, 0.69, 0.695, 0.7, 0.71, 0.72, 0.6,
           0.61, 0.62, 0.63, 0.64, 0.65, 0.66, 0.67, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
out["plateau_metrics"] = metrics
out["plateau"] = curve(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
    o, factor=0.5, patience=3, threshold=1e-2, cooldown=2, min_lr=0.002), None, metrics)

fans = {}
for shape in [[64, 32], [16, 8, 3, 3], [10, 4, 5]]:
    fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    fans["x".join(map(str, shape))] = [fan_in, fan_out]
out["fans"] = fans
out["relu_gain"] = nn.init.calculate_gain("relu")

model = nn.Sequential(OrderedDict(fc1=nn.Linear(784, 256), relu1=nn.ReLU(), fc2=nn.Linear(256, 128), relu2=nn.ReLU(),
                                  fc3=nn.Linear(128, 10)))
out["mlp_state_dict"] = [[k, list(v.shape)] for k, v in model.state_dict().items()]

path = os.path.join(os.path.dirname(__file__), "torch_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
