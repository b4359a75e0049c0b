"""Copies the bundled standards tree into the wheel.

The `standards/` tree lives at the top of the repository, where policy staff
edit it; an installed `standards` command must still find it from any
directory, so the build puts a copy inside the package.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithStandards(build_py):
    def run(self):
        super().run()
        src = Path(__file__).parent / "standards"
        dest = Path(self.build_lib) / "standards_engine" / "bundled" / "standards"
        if src.is_dir():
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(src, dest)


setup(cmdclass={"build_py": BuildWithStandards})
