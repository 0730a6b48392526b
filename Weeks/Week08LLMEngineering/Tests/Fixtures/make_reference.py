# Reference values for Week08LLMEngineering's tests, produced ONCE and committed:
#
#   HF_HUB_OFFLINE=1 /work/refenv/bin/python3 Weeks/Week08LLMEngineering/Tests/Fixtures/make_reference.py
#
# (torch 2.15.0, transformers 5.23.0, sentence-transformers 6.2.0, CPU). It writes, next to itself:
#   minilm_reference.json   for each fixed text: sentence-transformers' input_ids (the fast BERT
#                           tokenizer loaded from Datasets/minilm, max_seq_length 256) and its
#                           384-float normalised embedding
#   gpt2-tiny/              a randomly initialised GPT2LMHeadModel (torch.manual_seed(0); n_embd 64,
#                           n_layer 2, n_head 4, vocab 1000, n_positions 64) saved with
#                           save_pretrained(safe_serialization=True): "transformer." names, no lm_head
#                           (tied to wte)
#   gpt2-tiny-untied/       the same architecture with tie_word_embeddings=False (explicit lm_head.weight)
#   gpt2-tiny-noprefix/     gpt2-tiny's tensors with the "transformer." prefix removed (as GPT2Model saves)
#   gpt2_reference.json     logits of each model for GPT2_IDS, and greedy generate() continuations
import json
import os
import pathlib

import torch
from safetensors.torch import save_file
from sentence_transformers import SentenceTransformer
from transformers import GPT2Config, GPT2LMHeadModel

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[3]
torch.set_num_threads(2)

LONG_129 = " ".join(f"word{i}" for i in range(70))  # > 128 word pieces, < 256
LONG_300 = ("The quick brown fox jumps over the lazy dog while the interpreter evaluates "
            "each expression in the comprehension. ") * 16  # > 256 tokens: truncated
TEXTS = [
    "Hello, world!",
    "The Python interpreter reads source code and executes it.",
    "Café au lait, naïve résumé, Ångström, façade — über-cool",
    "東京は日本の首都です。北京是中国的首都。",
    "Emoji: 🐍🔥 👩‍💻 🇫🇷 ❤️ done",
    "tabs\tand\nnewlines\r\nand  multiple   spaces",
    "Punctuation!?... (brackets) [square] {curly} <angle> \"quotes\" 'single' `back` ~tilde^ |pipe| \\back/slash",
    "Unicode punctuation: «guillemets» ¿qué? ¡sí! “curly” ‘quotes’ … • § ¶ †",
    "def f(x): return x**2 + 3*x - 1  # comment; a_b = {'k': [1, 2.5e-3]}",
    "Control\u0000chars\u0007and\ufffdreplacement\u200bzero-width\u00adsoft\u2028line",
    "ΕΛΛΗΝΙΚΆ κείμενο, Русский текст, العربية, हिन्दी",
    "a" * 120 + " short",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ and ①②③ and ﬁ ligature",
    LONG_129,
    LONG_300,
    "",
]

def minilm():
    model = SentenceTransformer(str(ROOT / "Datasets" / "minilm"), device="cpu")
    assert model.max_seq_length == 256, model.max_seq_length
    items = []
    embeddings = model.encode(TEXTS, batch_size=32, convert_to_numpy=True, normalize_embeddings=False)
    for text, embedding in zip(TEXTS, embeddings):
        ids = model.tokenize([text])["input_ids"][0].tolist()
        items.append({"text": text, "input_ids": ids,
                      "embedding": [float(f"{v:.9g}") for v in embedding.tolist()]})
    (HERE / "minilm_reference.json").write_text(json.dumps({"max_seq_length": 256, "items": items},
                                                           ensure_ascii=False, indent=0) + "\n")

GPT2_IDS = [0, 17, 999, 500, 3, 42, 7, 256, 64, 901]
PROMPT = [5, 77, 300]

def gpt2_logits(model, ids):
    with torch.no_grad():
        out = model(torch.tensor([ids])).logits[0]
    return [[float(f"{v:.8g}") for v in row] for row in out.tolist()]

def gpt2_greedy(model, prompt, n):
    with torch.no_grad():
        out = model.generate(torch.tensor([prompt]), max_new_tokens=n, do_sample=False,
                             pad_token_id=0, attention_mask=torch.ones(1, len(prompt), dtype=torch.long))
    return out[0].tolist()[len(prompt):]

def gpt2():
    config = GPT2Config(vocab_size=1000, n_positions=64, n_embd=64, n_layer=2, n_head=4)
    torch.manual_seed(0)
    tied = GPT2LMHeadModel(config).eval()
    tied.save_pretrained(HERE / "gpt2-tiny", safe_serialization=True)

    untied_config = GPT2Config(vocab_size=1000, n_positions=64, n_embd=64, n_layer=2, n_head=4,
                               tie_word_embeddings=False)
    torch.manual_seed(1)
    untied = GPT2LMHeadModel(untied_config).eval()
    with torch.no_grad():
        untied.lm_head.weight.normal_(0, 0.02)  # make sure it really differs from wte
    untied.save_pretrained(HERE / "gpt2-tiny-untied", safe_serialization=True)

    noprefix = HERE / "gpt2-tiny-noprefix"
    noprefix.mkdir(exist_ok=True)
    state = {k.removeprefix("transformer."): v.contiguous() for k, v in tied.state_dict().items()
             if k != "lm_head.weight"}
    save_file(state, str(noprefix / "model.safetensors"), metadata={"format": "pt"})
    (noprefix / "config.json").write_text((HERE / "gpt2-tiny" / "config.json").read_text())
    for folder in ["gpt2-tiny", "gpt2-tiny-untied"]:
        extra = HERE / folder / "generation_config.json"
        if extra.exists():
            extra.unlink()

    reference = {
        "ids": GPT2_IDS,
        "tied_logits": gpt2_logits(tied, GPT2_IDS),
        "untied_logits": gpt2_logits(untied, GPT2_IDS),
        "prompt": PROMPT,
        "tied_greedy": gpt2_greedy(tied, PROMPT, 12),
        "untied_greedy": gpt2_greedy(untied, PROMPT, 12),
    }
    (HERE / "gpt2_reference.json").write_text(json.dumps(reference) + "\n")

if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    minilm()
    gpt2()
    print("wrote", HERE)
