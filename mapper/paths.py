"""Where the project's data files and the user's cache live (overridable by environment).

The data (geodata/, the sample articles in seeds/, the dashboard script) is found in one of two
places: inside the installed package (`mapper/_bundle/`, put there when a wheel is built, see
setup.py) or, in a checkout and in editable installs, at the top of the repository.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

GEODATA_ENV = "MAPPER_GEODATA_DIR"
CACHE_ENV = "MAPPER_CACHE_DIR"
BUNDLE_DIR = "_bundle"
DASHBOARD_SCRIPT = "streamlit_app.py"


def _bundle_root() -> Path | None:
    """mapper/_bundle of an installed wheel, or None in a checkout."""
    root = Path(str(resources.files("mapper") / BUNDLE_DIR))
    return root if root.is_dir() else None


def _checkout_root() -> Path | None:
    """The repository this package runs from (editable install or PYTHONPATH), if any."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() and (root / "geodata").is_dir() else None


def project_root() -> Path:
    """The folder holding geodata/, seeds/ and the dashboard script."""
    root = _bundle_root() or _checkout_root()
    if root is None:
        raise FileNotFoundError("conflict-mapper data files not found: neither the installed "
                                "package's mapper/_bundle nor a checkout beside it; reinstall "
                                "the package")
    return root


def geodata_dir() -> Path:
    """The committed geodata/ folder (catalogs, curated tables, boundaries)."""
    override = os.environ.get(GEODATA_ENV)
    if override:
        return Path(override)
    return project_root() / "geodata"


def seeds_dir() -> Path:
    """The sample articles the dashboard offers and the tests read."""
    return project_root() / "seeds"


def dashboard_script() -> Path:
    """The Streamlit script `mapper app` runs."""
    return project_root() / DASHBOARD_SCRIPT


def dashboard_config() -> Path:
    """The dashboard's Streamlit settings (`.streamlit/config.toml`)."""
    return project_root() / ".streamlit" / "config.toml"


def cache_dir() -> Path:
    """Per-user cache for derived data such as the SQLite gazetteer."""
    override = os.environ.get(CACHE_ENV)
    path = Path(override) if override else Path(platformdirs.user_cache_dir("conflict-mapper"))
    path.mkdir(parents=True, exist_ok=True)
    return path
