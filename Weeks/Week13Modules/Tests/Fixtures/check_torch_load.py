# Loads the default run's final model into the same-architecture torch module and compares logits.
# After `swift run Week13Modules` (which writes Output/Week13Modules/final/model.safetensors and
# Output/Week13Modules/probe.safetensors: 16 test images and our logits for them), from the root:
#
#   .cache/refenv/bin/python3 Weeks/Week13Modules/Tests/Fixtures/check_torch_load.py
#
# load_state_dict(strict=True) fails on any missing, extra or misnamed tensor, so success means the
# names are torch's; the printed max |Δ| compares torch's forward with ours on the probe batch.
import sys
from collections import OrderedDict
import torch
import torch.nn as nn
from safetensors.torch import load_file

folder = sys.argv[1] if len(sys.argv) > 1 else "Output/Week13Modules"
state = load_file(f"{folder}/final/model.safetensors")
model = nn.Sequential(OrderedDict(fc1=nn.Linear(784, 256), relu1=nn.ReLU(), fc2=nn.Linear(256, 128), relu2=nn.ReLU(),
                                  fc3=nn.Linear(128, 10)))
model.load_state_dict(state, strict=True)
probe = load_file(f"{folder}/probe.safetensors")
with torch.no_grad():
    logits = model(probe["x"])
delta = (logits - probe["logits"]).abs().max().item()
print(f"torch {torch.__version__}: load_state_dict(strict=True) OK, {len(state)} tensors; "
      f"max |Δ logits| on {probe['x'].shape[0]} test images = {delta:.3g}")
sys.exit(0 if delta < 1e-4 else 1)
