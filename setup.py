"""Builds the compiled module jobmatch._jobmatch with the project's CMake.

Metadata is in pyproject.toml; this file only teaches setuptools to run
CMake (target _jobmatch, JOBMATCH_BUILD_PYTHON=ON, Release) and to copy the
module into the wheel. Environment:
  CMAKE_ARGS                  extra CMake arguments (e.g. -DCMAKE_CXX_COMPILER=...)
  JOBMATCH_CMAKE_BUILD_DIR    CMake build directory (default: under the setuptools build dir)
  JOBMATCH_SETUP_BUILD_BASE   setuptools build directory (default: build-pip)
  JOBMATCH_SETUP_EGG_BASE     where the .egg-info directory goes (default: the source root)
  CMAKE_BUILD_PARALLEL_LEVEL  build jobs (default: all cores)
"""
import glob
import os
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build import build
from setuptools.command.build_ext import build_ext
from setuptools.command.egg_info import egg_info

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        target = self.get_ext_fullpath(ext.name)
        build_dir = os.environ.get("JOBMATCH_CMAKE_BUILD_DIR") or os.path.join(os.path.abspath(self.build_temp),
                                                                               "cmake")
        args = [
            "-DCMAKE_BUILD_TYPE=Release",
            "-DJOBMATCH_BUILD_PYTHON=ON",
            "-DJOBMATCH_BUILD_TESTS=OFF",
            "-DJOBMATCH_BUILD_BENCHMARKS=OFF",
            "-DJOBMATCH_BUILD_CLI=OFF",
            "-DJOBMATCH_INSTALL=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
        ]
        try:
            import pybind11

            args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass  # a system pybind11 (Debian: pybind11-dev) is found by CMake itself
        if shutil.which("ninja"):
            args += ["-G", "Ninja"]
        if shutil.which("ccache"):
            args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        args += shlex.split(os.environ.get("CMAKE_ARGS", ""))
        subprocess.check_call(["cmake", "-S", ROOT, "-B", build_dir, *args])
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_jobmatch", "-j", jobs])
        built = glob.glob(os.path.join(build_dir, "python", "jobmatch", "_jobmatch*"))
        built = [b for b in built if not b.endswith(".pyi")]
        if len(built) != 1:
            raise RuntimeError(f"expected one compiled module in {build_dir}/python/jobmatch, found {built}")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


class Build(build):
    def initialize_options(self):
        super().initialize_options()
        self.build_base = os.environ.get("JOBMATCH_SETUP_BUILD_BASE", "build-pip")


class EggInfo(egg_info):
    def initialize_options(self):
        super().initialize_options()
        self.egg_base = os.environ.get("JOBMATCH_SETUP_EGG_BASE")


setup(ext_modules=[CMakeExtension("jobmatch._jobmatch")],
      cmdclass={"build_ext": CMakeBuild, "build": Build, "egg_info": EggInfo})
