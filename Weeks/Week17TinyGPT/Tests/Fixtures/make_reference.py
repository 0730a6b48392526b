# Writes tiny_gpt_reference.json: the logits transformers' GPT2LMHeadModel computes for a tiny
# seeded week-17 GPT that our export wrote. Run from the repository root:
#
#   TINYGPT_EXPORT_KEEP=/tmp/tiny-gpt-export swift test --disable-swift-testing --filter Week17TinyGPTTests.HuggingFaceTests
#   .cache/refenv/bin/python3 Weeks/Week17TinyGPT/Tests/Fixtures/make_reference.py /tmp/tiny-gpt-export
#
# (the Swift test exports before it reads this fixture, so the first command leaves the folder even
# when the fixture is missing or stale; .cache/refenv is /work/main/.cache/refenv: torch and
# transformers versions are written into the JSON). The model: seed 11, vocab 64, context 16,
# width 32, 2 layers, 4 heads, weights redrawn uniform ±0.3 (gains 1 ± 0.3) so logits are O(1).
#
# The Swift test rebuilds the same model from its seed and compares its logits with these, and the
# logits of the folder reloaded by week 8's GPT2Model.load, within 1e-4.
import json, sys
import torch
import transformers
from transformers import GPT2LMHeadModel

folder = sys.argv[1]
ids = [5, 17, 2, 40, 33, 8, 8, 61, 0, 12, 47, 3]
model = GPT2LMHeadModel.from_pretrained(folder).eval()
with torch.no_grad():
    logits = model(torch.tensor([ids])).logits[0]
out = {
    "torch": torch.__version__, "transformers": transformers.__version__,
    "seed": 11, "vocab": 64, "context": 16, "width": 32, "layers": 2, "heads": 4,
    "ids": ids, "logits": [[round(float(x), 7) for x in row] for row in logits],
}
path = __file__.rsplit("/", 1)[0] + "/tiny_gpt_reference.json"
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path, "max |logit|", float(logits.abs().max()))
