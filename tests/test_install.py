"""A plain (non-editable) install works from any folder: data files ship inside the package.

The wheel is built from a copy of the checkout without build isolation (so no download), and
installed into a fresh virtual environment whose dependencies come from the running one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_WHEEL_MB = 15
# What a user's working copy may hold besides the sources; none of it belongs in a build.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info",
                                     "__pycache__", ".pytest_cache", ".ruff_cache", "*.sqlite")
ARTICLE = """---
id: install-check
title: Install check
date: 2024-06-01
---
KYIV, June 1 - Officials in Kyiv said on Saturday that shelling near Kharkiv had eased.
"""


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MAPPER_GEODATA_DIR"}}
    return {**env, "NO_COLOR": "1"}


def _run(args: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=_clean_env(), capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools", minversion="77", reason="building needs setuptools>=77")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "conflict-mapper"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    result = _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                   "--no-build-isolation", "--no-index", "-w", str(work / "dist"), str(source)],
                  cwd=work)
    assert result.returncode == 0, result.stderr
    (built,) = (work / "dist").glob("conflict_mapper-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the wheel installed; dependencies are borrowed from this interpreter."""
    home = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True)
    python = home / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   cwd=home).stdout.strip()
    # A plain path line: the running environment's packages, but none of its .pth hooks (so an
    # editable install of this checkout there cannot shadow the wheel).
    Path(purelib, "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    result = _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                   str(wheel)], cwd=home)
    assert result.returncode == 0, result.stderr
    return home


def test_wheel_ships_the_data_and_no_caches(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("mapper/_bundle/streamlit_app.py", "mapper/_bundle/geodata/boundaries.parquet",
                   "mapper/_bundle/geodata/lexicon/rules.yaml",
                   "mapper/_bundle/seeds/01-us-kharkiv-permission.md",
                   "mapper/_bundle/.streamlit/config.toml"):
        assert needed in names
    assert not [n for n in names if n.endswith((".sqlite", ".pyc")) or "__pycache__" in n]
    assert wheel.stat().st_size < MAX_WHEEL_MB * 1e6


def test_installed_mapper_analyzes_from_an_unrelated_folder(venv: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    (elsewhere / "article.md").write_text(ARTICLE, encoding="utf-8")
    probe = "import mapper, mapper.paths as p; print(mapper.__file__); print(p.geodata_dir())"
    where = _run([str(venv / "bin" / "python"), "-c", probe], cwd=elsewhere)
    module, geodata = where.stdout.split()
    assert Path(module).is_relative_to(venv) and Path(geodata).is_relative_to(venv), where.stdout
    result = _run([str(venv / "bin" / "mapper"), "analyze", "article.md", "--quiet",
                   "--geojson", "out.geojson"], cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert '"layer":"place"' in (elsewhere / "out.geojson").read_text(encoding="utf-8")


def test_installed_app_command_finds_the_dashboard(venv: Path, tmp_path: Path) -> None:
    result = _run([str(venv / "bin" / "mapper"), "app", "--help"], cwd=tmp_path)
    assert result.returncode == 0 and "dashboard" in result.stdout.lower(), result.stderr
    script = _run([str(venv / "bin" / "python"), "-c",
                   "from mapper.paths import dashboard_script as d; print(d(), d().is_file())"],
                  cwd=tmp_path)
    path, exists = script.stdout.split()
    assert exists == "True" and Path(path).is_relative_to(venv)
