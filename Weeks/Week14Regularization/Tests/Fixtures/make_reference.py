# Reference values for Week14RegularizationTests, produced once by torch and committed:
#   .cache/refenv/bin/python3 Weeks/Week14Regularization/Tests/Fixtures/make_reference.py
# writes torch_reference.json next to this file. Fixed logits and labels (no RNG in torch):
# CrossEntropyLoss(label_smoothing=eps) and its gradient with respect to the logits.
import json, os, sys
import torch

logits = torch.tensor([[2.0, -1.0, 0.5, 0.0, 1.5],
                       [-0.3, 0.8, 3.1, -2.2, 0.1],
                       [0.0, 0.0, 0.0, 0.0, 0.0],
                       [10.0, -10.0, 4.0, 2.5, -1.0]], dtype=torch.float64)
labels = torch.tensor([0, 2, 4, 1])
cases = []
for eps in [0.0, 0.1, 0.3]:
    z = logits.clone().requires_grad_(True)
    loss = torch.nn.CrossEntropyLoss(label_smoothing=eps)(z, labels)
    loss.backward()
    cases.append({"smoothing": eps, "loss": loss.item(), "grad": z.grad.flatten().tolist()})
out = {"torch": torch.__version__, "logits": logits.flatten().tolist(), "shape": list(logits.shape),
       "labels": labels.tolist(), "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path, "torch", torch.__version__, file=sys.stderr)
