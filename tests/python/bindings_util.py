"""Shared helpers of the binding tests (not a test module)."""
import os
import subprocess

import numpy as np
import pandas as pd

CLI = os.environ.get("JOBMATCH_CLI", "")


def cli(*args, check=True):
    """Runs the built `jobmatch` CLI; returns the CompletedProcess."""
    if not CLI:
        # No silent skip: without the CLI the equality tests would test nothing.
        raise RuntimeError("set JOBMATCH_CLI to the built jobmatch binary (ctest does)")
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=check)


def read_result_csv(path):
    """A CLI result CSV with ids as strings and exact float parsing."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def as_float32(col):
    """CSV text column -> float32 (empty -> NaN), exact for shortest round-trip text."""
    return np.array([float(x) if x != "" else np.nan for x in col], dtype=np.float64).astype(np.float32)
