"""`pip install .` works: build a wheel from the source tree with Debian's
pip and setuptools (offline, no build isolation), install it into a
temporary directory and import it from there in a fresh interpreter.

Slow (a full CMake build of the library and module, ~3-6 minutes on two
cores without a warm ccache), so CTest runs it as its own test,
`python_package_test`. The wheel is built without optimisation
(CMAKE_ARGS=-DCMAKE_BUILD_TYPE=None, the same setup.py path otherwise):
what this test checks is the packaging, and the Release build of the same
module is the release stage's own. Unoptimised, the wheel built in 199 s on
an idle 2-core machine; in Release the test had taken 339 s inside the
suite (2026-12-05), the longest of all, near CI's time budget.
"""
import glob
import os
import subprocess
import sys
import textwrap

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_wheel_builds_installs_and_imports(tmp_path):
    env = dict(os.environ,
               JOBMATCH_SETUP_BUILD_BASE=str(tmp_path / "build"),   # keep the source tree clean
               JOBMATCH_SETUP_EGG_BASE=str(tmp_path),
               CMAKE_BUILD_PARALLEL_LEVEL=os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2"),
               CMAKE_ARGS=(os.environ.get("CMAKE_ARGS", "") + " -DCMAKE_BUILD_TYPE=None").strip(),
               PIP_NO_INDEX="1")                                      # offline: nothing from PyPI
    env.pop("PYTHONPATH", None)
    env.pop("JOBMATCH_PYTHON_DIR", None)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-cache-dir",
                    "-w", str(tmp_path / "dist"), SOURCE], check=True, env=env, capture_output=True)
    wheels = glob.glob(str(tmp_path / "dist" / "jobmatch-*.whl"))
    assert len(wheels) == 1, wheels
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-cache-dir", "--target", str(site),
                    wheels[0]], check=True, env=env, capture_output=True)
    for f in ("__init__.py", "py.typed", "_jobmatch.pyi"):
        assert (site / "jobmatch" / f).exists(), f
    script = textwrap.dedent("""
        import jobmatch, numpy as np
        city = jobmatch.generate_city(seekers=200, vacancies=40, seed=5)
        e = city.engine()
        r = e.recommend(k=3)
        a = e.allocate()
        i, s = jobmatch.topk(np.arange(12, dtype=np.float32).reshape(3, 4), 2)
        assert i.tolist() == [[3, 2]] * 3, i
        print(jobmatch.__file__, len(r), a.placed)
    """)
    run = subprocess.run([sys.executable, "-c", script], check=True, env=dict(env, PYTHONPATH=str(site)),
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.stdout.startswith(str(site / "jobmatch" / "__init__.py")), run.stdout
