"""Ship the project's data inside the package, so a plain `pip install .` or a wheel works.

`geodata/`, `seeds/`, `streamlit_app.py` and the dashboard's `.streamlit/config.toml` live at
the top of the checkout (where `make run`, the README commands and the tests use them). Building
a wheel copies them into `mapper/_bundle/`, which `mapper.paths` finds with importlib.resources.
Editable installs read the checkout itself, so nothing is copied for them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLE = ("geodata", "seeds", "streamlit_app.py", ".streamlit/config.toml")
# Never ship caches, build leftovers or editor files that may sit in a working copy.
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.sqlite", "*.tmp*", "*~",
                                "*.building-*")


class BuildWithBundle(build_py):
    """build_py that also copies the bundled files into mapper/_bundle/ of the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "mapper" / "_bundle"
        for name in BUNDLE:
            source = ROOT / name
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.rmtree(destination, ignore_errors=True)
                shutil.copytree(source, destination, ignore=IGNORE)
            else:
                shutil.copy2(source, destination)


setup(cmdclass={"build_py": BuildWithBundle})
