"""The type stub of the compiled module matches the module, and every public
name of the package is documented.

Two independent checks of jobmatch/_jobmatch.pyi: mypy's stubtest (names,
kinds, properties), and a comparison of each function's parameter names and
defaults with the signature pybind11 writes on the first docstring line
(stubtest cannot see those: pybind11 functions have no __text_signature__).
"""
import ast
import inspect
import os
import re
import subprocess
import sys

import pytest

import jobmatch
import jobmatch._jobmatch as native

STUB = os.path.join(os.path.dirname(native.__file__), "_jobmatch.pyi")
# pybind11 classes use their own metaclass and a generic __init__; nothing
# else may differ.
ALLOWLIST = """\
jobmatch._jobmatch._AllocationPlan
jobmatch._jobmatch._AllocationPlan.__init__
jobmatch._jobmatch._Engine
jobmatch._jobmatch._Policy
jobmatch._jobmatch._View
jobmatch._jobmatch._Engine.__init__
jobmatch._jobmatch._Policy.__init__
jobmatch._jobmatch._View.__init__
"""


def test_mypy_stubtest(tmp_path):
    allow = tmp_path / "allowlist.txt"
    allow.write_text(ALLOWLIST)
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(native.__file__)),
               MYPY_CACHE_DIR=str(tmp_path / "cache"))
    run = subprocess.run([sys.executable, "-m", "mypy.stubtest", "jobmatch._jobmatch", "--allowlist", str(allow)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


def split_top_level(s):
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def runtime_params(obj):
    """[(name, has_default)] from pybind11's 'name(a: T, b: T = x) -> R' docstring line."""
    first = obj.__doc__.splitlines()[0]
    m = re.match(r"^\w+\((.*)\) -> .*$", first)
    assert m, first
    out = []
    for p in split_top_level(m.group(1)):
        name = p.split(":")[0].strip()
        out.append((name, "=" in p))
    return out


def stub_params(fn):
    """[(name, has_default)] of a stub function, with ('*', False) before its
    keyword-only parameters, as pybind11's signature line writes them."""
    a = fn.args
    names = [x.arg for x in a.posonlyargs + a.args]
    defaults = [False] * (len(names) - len(a.defaults)) + [True] * len(a.defaults)
    out = list(zip(names, defaults))
    if a.kwonlyargs:
        out.append(("*", False))
        out += [(x.arg, d is not None) for x, d in zip(a.kwonlyargs, a.kw_defaults)]
    return out


def stub_tree():
    with open(STUB, encoding="utf-8") as f:
        return ast.parse(f.read())


def test_every_function_and_method_matches_the_stub():
    tree = stub_tree()
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    checked = 0
    for name, obj in vars(native).items():
        if name.startswith("__"):
            continue
        if inspect.isbuiltin(obj):
            assert name in funcs, f"{name} missing from the stub"
            assert stub_params(funcs[name]) == runtime_params(obj), name
            checked += 1
        elif isinstance(obj, type):
            assert name in classes, f"class {name} missing from the stub"
            members = {n.name: n for n in classes[name].body if isinstance(n, ast.FunctionDef)}
            for attr, raw in vars(obj).items():
                if attr.startswith("__") and attr != "__eq__":
                    continue
                assert attr in members, f"{name}.{attr} missing from the stub"
                if isinstance(raw, property):
                    decos = [d.id for d in members[attr].decorator_list if isinstance(d, ast.Name)]
                    assert "property" in decos, f"{name}.{attr} should be a property in the stub"
                    continue
                fn = getattr(obj, attr)
                params = runtime_params(fn)
                if isinstance(raw, staticmethod):
                    decos = [d.id for d in members[attr].decorator_list if isinstance(d, ast.Name)]
                    assert "staticmethod" in decos, f"{name}.{attr}"
                assert stub_params(members[attr]) == params, f"{name}.{attr}"
                checked += 1
        elif not name.startswith("__"):
            ann = [n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)]
            assert name in ann, f"{name} missing from the stub"
    assert checked >= 15
    # And nothing in the stub that the module lacks.
    for name in list(funcs) + list(classes):
        assert hasattr(native, name), f"stub has {name}, the module does not"


def test_public_names_are_exported_and_documented():
    assert sorted(jobmatch.__all__) == sorted(set(jobmatch.__all__))
    for name in jobmatch.__all__:
        obj = getattr(jobmatch, name)
        if name == "kernel":
            assert obj in ("avx2", "generic")
            continue
        assert inspect.getdoc(obj), f"jobmatch.{name} has no docstring"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or attr in getattr(obj, "_fields", ()):
                    continue
                if callable(member) or isinstance(member, (property, classmethod, staticmethod)):
                    assert inspect.getdoc(getattr(obj, attr)), f"jobmatch.{name}.{attr} has no docstring"


def test_package_is_typed():
    pkg = os.path.dirname(jobmatch.__file__)
    assert os.path.exists(os.path.join(pkg, "py.typed"))
    assert os.path.exists(STUB)


def test_mypy_accepts_the_package(tmp_path):
    """The pure-Python layer type-checks against the stub (pandas/numpy without stubs are Any)."""
    pkg = os.path.dirname(jobmatch.__file__)
    run = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-error-summary",
                          "--cache-dir", str(tmp_path / "cache"), pkg],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
