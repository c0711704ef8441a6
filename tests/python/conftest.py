"""pytest configuration for tests/python.

The binding tests (test_bindings_*.py) need the compiled module: CTest runs
them (test `python_bindings_tests`, registered by python_bindings/CMakeLists.txt
when JOBMATCH_BUILD_PYTHON is on) with JOBMATCH_PYTHON_DIR pointing at
<build>/python and JOBMATCH_CLI at the built CLI. Runs without those
variables (the scipy oracle test `python_oracle_tests`) do not collect them,
nor the notebook test (CTest `python_notebook_test` runs it).
"""
import os
import sys

_PYDIR = os.environ.get("JOBMATCH_PYTHON_DIR", "")
if _PYDIR:
    sys.path.insert(0, _PYDIR)
    collect_ignore_glob = []
else:
    collect_ignore_glob = ["test_bindings*.py", "test_notebook.py"]
