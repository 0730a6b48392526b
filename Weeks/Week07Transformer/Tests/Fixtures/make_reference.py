"""Reference outputs for Week07TransformerTests, from Hugging Face transformers and torch.

Run from the repository root (writes the files next to this script):
    /work/refenv/bin/python3 Weeks/Week07Transformer/Tests/Fixtures/make_reference.py
(any Python with torch, transformers and safetensors; produced with torch 2.15.0, transformers 5.23.0)

1. tiny_bert.safetensors + tiny_bert_config.json + tiny_bert_reference.json: a randomly initialised
   BertModel (vocab 99, hidden 32, 2 layers, 4 heads, intermediate 37, torch.manual_seed(0)), with
   its LayerNorm parameters and biases perturbed so that none is trivially 1 or 0, and its
   last_hidden_state (and the output of layer 0) for fixed ids with padding and token types.
2. prenorm_block.safetensors + prenorm_block_reference.json: one pre-norm, causal, tanh-GELU block
   (GPT-2 style) written out in plain torch ops with BERT's parameter names, and its output.
"""
import json
import os

import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from transformers import BertConfig, BertModel

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)

config = BertConfig(vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                    intermediate_size=37, max_position_embeddings=64, type_vocab_size=2,
                    hidden_act="gelu", layer_norm_eps=1e-12, initializer_range=0.2,
                    attn_implementation="eager")
model = BertModel(config).eval()
with torch.no_grad():
    for name, p in model.named_parameters():
        if "LayerNorm.weight" in name:
            p.copy_(1 + 0.2 * torch.randn_like(p))
        elif name.endswith("bias"):
            p.copy_(0.1 * torch.randn_like(p))

state = {k: v.contiguous() for k, v in model.state_dict().items()}
save_file(state, os.path.join(here, "tiny_bert.safetensors"))
config_dict = config.to_dict()
with open(os.path.join(here, "tiny_bert_config.json"), "w") as f:
    json.dump({k: config_dict[k] for k in ["vocab_size", "hidden_size", "num_hidden_layers",
               "num_attention_heads", "intermediate_size", "max_position_embeddings",
               "type_vocab_size", "layer_norm_eps", "hidden_act", "hidden_dropout_prob",
               "model_type"] if k in config_dict}, f, indent=1)

input_ids = torch.tensor([[2, 45, 17, 88, 5, 3, 0, 0],
                          [2, 9, 60, 61, 62, 7, 33, 3],
                          [2, 98, 3, 0, 0, 0, 0, 0]])
token_type_ids = torch.tensor([[0, 0, 0, 0, 1, 1, 0, 0],
                               [0, 0, 0, 1, 1, 1, 1, 1],
                               [0, 1, 1, 0, 0, 0, 0, 0]])
attention_mask = (input_ids != 0).long()
with torch.no_grad():
    out = model(input_ids=input_ids, token_type_ids=token_type_ids, attention_mask=attention_mask,
                output_hidden_states=True)
with open(os.path.join(here, "tiny_bert_reference.json"), "w") as f:
    json.dump({
        "input_ids": input_ids.tolist(),
        "token_type_ids": token_type_ids.tolist(),
        "attention_mask": attention_mask.tolist(),
        "last_hidden_state": [round(v, 7) for v in out.last_hidden_state.flatten().tolist()],
        "layer0_output": [round(v, 7) for v in out.hidden_states[1].flatten().tolist()],
        "shape": list(out.last_hidden_state.shape),
    }, f)

# 2. A pre-norm causal block in plain torch ops.
torch.manual_seed(1)
H, heads, inter, B, T = 16, 2, 24, 2, 5
d = H // heads
w = {}
for name, shape in [("attention.self.query", (H, H)), ("attention.self.key", (H, H)),
                    ("attention.self.value", (H, H)), ("attention.output.dense", (H, H)),
                    ("intermediate.dense", (inter, H)), ("output.dense", (H, inter))]:
    w[name + ".weight"] = 0.3 * torch.randn(shape)
    w[name + ".bias"] = 0.1 * torch.randn(shape[0])
for name in ["attention.output.LayerNorm", "output.LayerNorm"]:
    w[name + ".weight"] = 1 + 0.2 * torch.randn(H)
    w[name + ".bias"] = 0.1 * torch.randn(H)
x = torch.randn(B, T, H)


def lin(t, name):
    return t @ w[name + ".weight"].T + w[name + ".bias"]


def heads_of(t):
    return t.view(B, T, heads, d).transpose(1, 2)


h = F.layer_norm(x, (H,), w["attention.output.LayerNorm.weight"], w["attention.output.LayerNorm.bias"], 1e-5)
q, k, v = (heads_of(lin(h, "attention.self." + n)) for n in ["query", "key", "value"])
a = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, H)
x1 = x + lin(a, "attention.output.dense")
h2 = F.layer_norm(x1, (H,), w["output.LayerNorm.weight"], w["output.LayerNorm.bias"], 1e-5)
y = x1 + lin(F.gelu(lin(h2, "intermediate.dense"), approximate="tanh"), "output.dense")
save_file({k: v.contiguous() for k, v in w.items()}, os.path.join(here, "prenorm_block.safetensors"))
with open(os.path.join(here, "prenorm_block_reference.json"), "w") as f:
    json.dump({"hidden": H, "heads": heads, "intermediate": inter, "shape": [B, T, H],
               "input": [round(v, 7) for v in x.flatten().tolist()],
               "output": [round(v, 7) for v in y.flatten().tolist()]}, f)
print("wrote tiny_bert.* and prenorm_block.* in", here)
