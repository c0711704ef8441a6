#!/usr/bin/env bash
# Installs the Debian 12 packages jobmatch needs to build, test and run.
# Usage: scripts/install_deps.sh [--bench]
#   --bench  also installs the benchmark-only comparison tools (numpy with
#            OpenBLAS, FAISS, LEMON for bench/compare_lemon). They are never
#            linked into the library.
# Runs apt-get as root, or through sudo when not root. Installs only what is
# missing, so a second run is quick.
set -euo pipefail

pkgs=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libabsl-dev
  libboost-graph-dev libboost-serialization-dev
  libbenchmark-dev libgtest-dev libgmock-dev
  nlohmann-json3-dev libcsv-dev libcli11-dev
  libxxhash-dev
  libicu-dev
  python3 python3-dev python3-numpy python3-pandas python3-pytest
  python3-scipy python3-pybind11 pybind11-dev
  python3-networkx python3-tqdm python3-mypy python3-pip python3-setuptools python3-wheel
  python3-nbclient python3-nbformat python3-ipykernel python3-matplotlib
  # jobmatch.distributed and its tests: Dask.
  python3-dask python3-distributed
  # Sanitizer and fuzz stages of scripts/test.sh: GCC's ASan/UBSan/TSan
  # runtimes (also pulled in by g++), clang with libFuzzer and its
  # sanitizer runtimes (libclang-rt-14-dev is only a recommendation of
  # clang), llvm-symbolizer for readable stack traces.
  libasan8 libubsan1 libtsan2 clang libclang-rt-14-dev llvm
  # The format stage: clang-format 14 (the version the tree is formatted with).
  clang-format
  # Page tests of the outreach lists (tests/cli/cli_outreach_test.sh): a
  # headless browser.
  chromium
)
if [[ "${1:-}" == "--bench" ]]; then
  pkgs+=(python3-faiss libopenblas0-pthread python3-threadpoolctl liblemon-dev)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "install_deps: all ${#pkgs[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install_deps: need root or sudo to install: ${missing[*]}" >&2
    echo "install_deps: run 'scripts/install_deps.sh' as root (or install sudo), then re-run" >&2
    exit 1
  fi
fi
echo "install_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install_deps: done"
