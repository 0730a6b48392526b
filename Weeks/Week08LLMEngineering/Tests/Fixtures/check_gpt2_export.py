"""Opens folders written by GPT2Model.saveHuggingFace with transformers' GPT2LMHeadModel and compares
their logits with the committed reference of the same tiny models (gpt2_reference.json).

    GPT2_EXPORT_KEEP=/tmp/gpt2-export swift test --disable-swift-testing --filter GPT2OnWeek7Tests
    .cache/refenv/bin/python3 Weeks/Week08LLMEngineering/Tests/Fixtures/check_gpt2_export.py /tmp/gpt2-export

Measured 2026-12-03 (torch 2.15.0, transformers 5.24.0): max |Δ| 1.49e-7 (tied), 2.09e-7 (untied).
"""
import json, os, sys
import torch
from transformers import GPT2LMHeadModel

root = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
ref = json.load(open(os.path.join(here, "gpt2_reference.json")))
ok = True
for name, key in [("gpt2-tiny", "tied_logits"), ("gpt2-tiny-untied", "untied_logits")]:
    model = GPT2LMHeadModel.from_pretrained(os.path.join(root, name)).eval()
    with torch.no_grad():
        logits = model(torch.tensor([ref["ids"]])).logits[0]
    diff = (logits - torch.tensor(ref[key])).abs().max().item()
    print(f"{name}: max |Δ| = {diff:.3g}", "OK" if diff <= 1e-4 else "NOT OK")
    ok = ok and diff <= 1e-4
sys.exit(0 if ok else 1)
