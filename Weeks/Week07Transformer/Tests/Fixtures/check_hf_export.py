"""Opens a folder written by TransformerEncoder.saveHuggingFace with transformers' BertModel and
compares its last_hidden_state with the committed reference of the same tiny model.

    EXPORT_KEEP=/tmp/tiny-bert swift test --disable-swift-testing --filter HuggingFaceExportTests
    .cache/refenv/bin/python3 Weeks/Week07Transformer/Tests/Fixtures/check_hf_export.py /tmp/tiny-bert
"""
import json, os, sys
import torch
from transformers import BertModel

folder = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
ref = json.load(open(os.path.join(here, "tiny_bert_reference.json")))
model = BertModel.from_pretrained(folder, add_pooling_layer=False).eval()
with torch.no_grad():
    out = model(input_ids=torch.tensor(ref["input_ids"]), token_type_ids=torch.tensor(ref["token_type_ids"]),
                attention_mask=torch.tensor(ref["attention_mask"])).last_hidden_state
diff = (out.flatten() - torch.tensor(ref["last_hidden_state"])).abs().max().item()
print(f"max |Δ| = {diff:.3g}", "OK" if diff <= 1e-4 else "NOT OK")
sys.exit(0 if diff <= 1e-4 else 1)
