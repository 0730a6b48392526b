"""Makes the small binary fixtures SharedTests reads (run once; the outputs are committed):
    cd Shared/Tests/SharedTests/Fixtures && python3 make_fixtures.py
numpy writes the .npy files, Python's gzip/zlib write the compressed ones, and the safetensors
file is assembled by hand from the format's definition (8-byte length, JSON header, raw data).
Expected values for the tests are printed here and pasted next to the assertions."""
import gzip, json, struct, zlib
import numpy as np

text = ("The quick brown fox jumps over the lazy dog. " * 40 + "0123456789" * 30).encode()
for level in (0, 1, 9):
    with open(f"text-level{level}.gz", "wb") as f:
        f.write(gzip.compress(text, compresslevel=level, mtime=0))
with open("short-fixed.gz", "wb") as f:  # a short input: zlib picks the fixed Huffman code
    f.write(gzip.compress(b"abcabcabcabc hello hello", compresslevel=9, mtime=0))
with open("text.zlib", "wb") as f:
    f.write(zlib.compress(text, 9))
print("text length", len(text), "crc32", hex(zlib.crc32(text)))

a = np.arange(12, dtype=np.float32).reshape(3, 4) / 4 - 1
np.save("f4.npy", a)
np.save("f8-fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5))
np.save("i8.npy", np.array([-3, 0, 7, 2**40], dtype=np.int64))
np.save("u1.npy", np.array([[0, 255], [128, 1]], dtype=np.uint8))
np.save("f8-big-endian.npy", np.array([1.25, -2.5, 1e300], dtype=">f8"))
np.save("f2.npy", np.array([0.5, -1.0, 65504.0, 6e-8], dtype=np.float16))
np.save("scalar-1d.npy", np.array([42.0], dtype=np.float32))

def safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata: header["__metadata__"] = metadata
    for name, (dtype, arr) in tensors.items():
        raw = arr.tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw); offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))

bf16 = (np.array([1.5, -3.0, 0.15625], dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)
safetensors("mixed.safetensors", {
    "weight": ("F32", np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5),
    "half": ("F16", np.array([0.5, -2.0, 1024.0], dtype=np.float16)),
    "brain": ("BF16", bf16),
    "ids": ("I64", np.array([5, -1, 30000], dtype=np.int64)),
}, metadata={"format": "pt"})
