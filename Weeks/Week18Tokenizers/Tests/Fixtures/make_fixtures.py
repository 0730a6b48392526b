# Produces the Hugging Face fixtures of Week18Tokenizers' HuggingFaceTests (tokenizers 0.23.3):
#   .build-w18/debug/Week18Tokenizers export --file Weeks/Week18Tokenizers/Tests/Fixtures/train.txt \
#       --vocab-size 600 --out Weeks/Week18Tokenizers/Tests/Fixtures/tokenizer.json
#   .cache/refenv/bin/python3 Weeks/Week18Tokenizers/Tests/Fixtures/make_fixtures.py
# hf-ids.json     ids HF gives hidden.txt with our exported tokenizer.json
# hf-bpe/         vocab.json + merges.txt of a ByteLevelBPETokenizer HF trained on train.txt (vocab 600),
#                 and hf-bpe/ids.json: HF's ids for hidden.txt under it
import json, os
from tokenizers import Tokenizer, ByteLevelBPETokenizer

F = os.path.dirname(os.path.abspath(__file__))
hidden = open(os.path.join(F, "hidden.txt"), encoding="utf-8").read()
ours = Tokenizer.from_file(os.path.join(F, "tokenizer.json"))
json.dump(ours.encode(hidden).ids, open(os.path.join(F, "hf-ids.json"), "w"))

hf = ByteLevelBPETokenizer(add_prefix_space=False)
hf.train([os.path.join(F, "train.txt")], vocab_size=600, min_frequency=2, show_progress=False)
hf.save_model(os.path.join(F, "hf-bpe"))
json.dump(hf.encode(hidden).ids, open(os.path.join(F, "hf-bpe", "ids.json"), "w"))
