"""Front matter: a safe loader with an alias budget, typed fields, one-line errors, and a batch
that skips a bad article with its reason."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from mapper.ingest import Article, ArticleError, IngestError, parse_article, read_articles

MAPPER = Path(sys.executable).with_name("mapper")


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs" in YAML: each level lists the one before nine times."""
    lines = ['l0: &l0 ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]")
    lines.append(f"title: *l{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\nShelling hit Kharkiv overnight.\n"


def test_an_alias_bomb_is_refused_quickly_in_bounded_memory() -> None:
    bomb = alias_bomb()
    assert len(bomb.encode()) < 1_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ArticleError, match="aliases") as caught:
            parse_article(bomb)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "\n" not in str(caught.value)
    assert elapsed < 5.0 and peak < 20 * 2**20, (elapsed, peak)


def test_a_few_aliases_are_still_fine() -> None:
    a = parse_article("---\nwho: &w Kyiv Independent\nsource: *w\ntitle: Night strikes\n---\n"
                      "Body.")
    assert a.source == "Kyiv Independent" and a.title == "Night strikes" and a.text == "Body."


@pytest.mark.parametrize(("front", "field", "reason"), [
    ("title: [a, b]", "title", "not a list"),
    ("title: {x: 1}", "title", "not a mapping"),
    ("id: [1, 2]", "id", "not a list"),
    ("source: {url: x}", "source", "not a mapping"),
    ("date: 2024-05-31T10:00:00", "date", "not a date and time"),
    ("date: [2024-05-31]", "date", "not a list"),
    ("date: yesterday", "date", "YYYY-MM-DD"),
    ("title: true", "title", "not a bool"),
])
def test_fields_of_the_wrong_kind_give_one_line_errors(front: str, field: str,
                                                       reason: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(f"---\n{front}\n---\nText.")
    message = str(caught.value)
    assert f"'{field}'" in message and reason in message and "\n" not in message, message


def test_good_fields_are_typed() -> None:
    a = parse_article("---\nid: 42\ntitle: Strikes near Sumy\ndate: 2024-06-01\n"
                      "source: wire\nextra: [kept, aside]\n---\nText.")
    assert a == Article(id="42", text="Text.", title="Strikes near Sumy",
                        date=dt.date(2024, 6, 1), source="wire")
    assert parse_article("---\ndate: '2024-06-02'\n---\nT").date == dt.date(2024, 6, 2)
    assert parse_article("---\nid:\n---\nT", default_id="fallback").id == "fallback"


def test_non_mapping_and_oversized_front_matter_are_refused() -> None:
    with pytest.raises(ArticleError, match="mapping"):
        parse_article("---\n- a\n- b\n---\nText.")
    with pytest.raises(ArticleError, match="longer than"):
        parse_article("---\ntitle: " + "x" * 20_000 + "\n---\nText.")


def test_a_batch_skips_the_bad_article_with_its_reason() -> None:
    bad = read_articles("bomb.md", alias_bomb().encode())
    assert len(bad) == 1 and isinstance(bad[0], IngestError) and "aliases" in bad[0].message
    lines = "\n".join([json.dumps({"id": "a", "text": "Kyiv.", "title": ["x"]}),
                       json.dumps({"id": {"k": 1}, "text": "Kyiv."}),
                       json.dumps({"id": "c", "text": "Kyiv.", "title": "Fine"})])
    items = read_articles("corpus.jsonl", lines.encode())
    assert [type(i).__name__ for i in items] == ["IngestError", "IngestError", "Article"]
    assert "'title'" in items[0].message and items[0].line == 1
    assert "'id'" in items[1].message and items[1].line == 2


def test_the_cli_skips_a_bad_article_and_maps_the_rest(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.md"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Night shelling\n---\nRussian forces shelled Kharkiv.\n",
                    encoding="utf-8")
    out = tmp_path / "out.json"
    done = subprocess.run([str(MAPPER), "analyze", str(bomb), str(good), "--json", str(out),
                           "--quiet"], capture_output=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr.decode()
    errors = [line for line in done.stderr.decode().splitlines() if "bomb.md" in line]
    assert len(errors) == 1 and "aliases" in errors[0]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["article"]["title"] for a in data["analyses"]] == ["Night shelling"]
    assert out.stat().st_size < 1_000_000
