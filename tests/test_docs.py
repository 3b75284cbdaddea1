"""The repository documents itself: the README and docs/ describe every command and option,
and point at nothing a user's clone lacks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from mapper.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Team notes that live outside the repository.
OUTSIDE_NOTES = re.compile(r"\b(CONTRACT|DESIGN|DOMAIN)\.md\b|\.\./shared/docs")


def _commands(group: Any, prefix: str = "mapper") -> dict[str, Any]:
    """Every leaf command of the CLI by its full name ("mapper geodata build")."""
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            found.update(_commands(command, path))
        else:
            found[path] = command
    return found


COMMANDS = _commands(typer.main.get_group(app))


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_pointer_to_notes_outside_the_repository(doc: Path) -> None:
    hits = [line for line in doc.read_text(encoding="utf-8").splitlines()
            if OUTSIDE_NOTES.search(line)]
    assert not hits


def test_every_doc_the_readme_names_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:docs|geodata)/[\w./-]+\.md)`", readme))
    assert {"docs/cli.md", "docs/formats.md"} <= named
    assert [n for n in named if not (ROOT / n).is_file()] == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_reference_covers_every_command_and_option(command: str) -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"`{command}`" in reference or f"## `{command}" in reference
    missing = []
    for param in COMMANDS[command].params:
        names = [o for o in (*param.opts, *getattr(param, "secondary_opts", ()))
                 if o.startswith("--") and o != "--help"]
        if param.param_type_name == "option" and names and not any(
                re.search(re.escape(name) + r"(?![\w-])", reference) for name in names):
            missing.append("/".join(names))
    assert not missing
