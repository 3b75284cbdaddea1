"""No place, weapon or date is written into the code: they live in geodata/ and the lexicons.

String constants in mapper/ (docstrings and comments aside, which explain with examples) are
checked against every catalogued weapon name and alias, the places the seed articles name,
the curated place table, the officials table and ISO dates.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"
DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")


def forbidden_words() -> set[str]:
    words: set[str] = set()
    with (GEODATA / "weapons.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words |= {row["name"], *row["aliases"].split("|")}
    with (GEODATA / "curated_places.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words.add(row["name"])
    with (GEODATA / "lexicon" / "actors.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words.add(row["name"])
    for expected in (ROOT / "seeds").glob("*.expected.json"):
        data = json.loads(expected.read_text(encoding="utf-8"))
        words |= {p["name"] for p in data["places"]}
    return {w.strip() for w in words if len(w.strip()) >= 3}


def string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings]


def test_code_names_no_place_weapon_or_date() -> None:
    words = forbidden_words()
    assert len(words) > 150  # the check has something to check
    patterns = [re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])", re.IGNORECASE) for w in words]
    offences = []
    for path in sorted((ROOT / "mapper").rglob("*.py")):
        for line, value in string_constants(path):
            if DATE.search(value):
                offences.append(f"{path.relative_to(ROOT)}:{line}: date {value!r}")
            for pattern in patterns:
                if pattern.search(value):
                    offences.append(f"{path.relative_to(ROOT)}:{line}: {value[:60]!r}")
                    break
    assert not offences, "\n".join(offences)


def test_the_check_catches_a_literal(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text('"""Doc about Kharkiv is fine."""\nTARGET = "Kharkiv"\nDAY = "2024-05-31"\n')
    values = [v for _, v in string_constants(sample)]
    assert values == ["Kharkiv", "2024-05-31"]
