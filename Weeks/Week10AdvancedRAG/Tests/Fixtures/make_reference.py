# Reference embeddings for MiniLMTests: sentence-transformers' all-MiniLM-L6-v2 (the same weights
# as Datasets/minilm) on a few chunk-like texts and questions, and their cosine matrix.
#   /work/refenv/bin/python3 Weeks/Week10AdvancedRAG/Tests/Fixtures/make_reference.py Datasets/minilm \
#       > Weeks/Week10AdvancedRAG/Tests/Fixtures/minilm_reference.json
import json, sys
from sentence_transformers import SentenceTransformer

chunks = [
    "json — JSON encoder and decoder > Basic Usage. If indent is a non-negative integer or string, then JSON array elements and object members will be pretty-printed with that indent level.",
    "subprocess — Subprocess management. If capture_output is true, stdout and stderr will be captured.",
    "Errors and Exceptions > Handling Exceptions. It is possible to write programs that handle selected exceptions with try and except clauses.",
    "venv — Creation of virtual environments. The venv module supports creating lightweight virtual environments, each with their own independent set of Python packages.",
]
questions = [
    "How can I make the output of my serialised data nicely indented?",
    "How do I catch an error so my program keeps running?",
]
model = SentenceTransformer(sys.argv[1], device="cpu")
c = model.encode(chunks, normalize_embeddings=True)
q = model.encode(questions, normalize_embeddings=True)
json.dump({"model": "all-MiniLM-L6-v2", "chunks": chunks, "questions": questions,
           "chunk_embeddings_first8": [[float(x) for x in row[:8]] for row in c],
           "cosine_question_chunk": [[float(x) for x in row] for row in (q @ c.T)]}, sys.stdout, indent=1)
