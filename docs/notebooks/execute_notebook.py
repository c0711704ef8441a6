#!/usr/bin/env python3
"""Executes an example notebook headless, with the jobmatch module of a build tree.

Used by tests/python/test_notebook.py and to refresh the outputs stored in the
repository (so the notebook renders on GitHub). From the repository root, after
building with -DJOBMATCH_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3:

    /usr/bin/python3 docs/notebooks/execute_notebook.py --python-dir build/python --inplace

The kernel is the interpreter running this script (Debian's /usr/bin/python3
on Debian), started from a kernel spec written to a temporary directory, so a
user's own Jupyter kernels cannot replace it. The module is found through
PYTHONPATH=<python-dir> in the kernel's environment. Needs Debian's
python3-nbclient, python3-nbformat and python3-ipykernel.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
DEFAULT_NOTEBOOK = HERE / "jobmatch_tour.ipynb"
KERNEL_NAME = "jobmatch-python3"
# What the stored notebook names as its kernel: the standard ipykernel spec.
STORED_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                     "language": "python"}


def _write_kernel_spec(directory: Path, python_dir: Path) -> None:
    spec_dir = directory / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    path = os.pathsep.join(p for p in [str(python_dir), os.environ.get("PYTHONPATH", "")] if p)
    spec = {
        # frozen_modules=off: quiets the debugger warning of Python 3.11 (ignored before).
        "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher",
                 "-f", "{connection_file}"],
        "display_name": f"Python 3 ({sys.executable})",
        "language": "python",
        # IPython's history and profile go to the temporary directory, not the user's home.
        "env": {"PYTHONPATH": path, "IPYTHONDIR": str(directory / "ipython")},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")


def _terminal_text(text: str) -> str:
    """What a terminal shows of `text`: each line keeps what follows its last carriage return."""
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))


def coalesce_streams(nb: nbformat.NotebookNode) -> None:
    """Merges consecutive stdout/stderr outputs of a cell and resolves carriage returns.

    A tqdm bar writes one output per refresh ("\\r 33%|...", "\\r 67%|..."); a notebook
    front end shows only the final state, and that is all the stored notebook keeps.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged: list = []
        for out in cell.outputs:
            if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                    and merged[-1].name == out.name):
                merged[-1].text += out.text
            else:
                merged.append(out)
        for out in merged:
            if out.output_type == "stream":
                out.text = _terminal_text(out.text)
        cell.outputs = merged


def execute(notebook: Path, python_dir: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Runs every cell of `notebook` in a fresh kernel; returns the executed notebook.

    Raises nbclient.exceptions.CellExecutionError on the first cell that fails.
    """
    python_dir = Path(python_dir).resolve()
    if not (python_dir / "jobmatch" / "__init__.py").is_file():
        raise FileNotFoundError(f"{python_dir}: no jobmatch package here (build with "
                                "-DJOBMATCH_BUILD_PYTHON=ON; the package is in <build>/python)")
    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="jobmatch-kernel-") as tmp:
        _write_kernel_spec(Path(tmp), python_dir)
        km = AsyncKernelManager(kernel_name=KERNEL_NAME,
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[tmp]),
                                connection_file=str(Path(tmp) / "connection.json"))
        client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False,
                                resources={"metadata": {"path": str(notebook.parent)}})
        client.execute()
    coalesce_streams(nb)
    nb.metadata["kernelspec"] = dict(STORED_KERNELSPEC)
    return nb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=DEFAULT_NOTEBOOK)
    parser.add_argument("--python-dir", type=Path, required=True,
                        help="directory holding the built jobmatch package (<build>/python)")
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument("--inplace", action="store_true", help="write the outputs into the notebook")
    out.add_argument("--out", type=Path, help="write the executed notebook here")
    args = parser.parse_args()
    nb = execute(args.notebook, args.python_dir)
    nbformat.write(nb, args.notebook if args.inplace else args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
