"""Arrows point down: a package never imports one above it in the data flow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mapper"

# package -> the mapper packages it must never import (directly, at any depth of its modules)
FORBIDDEN = {
    "records": {"rules", "zones", "events", "policy", "analysis", "layers", "maps", "dashboard",
                "cli", "corpus"},
    "rules": {"zones", "events", "policy", "analysis", "layers", "maps", "dashboard", "cli",
              "corpus"},
    "policy": {"zones", "analysis", "layers", "maps", "dashboard", "cli", "corpus"},
    "zones": {"analysis", "layers", "maps", "dashboard", "cli", "corpus"},
    "events": {"analysis", "layers", "maps", "dashboard", "cli", "corpus"},
    "analysis": {"layers", "maps", "dashboard", "cli", "corpus"},
    "layers": {"dashboard", "cli", "corpus"},
    "maps": {"dashboard", "cli", "corpus"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "mapper" else None


@pytest.mark.parametrize("package", sorted(p for p in FORBIDDEN if (PACKAGE / p).is_dir()))
def test_package_imports_only_downwards(package: str) -> None:
    folder = PACKAGE / package
    bad = []
    for path in sorted(folder.rglob("*.py")):
        for module in _imports(path):
            top = _top(module)
            if top in FORBIDDEN[package]:
                bad.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert not bad, "\n".join(bad)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    planted = tmp_path / "x.py"
    planted.write_text("from mapper.analysis.models import Analysis\n", encoding="utf-8")
    assert {_top(m) for m in _imports(planted)} == {"analysis"}
